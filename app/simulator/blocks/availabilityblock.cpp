#include "availabilityblock.h"

#include "simulator/virtualstation.h"

#include <QCoreApplication>
#include <QJsonObject>

namespace cb::sim {

namespace {
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::sim::AvailabilityBlock)
};
} // namespace

void AvailabilityBlock::attach(RpcEndpoint &rpc)
{
    if (rpc.version() == OcppVersion::V16) {
        station().handle(rpc, QStringLiteral("ChangeAvailability"), [this](const RpcCall &c, RpcResponder r) {
            const int connectorId = c.payload.value(QLatin1String("connectorId")).toInt();
            const bool operative = c.payload.value(QLatin1String("type")).toString() == QLatin1String("Operative");
            QList<Outlet *> targets;
            if (connectorId == 0) {
                for (const auto &o : station().outlets())
                    targets << o.get();
                station().setStationOperative(operative);
            } else if (Outlet *o = station().outlet(connectorId, connectorId)) {
                targets << o;
            } else {
                r.result(QJsonObject{{QStringLiteral("status"), QStringLiteral("Rejected")}});
                return;
            }
            bool scheduled = false;
            applyAvailability(targets, operative, &scheduled);
            r.result(QJsonObject{{QStringLiteral("status"), scheduled ? QStringLiteral("Scheduled") : QStringLiteral("Accepted")}});
            station().afterReply([this, connectorId, targets] {
                if (connectorId == 0)
                    publishStation16(false);
                for (Outlet *o : targets)
                    publish(*o);
            });
        });
        return;
    }
    station().handle(rpc, QStringLiteral("ChangeAvailability"), [this](const RpcCall &c, RpcResponder r) {
        const bool operative = c.payload.value(QLatin1String("operationalStatus")).toString() == QLatin1String("Operative");
        auto reject = [&](const QString &reason) {
            r.result(QJsonObject{{QStringLiteral("status"), QStringLiteral("Rejected")},
                                 {QStringLiteral("statusInfo"), QJsonObject{{QStringLiteral("reasonCode"), reason}}}});
        };
        QList<Outlet *> targets;
        const QJsonObject evse = c.payload.value(QLatin1String("evse")).toObject();
        if (evse.isEmpty() || evse.value(QLatin1String("id")).toInt() == 0) {
            for (const auto &o : station().outlets())
                targets << o.get();
            station().setStationOperative(operative);
        } else {
            targets = station().outletsOfEvse(evse.value(QLatin1String("id")).toInt());
            if (targets.isEmpty())
                return reject(QStringLiteral("UnknownEvse"));
            if (evse.contains(QLatin1String("connectorId"))) {
                Outlet *o = station().outlet(evse.value(QLatin1String("id")).toInt(), evse.value(QLatin1String("connectorId")).toInt());
                if (!o)
                    return reject(QStringLiteral("UnknownConnectorId"));
                targets = {o};
            }
        }
        bool scheduled = false;
        applyAvailability(targets, operative, &scheduled);
        QJsonObject reply{{QStringLiteral("status"), scheduled ? QStringLiteral("Scheduled") : QStringLiteral("Accepted")}};
        if (scheduled)
            reply.insert(QStringLiteral("statusInfo"), QJsonObject{{QStringLiteral("reasonCode"), QStringLiteral("TxInProgress")}});
        r.result(reply);
        station().afterReply([this, targets] {
            for (Outlet *o : targets)
                publish(*o);
        });
    });
}

void AvailabilityBlock::applyAvailability(const QList<Outlet *> &targets, bool operative, bool *scheduled)
{
    for (Outlet *o : targets) {
        if (operative) {
            o->operative = true;
            o->inoperativeScheduled = false;
        } else if (o->session) {
            // A running session finishes first (G03.FR.05 / 1.6 §5.2: Scheduled).
            o->inoperativeScheduled = true;
            *scheduled = true;
        } else {
            o->operative = false;
        }
    }
}

void AvailabilityBlock::onRegistered(bool reconnected)
{
    Q_UNUSED(reconnected)
    // After boot or a reconnection the CSMS learns every connector's state (B01.FR.05, G01).
    if (station().version() == OcppVersion::V16)
        publishStation16(false);
    for (const auto &o : station().outlets())
        publish(*o, true);
}

void AvailabilityBlock::publish(Outlet &outlet, bool force)
{
    const QString status = station().version() == OcppVersion::V16 ? outlet.status16() : outlet.status2x();
    if (!force && status == outlet.lastReported)
        return;
    if (!station().isRegistered() || !station().isConnected())
        return; // sent again in full on acceptance
    sendStatus(outlet, status, false);
}

void AvailabilityBlock::sendStatus(Outlet &outlet, const QString &status, bool triggered)
{
    outlet.lastReported = status;
    QJsonObject payload;
    if (station().version() == OcppVersion::V16) {
        payload = QJsonObject{{QStringLiteral("connectorId"), outlet.connectorId},
                              {QStringLiteral("errorCode"), outlet.faulted() ? outlet.fault : QStringLiteral("NoError")},
                              {QStringLiteral("status"), status},
                              {QStringLiteral("timestamp"), VirtualStation::now()}};
        if (outlet.faulted())
            payload.insert(QStringLiteral("info"), Text::tr("simulated fault"));
    } else {
        payload = QJsonObject{{QStringLiteral("timestamp"), VirtualStation::now()},
                              {QStringLiteral("connectorStatus"), status},
                              {QStringLiteral("evseId"), outlet.evseId},
                              {QStringLiteral("connectorId"), outlet.connectorId}};
    }
    station().note(Text::tr("EVSE %1 connector %2: %3").arg(outlet.evseId).arg(outlet.connectorId).arg(status));
    station().call(QStringLiteral("StatusNotification"), payload, {},
                   triggered ? VirtualStation::Delivery::Triggered : VirtualStation::Delivery::Registered);
}

void AvailabilityBlock::publishStation16(bool triggered)
{
    // Connector 0 is the charge point as a whole.
    const QString status = station().stationOperative() ? QStringLiteral("Available") : QStringLiteral("Unavailable");
    station().call(QStringLiteral("StatusNotification"),
                   QJsonObject{{QStringLiteral("connectorId"), 0},
                               {QStringLiteral("errorCode"), QStringLiteral("NoError")},
                               {QStringLiteral("status"), status},
                               {QStringLiteral("timestamp"), VirtualStation::now()}},
                   {}, triggered ? VirtualStation::Delivery::Triggered : VirtualStation::Delivery::Registered);
}

std::optional<TriggerReply> AvailabilityBlock::trigger(const TriggerRequest &request)
{
    if (request.message != QLatin1String("StatusNotification"))
        return std::nullopt;
    const bool v16 = station().version() == OcppVersion::V16;
    QList<Outlet *> targets;
    bool station16 = false;
    if (!request.evseId || (v16 && *request.evseId == 0)) {
        for (const auto &o : station().outlets())
            targets << o.get();
        station16 = v16;
    } else if (request.connectorId) {
        if (Outlet *o = station().outlet(*request.evseId, *request.connectorId))
            targets << o;
    } else {
        targets = station().outletsOfEvse(*request.evseId);
    }
    if (targets.isEmpty() && !station16)
        return TriggerReply{QStringLiteral("Rejected"), v16 ? QString() : QStringLiteral("UnknownEvse"), {}};
    return TriggerReply{QStringLiteral("Accepted"), {}, [this, targets, station16, v16] {
                            if (station16)
                                publishStation16(true);
                            for (Outlet *o : targets)
                                sendStatus(*o, v16 ? o->status16() : o->status2x(), true);
                        }};
}

} // namespace cb::sim
