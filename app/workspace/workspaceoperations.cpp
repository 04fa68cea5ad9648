// The workspace's side of the operation table: runs operations on the server thread and brings
// their results to the caller's thread.
#include "servercore.h"
#include "station/stationregistry.h"
#include "workspace.h"

#include <QPointer>

#include <future>

namespace cb {

namespace {

// Runs functions on the thread of `context`, only while it exists. The relay object lives on that
// thread and is shared by the pending deliveries, so posting never touches a context that another
// thread may be deleting; whether the context still exists is checked there, on its own thread.
// Each posted function holds the relay too: a deferred delete may be processed ahead of earlier
// posted events (QTest::qWaitFor and nested loops flush them first), so the relay must not be
// released before the last function queued to it has run.
std::function<void(std::function<void()>)> posterFor(QObject *context)
{
    auto relay = std::shared_ptr<QObject>(new QObject, [](QObject *o) { o->deleteLater(); });
    return [relay, guard = QPointer<QObject>(context)](std::function<void()> f) {
        QMetaObject::invokeMethod(relay.get(), [relay, guard, f = std::move(f)] {
            if (guard)
                f();
        }, Qt::QueuedConnection);
    };
}

} // namespace


void Workspace::runOperation(const QString &identity, const QString &name, const QJsonObject &args, QObject *context,
                             OperationCallback done, std::chrono::milliseconds timeout)
{
    // Delivered on the context's thread, or on the server thread without a context.
    std::function<void(std::function<void()>)> post;
    if (context)
        post = posterFor(context);
    auto deliver = [post, done](const OperationResult &r) {
        if (!done)
            return;
        if (post)
            post([done, r] { done(r); });
        else
            done(r);
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

void Workspace::callStation(const QString &identity, const QString &action, const QJsonObject &payload,
                            std::chrono::milliseconds timeout, QObject *context, std::function<void(const CallOutcome &)> done)
{
    callStation(identity, action, payload, timeout, [post = posterFor(context), done](const CallOutcome &o) { post([done, o] { done(o); }); });
}

OperationResult Workspace::runOperationAndWait(const QString &identity, const QString &name, const QJsonObject &args,
                                               std::chrono::milliseconds timeout, const std::function<bool()> &abandoned)
{
    auto promise = std::make_shared<std::promise<OperationResult>>();
    auto future = promise->get_future();
    runOperation(identity, name, args, nullptr, [promise](const OperationResult &r) { promise->set_value(r); }, timeout);
    // The endpoint times every call out; the margin covers calls queued behind others.
    std::chrono::milliseconds limit = timeout.count() > 0 ? timeout : m_config.server.responseTimeout;
    if (limit.count() <= 0)
        limit = std::chrono::milliseconds(30000);
    const auto until = std::chrono::steady_clock::now() + limit * 4 + std::chrono::seconds(10);
    bool ready = false;
    while (!ready && std::chrono::steady_clock::now() < until && !(abandoned && abandoned()))
        ready = future.wait_for(std::chrono::milliseconds(100)) == std::future_status::ready;
    if (!ready) {
        auto r = OperationResult::refused(OperationResult::Kind::Timeout, name, identity,
                                          tr("The server did not finish %1 in time.").arg(name));
        return r;
    }
    return future.get();
}

} // namespace cb
