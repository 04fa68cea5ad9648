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

void StationLink::run(const QString &operation, const QJsonObject &args, std::chrono::milliseconds timeout, CallDone done)
{
    m_workspace.runOperation(m_identity, operation, args, this, [done = std::move(done)](const OperationResult &r) {
        if (r.sent()) {
            done(r.outcome);
            return;
        }
        CallOutcome refused;
        refused.status = CallOutcome::Status::InvalidRequest;
        refused.action = r.action;
        refused.errorDescription = r.text;
        done(refused);
    }, timeout);
}

void StationLink::reset(const QString &type, std::chrono::milliseconds timeout, ResetDone done)
{
    // The reset operation of the station's provisioning block; wire names are accepted too
    // (DeviceModelService::reset takes them), as its version-neutral values.
    QString kind = type.toLower();
    if (kind == QLatin1String("hard"))
        kind = QStringLiteral("immediate");
    else if (kind == QLatin1String("soft") || kind == QLatin1String("onidle"))
        kind = QStringLiteral("on-idle");
    else if (kind == QLatin1String("immediateandresume"))
        kind = QStringLiteral("immediate-and-resume");
    QJsonObject args;
    if (!kind.isEmpty())
        args.insert(QStringLiteral("type"), kind);
    m_workspace.runOperation(m_identity, QStringLiteral("reset"), args, this, [this, done = std::move(done)](const OperationResult &r) {
        if (r.accepted())
            done(true, QString());
        else if (r.kind == OperationResult::Kind::Rejected)
            done(false, tr("%1 answered %2 to Reset.").arg(m_identity, r.status));
        else
            done(false, tr("%1 did not take the Reset: %2").arg(m_identity, r.text));
    }, timeout);
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
