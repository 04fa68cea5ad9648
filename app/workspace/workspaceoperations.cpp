// The workspace's side of the operation table: runs operations on the server thread and brings
// their results to the caller's thread.
#include "servercore.h"
#include "station/stationregistry.h"
#include "workspace.h"

#include <QPointer>

#include <future>

namespace cb {

void Workspace::runOperation(const QString &identity, const QString &name, const QJsonObject &args, QObject *context,
                             OperationCallback done, std::chrono::milliseconds timeout)
{
    // Delivered through the context object: queued to its thread, and dropped by Qt when it is gone.
    auto deliver = [guard = QPointer<QObject>(context), hasContext = context != nullptr, done](const OperationResult &r) {
        if (!done)
            return;
        if (!hasContext) {
            done(r);
            return;
        }
        if (QObject *c = guard.data())
            QMetaObject::invokeMethod(c, [done, r] { done(r); }, Qt::QueuedConnection);
    };
    ServerCore *core = m_core;
    if (!core) {
        deliver(OperationResult::refused(OperationResult::Kind::NotConnected, name, identity,
                                         tr("The server is not running; start it before sending %1.").arg(name)));
        return;
    }
    std::optional<std::chrono::milliseconds> t;
    if (timeout.count() > 0)
        t = timeout;
    QMetaObject::invokeMethod(core, [core, identity, name, args, t, deliver] {
        StationSession *s = core->registry().session(identity);
        if (!s) {
            deliver(OperationResult::refused(OperationResult::Kind::NotConnected, name, identity,
                                             tr("Station %1 has not connected since the server started.").arg(identity)));
            return;
        }
        s->runOperation(name, args, deliver, t);
    }, Qt::QueuedConnection);
}

OperationResult Workspace::runOperationAndWait(const QString &identity, const QString &name, const QJsonObject &args,
                                               std::chrono::milliseconds timeout)
{
    auto promise = std::make_shared<std::promise<OperationResult>>();
    auto future = promise->get_future();
    runOperation(identity, name, args, nullptr, [promise](const OperationResult &r) { promise->set_value(r); }, timeout);
    // The endpoint times every call out; the margin covers calls queued behind others.
    std::chrono::milliseconds limit = timeout.count() > 0 ? timeout : m_config.server.responseTimeout;
    if (limit.count() <= 0)
        limit = std::chrono::milliseconds(30000);
    if (future.wait_for(limit * 4 + std::chrono::seconds(10)) != std::future_status::ready) {
        auto r = OperationResult::refused(OperationResult::Kind::Timeout, name, identity,
                                          tr("The server did not finish %1 in time.").arg(name));
        return r;
    }
    return future.get();
}

} // namespace cb
