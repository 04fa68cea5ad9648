#include "transactionblock.h"

#include "simulator/metervaluebuilder.h"

#include <QJsonArray>
#include <QUuid>

namespace cb::sim {

namespace {

// TransactionEvent triggerReason and stoppedReason for each way a session ends.
std::pair<QString, QString> reasons(EndCause cause, const QString &detail)
{
    switch (cause) {
    case EndCause::Remote: return {QStringLiteral("RemoteStop"), QStringLiteral("Remote")};
    case EndCause::Local: return {QStringLiteral("StopAuthorized"), QStringLiteral("Local")};
    case EndCause::EVDisconnected: return {QStringLiteral("EVCommunicationLost"), QStringLiteral("EVDisconnected")};
    case EndCause::ImmediateReset:
    case EndCause::HardReset:
    case EndCause::SoftReset: return {QStringLiteral("ResetCommand"), QStringLiteral("ImmediateReset")};
    case EndCause::Fault:
        if (detail == QLatin1String("GroundFailure"))
            return {QStringLiteral("AbnormalCondition"), QStringLiteral("GroundFault")};
        if (detail == QLatin1String("OverCurrentFailure"))
            return {QStringLiteral("AbnormalCondition"), QStringLiteral("OvercurrentFault")};
        return {QStringLiteral("AbnormalCondition"), QStringLiteral("Other")};
    case EndCause::UnlockCommand: return {QStringLiteral("UnlockCommand"), QStringLiteral("Other")};
    case EndCause::DeAuthorized: return {QStringLiteral("Deauthorized"), QStringLiteral("DeAuthorized")};
    case EndCause::Timeout: return {QStringLiteral("EVConnectTimeout"), QStringLiteral("Timeout")};
    }
    return {QStringLiteral("AbnormalCondition"), QStringLiteral("Other")};
}

} // namespace

void TransactionBlock::attach(RpcEndpoint &rpc) { Q_UNUSED(rpc) }

QStringList TransactionBlock::startPoints() const
{
    return station().deviceModel()->value(QStringLiteral("TxCtrlr"), QStringLiteral("TxStartPoint")).split(QLatin1Char(','));
}

bool TransactionBlock::startsOnPlug() const
{
    const QStringList p = startPoints();
    return p.contains(QStringLiteral("EVConnected")) || p.contains(QStringLiteral("ParkingBayOccupancy"));
}

bool TransactionBlock::startsOnAuthorization() const { return startPoints().contains(QStringLiteral("Authorized")); }

QString TransactionBlock::newTransactionId() const { return QUuid::createUuid().toString(QUuid::WithoutBraces); }

QJsonObject TransactionBlock::event(Outlet &o, const QString &type, const QString &triggerReason, const QStringList &measurands,
                                    const QString &context, bool withToken)
{
    Session &s = *o.session;
    QJsonObject info{{QStringLiteral("transactionId"), s.transactionId},
                     {QStringLiteral("chargingState"), o.charging ? QStringLiteral("Charging")
                                                       : o.plugged ? QStringLiteral("EVConnected")
                                                                   : QStringLiteral("Idle")}};
    if (s.remoteStartId && (type == QLatin1String("Started") || triggerReason == QLatin1String("RemoteStart")))
        info.insert(QStringLiteral("remoteStartId"), *s.remoteStartId);
    if (s.startedAt.isValid())
        info.insert(QStringLiteral("timeSpentCharging"), int(s.startedAt.secsTo(QDateTime::currentDateTimeUtc())));
    QJsonObject payload{{QStringLiteral("eventType"), type},
                        {QStringLiteral("timestamp"), VirtualStation::now()},
                        {QStringLiteral("triggerReason"), triggerReason},
                        {QStringLiteral("seqNo"), s.seqNo++},
                        {QStringLiteral("transactionInfo"), info},
                        {QStringLiteral("evse"), QJsonObject{{QStringLiteral("id"), o.evseId}, {QStringLiteral("connectorId"), o.connectorId}}}};
    if (withToken && !s.idToken.isEmpty())
        payload.insert(QStringLiteral("idToken"), QJsonObject{{QStringLiteral("idToken"), s.idToken}, {QStringLiteral("type"), s.tokenType}});
    if (!measurands.isEmpty())
        payload.insert(QStringLiteral("meterValue"),
                       QJsonArray{MeterValueBuilder::build(station().version(), o, measurands, context)});
    if (o.charging || o.plugged)
        payload.insert(QStringLiteral("numberOfPhasesUsed"), o.meter.phases());
    // Events that happen while the CSMS cannot hear them are marked (E04.FR.?, offline flag).
    if (!station().isConnected() || !station().isRegistered())
        payload.insert(QStringLiteral("offline"), true);
    return payload;
}

void TransactionBlock::send(Outlet &o, const QJsonObject &payload)
{
    const bool ended = payload.value(QLatin1String("eventType")).toString() == QLatin1String("Ended");
    const quint64 serial = o.session ? o.session->serial : 0;
    station().enqueue(QStringLiteral("TransactionEvent"), [payload] { return std::optional(payload); },
                      [this, &o, ended, serial](const CallOutcome &out) {
                          const QString status = out.payload.value(QLatin1String("idTokenInfo")).toObject().value(QLatin1String("status")).toString();
                          // E05: a token the CSMS does not accept ends the transaction when StopTxOnInvalidId.
                          if (!out.ok() || ended || status.isEmpty() || status == QLatin1String("Accepted"))
                              return;
                          if (o.session && o.session->serial == serial && o.session->started && station().settings().stopOnInvalidId())
                              end(o, EndCause::DeAuthorized);
                      });
}

void TransactionBlock::sendStarted(Outlet &o, const QString &triggerReason)
{
    send(o, event(o, QStringLiteral("Started"), triggerReason, station().settings().startedMeasurands(), QStringLiteral("Transaction.Begin"),
                  o.session->authorized));
}

void TransactionBlock::sendUpdated(Outlet &o, const QString &triggerReason)
{
    const bool token = triggerReason == QLatin1String("Authorized") || triggerReason == QLatin1String("RemoteStart");
    send(o, event(o, QStringLiteral("Updated"), triggerReason, {}, {}, token));
}

void TransactionBlock::sendPeriodic(Outlet &o)
{
    send(o, event(o, QStringLiteral("Updated"), QStringLiteral("MeterValuePeriodic"), station().settings().updatedMeasurands(),
                  QStringLiteral("Sample.Periodic"), false));
}

void TransactionBlock::sendEnded(Outlet &o, EndCause cause, const QString &detail)
{
    const auto [trigger, stopped] = reasons(cause, detail);
    QJsonObject payload = event(o, QStringLiteral("Ended"), trigger, station().settings().endedMeasurands(), QStringLiteral("Transaction.End"),
                                cause == EndCause::Local);
    QJsonObject info = payload.value(QLatin1String("transactionInfo")).toObject();
    info.insert(QStringLiteral("stoppedReason"), stopped);
    payload.insert(QStringLiteral("transactionInfo"), info);
    send(o, payload);
}

void TransactionBlock::authorize(Outlet &o, const QString &idToken, std::function<void(bool)> done)
{
    const QString type = o.session ? o.session->tokenType : QStringLiteral("ISO14443");
    station().call(QStringLiteral("Authorize"),
                   QJsonObject{{QStringLiteral("idToken"), QJsonObject{{QStringLiteral("idToken"), idToken}, {QStringLiteral("type"), type}}}},
                   [this, done](const CallOutcome &out) {
                       if (out.status == CallOutcome::Status::Closed) {
                           // Offline: LocalAuthorizeOffline decides (C12).
                           done(station().deviceModel()->boolValue(QStringLiteral("AuthCtrlr"), QStringLiteral("LocalAuthorizeOffline"), true));
                           return;
                       }
                       done(out.ok()
                            && out.payload.value(QLatin1String("idTokenInfo")).toObject().value(QLatin1String("status")).toString()
                                   == QLatin1String("Accepted"));
                   });
}

void TransactionBlock::sendMeterValues(const QList<Outlet *> &outlets, const QString &context, VirtualStation::Delivery delivery)
{
    // One MeterValues per EVSE.
    QList<int> done;
    for (Outlet *o : outlets) {
        if (done.contains(o->evseId))
            continue;
        done << o->evseId;
        station().call(QStringLiteral("MeterValues"),
                       QJsonObject{{QStringLiteral("evseId"), o->evseId},
                                   {QStringLiteral("meterValue"),
                                    QJsonArray{MeterValueBuilder::build(station().version(), *o, station().settings().updatedMeasurands(), context)}}},
                       {}, delivery);
    }
}

std::optional<TriggerReply> TransactionBlock::trigger(const TriggerRequest &request)
{
    if (request.message != QLatin1String("TransactionEvent"))
        return SessionBlock::trigger(request);
    QList<Outlet *> running;
    for (Outlet *o : targets(request))
        if (o->session && o->session->started)
            running << o;
    // F06: nothing to report without a transaction on the requested EVSE(s).
    if (running.isEmpty())
        return TriggerReply{QStringLiteral("Rejected"), QStringLiteral("TxNotFound"), {}};
    return TriggerReply{QStringLiteral("Accepted"), {}, [this, running] {
                            for (Outlet *o : running) {
                                if (!o->session)
                                    continue;
                                o->meter.update();
                                send(*o, event(*o, QStringLiteral("Updated"), QStringLiteral("Trigger"), station().settings().updatedMeasurands(),
                                               QStringLiteral("Trigger"), false));
                            }
                        }};
}

} // namespace cb::sim
