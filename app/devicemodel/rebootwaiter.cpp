#include "rebootwaiter.h"

#include "devicemodelcontext.h"

#include <QTimer>

namespace cb {

using namespace dm;

RebootWaiter::RebootWaiter(DeviceModelContext &context) : d(context) {}

QList<WriteItem> RebootWaiter::remember(const Results &results)
{
    QList<WriteItem> items;
    for (const WriteResult &r : results)
        if (r.verify == VerifyState::AwaitingReboot) {
            items.append(r.item);
            m_awaiting.append(r);
        }
    return items;
}

void RebootWaiter::resetAndWait(const QString &type, ResetDone done)
{
    if (!d.link.isConnected() || !d.link.version()) {
        done(false, d.notConnected());
        return;
    }
    const QDateTime sent = QDateTime::currentDateTimeUtc();
    d.link.reset(type, d.callTimeout(), [this, done, sent](bool accepted, const QString &problem) {
        if (!accepted) {
            done(false, problem);
            return;
        }
        waitForBoot(sent, done);
    });
}

void RebootWaiter::waitForBoot(const QDateTime &after, ResetDone done)
{
    auto *watch = new QObject(&d.link);
    auto finished = std::make_shared<bool>(false);
    auto finish = [watch, finished, done](bool ok, const QString &message) {
        if (*finished)
            return;
        *finished = true;
        watch->deleteLater();
        done(ok, message);
    };
    QObject::connect(&d.link, &StationLink::stationChanged, watch, [after, finish](const StationSnapshot &s) {
        if (s.connected && s.boot.receivedAt.isValid() && s.boot.receivedAt >= after && s.registrationStatus == QLatin1String("Accepted"))
            finish(true, QString());
    });
    auto *timer = new QTimer(watch);
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, watch, [this, finish] {
        finish(false, tr("%1 did not boot again within %2 s of the Reset.").arg(d.identity()).arg(d.rebootTimeout().count() / 1000));
    });
    timer->start(d.rebootTimeout());
}

void RebootWaiter::resetAndRecheck(int op, const QString &type, std::function<void(bool, const QString &, const Results &)> done)
{
    resetAndWait(type, [this, op, done](bool ok, const QString &message) {
        if (!ok) {
            done(false, message, {});
            return;
        }
        auto results = std::make_shared<Results>(std::exchange(m_awaiting, {}));
        QList<qsizetype> all;
        for (qsizetype i = 0; i < results->size(); ++i) {
            (*results)[i].verify = VerifyState::NotChecked;
            all.append(i);
        }
        d.writer.verify(op, results, all, [results, done] { done(true, QString(), *results); });
    });
}

} // namespace cb
