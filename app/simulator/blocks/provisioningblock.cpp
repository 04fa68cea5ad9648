#include "provisioningblock.h"

#include "simulator/virtualstation.h"

#include <QJsonObject>

namespace cb::sim {

ProvisioningBlock::ProvisioningBlock(VirtualStation &station) : StationBlock(station)
{
    m_bootRetry.setSingleShot(true);
    connect(&m_bootRetry, &QTimer::timeout, this, [this] { sendBoot(this->station().bootReason()); });
    connect(&m_heartbeat, &QTimer::timeout, this, [this] { sendHeartbeat(VirtualStation::Delivery::Registered); });
}

void ProvisioningBlock::attach(RpcEndpoint &rpc)
{
    const bool v16 = rpc.version() == OcppVersion::V16;
    station().handle(rpc, QStringLiteral("Reset"), [this, v16](const RpcCall &c, RpcResponder r) {
        const QString type = c.payload.value(QLatin1String("type")).toString();
        auto reply = [&](const QString &status, const QString &reason = {}) {
            QJsonObject o{{QStringLiteral("status"), status}};
            if (!reason.isEmpty() && !v16)
                o.insert(QStringLiteral("statusInfo"), QJsonObject{{QStringLiteral("reasonCode"), reason}});
            r.result(o);
        };
        if (v16) {
            // Hard and Soft both end sessions and restart; Soft lets them end gracefully.
            reply(QStringLiteral("Accepted"));
            station().reboot(QStringLiteral("RemoteReset"), type == QLatin1String("Soft") ? EndCause::SoftReset : EndCause::HardReset);
            return;
        }
        bool busy = false;
        if (c.payload.contains(QLatin1String("evseId")) && c.payload.value(QLatin1String("evseId")).toInt() > 0) {
            // One EVSE: end its session and bring it back; the station stays online.
            const int evseId = c.payload.value(QLatin1String("evseId")).toInt();
            const QList<Outlet *> outlets = station().outletsOfEvse(evseId);
            if (outlets.isEmpty()) {
                reply(QStringLiteral("Rejected"), QStringLiteral("UnknownEvse"));
                return;
            }
            for (Outlet *o : outlets)
                busy = busy || o->session.has_value();
            if (busy && type == QLatin1String("OnIdle")) {
                reply(QStringLiteral("Scheduled"), QStringLiteral("TxInProgress"));
                return;
            }
            reply(QStringLiteral("Accepted"));
            for (Outlet *o : outlets)
                station().transactions().end(*o, EndCause::ImmediateReset);
            return;
        }
        for (const auto &o : station().outlets())
            busy = busy || o->session.has_value();
        if (busy && type == QLatin1String("OnIdle")) {
            reply(QStringLiteral("Scheduled"), QStringLiteral("TxInProgress"));
            station().scheduleReset(QStringLiteral("RemoteReset"));
            return;
        }
        reply(QStringLiteral("Accepted"));
        station().reboot(QStringLiteral("RemoteReset"), EndCause::ImmediateReset);
    });
}

void ProvisioningBlock::onConnected()
{
    if (station().wasAccepted())
        station().setRegistration(QStringLiteral("Accepted"), true); // reconnected: no new boot
    else
        sendBoot(station().bootReason());
}

void ProvisioningBlock::sendBoot(const QString &reason)
{
    QJsonObject payload;
    if (station().version() == OcppVersion::V16) {
        const auto &c = station().config();
        payload = QJsonObject{{QStringLiteral("chargePointVendor"), c.vendor},
                              {QStringLiteral("chargePointModel"), c.model},
                              {QStringLiteral("chargePointSerialNumber"), c.serialNumber},
                              {QStringLiteral("chargeBoxSerialNumber"), c.serialNumber},
                              {QStringLiteral("firmwareVersion"), c.firmwareVersion},
                              {QStringLiteral("iccid"), QStringLiteral("89490200001234567890")},
                              {QStringLiteral("imsi"), QStringLiteral("262019876543210")},
                              {QStringLiteral("meterType"), QStringLiteral("VM-3P-80")},
                              {QStringLiteral("meterSerialNumber"), QString(c.serialNumber + QStringLiteral("-M1"))}};
    } else {
        const auto &c = station().config();
        payload = QJsonObject{{QStringLiteral("reason"), reason},
                              {QStringLiteral("chargingStation"),
                               QJsonObject{{QStringLiteral("vendorName"), c.vendor},
                                           {QStringLiteral("model"), c.model},
                                           {QStringLiteral("serialNumber"), c.serialNumber},
                                           {QStringLiteral("firmwareVersion"), c.firmwareVersion},
                                           {QStringLiteral("modem"), QJsonObject{{QStringLiteral("iccid"), QStringLiteral("89490200001234567890")},
                                                                                  {QStringLiteral("imsi"), QStringLiteral("262019876543210")}}}}}};
    }
    const bool triggered = reason == QLatin1String("Triggered");
    station().call(QStringLiteral("BootNotification"), payload, [this, triggered](const CallOutcome &o) {
        if (o.status == CallOutcome::Status::Closed)
            return; // the reconnect starts over
        if (!o.ok()) {
            station().note(tr("BootNotification failed: %1").arg(o.describe()));
            m_bootRetry.start(station().protocolSeconds(station().config().bootRetryDefaultS));
            return;
        }
        QString status = o.payload.value(QLatin1String("status")).toString();
        const int interval = o.payload.value(QLatin1String("interval")).toInt();
        if (station().rejectsBoot())
            status = QStringLiteral("Rejected");
        if (status == QLatin1String("Accepted")) {
            if (interval > 0)
                station().settings().setHeartbeatIntervalS(interval);
            if (triggered && station().isRegistered()) {
                restartHeartbeat();
                return;
            }
            station().setRegistration(status);
            return;
        }
        // Pending or Rejected: nothing but another BootNotification after the interval.
        station().setRegistration(status);
        const int retry = interval > 0 ? interval : station().config().bootRetryDefaultS;
        station().note(tr("BootNotification %1, retrying in %2 s").arg(status).arg(retry));
        m_bootRetry.start(station().protocolSeconds(retry));
    }, triggered ? VirtualStation::Delivery::Triggered : VirtualStation::Delivery::Always);
}

void ProvisioningBlock::onRegistered(bool reconnected)
{
    Q_UNUSED(reconnected)
    m_bootRetry.stop();
    restartHeartbeat();
}

void ProvisioningBlock::restartHeartbeat()
{
    const int s = station().settings().heartbeatIntervalS();
    if (s > 0 && station().isRegistered() && station().isConnected())
        m_heartbeat.start(station().protocolSeconds(s));
    else
        m_heartbeat.stop();
}

void ProvisioningBlock::onSettingChanged(const QString &name)
{
    if (name == QLatin1String("HeartbeatInterval"))
        restartHeartbeat();
}

void ProvisioningBlock::onDisconnected()
{
    m_heartbeat.stop();
    m_bootRetry.stop();
}

void ProvisioningBlock::onStopping() { onDisconnected(); }

void ProvisioningBlock::sendHeartbeat(VirtualStation::Delivery delivery)
{
    station().call(QStringLiteral("Heartbeat"), {}, {}, delivery);
}

std::optional<TriggerReply> ProvisioningBlock::trigger(const TriggerRequest &request)
{
    if (request.message == QLatin1String("Heartbeat"))
        return TriggerReply{QStringLiteral("Accepted"), {}, [this] { sendHeartbeat(VirtualStation::Delivery::Triggered); }};
    if (request.message == QLatin1String("BootNotification")) {
        // 2.x F06.FR.17: once accepted, a triggered BootNotification is refused.
        if (station().version() != OcppVersion::V16 && station().isRegistered())
            return TriggerReply{QStringLiteral("Rejected"), {}, {}};
        return TriggerReply{QStringLiteral("Accepted"), {}, [this] { sendBoot(QStringLiteral("Triggered")); }};
    }
    return std::nullopt;
}

} // namespace cb::sim
