#include "stationlink.h"

#include "workspace/workspace.h"

#include <QPointer>

namespace cb {

StationLink::StationLink(Workspace &workspace, const QString &identity, QObject *parent)
    : QObject(parent), m_workspace(workspace), m_identity(identity), m_relay(new QObject, [](QObject *o) { o->deleteLater(); })
{
    connect(&m_workspace, &Workspace::deviceModelReport, this, [this](const QString &id, const QJsonObject &page) {
        if (id == m_identity)
            Q_EMIT reportPage(page);
    });
    connect(&m_workspace, &Workspace::stationChanged, this, [this](const StationSnapshot &s) {
        if (s.identity == m_identity)
            Q_EMIT stationChanged(s);
    });
}

StationLink::~StationLink() = default;

std::optional<StationSnapshot> StationLink::live() const { return m_workspace.liveStation(m_identity); }

std::optional<OcppVersion> StationLink::version() const
{
    const auto s = live();
    return s ? s->version : std::nullopt;
}

bool StationLink::isConnected() const
{
    const auto s = live();
    return s && s->connected;
}

void StationLink::call(const QString &action, const QJsonObject &payload, std::chrono::milliseconds timeout, CallDone done)
{
    std::shared_ptr<QObject> r = m_relay;
    QPointer<StationLink> self(this);
    m_workspace.callStation(m_identity, action, payload, timeout, [r, self, done = std::move(done)](const CallOutcome &o) {
        QMetaObject::invokeMethod(r.get(), [self, done, o] {
            if (self)
                done(o);
        }, Qt::QueuedConnection);
    });
}

void StationLink::reset(const QString &type, std::chrono::milliseconds timeout, ResetDone done)
{
    const auto v = version();
    const QString t = !type.isEmpty() ? type : (v && *v == OcppVersion::V16 ? QStringLiteral("Soft") : QStringLiteral("OnIdle"));
    call(QStringLiteral("Reset"), QJsonObject{{QStringLiteral("type"), t}}, timeout, [this, done = std::move(done)](const CallOutcome &o) {
        const QString status = o.payload.value(QLatin1String("status")).toString();
        if (!o.ok()) {
            done(false, tr("%1 did not take the Reset: %2").arg(m_identity, o.describe()));
            return;
        }
        if (status != QLatin1String("Accepted") && status != QLatin1String("Scheduled")) {
            done(false, tr("%1 answered %2 to Reset.").arg(m_identity, status));
            return;
        }
        done(true, QString());
    });
}

void StationLink::later(std::function<void()> f)
{
    QPointer<StationLink> self(this);
    QMetaObject::invokeMethod(m_relay.get(), [self, f = std::move(f)] {
        if (self)
            f();
    }, Qt::QueuedConnection);
}

} // namespace cb
