#include "transactionblock16.h"

#include "simulator/metervaluebuilder.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace cb::sim {

namespace {

QString stopReason(EndCause cause)
{
    switch (cause) {
    case EndCause::Remote: return QStringLiteral("Remote");
    case EndCause::Local: return QStringLiteral("Local");
    case EndCause::EVDisconnected: return QStringLiteral("EVDisconnected");
    case EndCause::ImmediateReset:
    case EndCause::HardReset: return QStringLiteral("HardReset");
    case EndCause::SoftReset: return QStringLiteral("SoftReset");
    case EndCause::UnlockCommand: return QStringLiteral("UnlockCommand");
    case EndCause::DeAuthorized: return QStringLiteral("DeAuthorized");
    case EndCause::Fault:
    case EndCause::Timeout: return QStringLiteral("Other");
    }
    return QStringLiteral("Other");
}

// 1.6 CiString20.
QString idTag(const QString &token) { return token.left(20); }

} // namespace

void TransactionBlock16::attach(RpcEndpoint &rpc) { Q_UNUSED(rpc) }

void TransactionBlock16::sendStarted(Outlet &o, const QString &triggerReason)
{
    Q_UNUSED(triggerReason)
    const Session s = *o.session;
    const QJsonObject payload{{QStringLiteral("connectorId"), o.connectorId},
                              {QStringLiteral("idTag"), idTag(s.idToken)},
                              {QStringLiteral("meterStart"), qint64(std::llround(s.meterStartWh))},
                              {QStringLiteral("timestamp"), s.startedAt.toString(Qt::ISODateWithMs)}};
    station().enqueue(QStringLiteral("StartTransaction"), [payload] { return std::optional(payload); },
                      [this, &o, serial = s.serial](const CallOutcome &out) {
                          if (!out.ok())
                              return;
                          const int id = out.payload.value(QLatin1String("transactionId")).toInt();
                          m_transactionIds.insert(serial, id);
                          if (!o.session || o.session->serial != serial)
                              return;
                          o.session->transactionId = QString::number(id);
                          station().note(tr("connector %1: transaction %2").arg(o.connectorId).arg(id));
                          const QString status = out.payload.value(QLatin1String("idTagInfo")).toObject().value(QLatin1String("status")).toString();
                          if (status != QLatin1String("Accepted") && station().settings().stopOnInvalidId())
                              end(o, EndCause::DeAuthorized);
                      });
}

void TransactionBlock16::sendUpdated(Outlet &o, const QString &triggerReason)
{
    // 1.6 reports these steps through StatusNotification (Preparing, Charging, ...).
    Q_UNUSED(o)
    Q_UNUSED(triggerReason)
}

void TransactionBlock16::sendPeriodic(Outlet &o)
{
    const quint64 serial = o.session->serial;
    const QJsonObject value =
        MeterValueBuilder::build(OcppVersion::V16, o, station().settings().updatedMeasurands(), QStringLiteral("Sample.Periodic"));
    const int connectorId = o.connectorId;
    station().enqueue(QStringLiteral("MeterValues"), [this, serial, value, connectorId]() -> std::optional<QJsonObject> {
        QJsonObject p{{QStringLiteral("connectorId"), connectorId}, {QStringLiteral("meterValue"), QJsonArray{value}}};
        if (m_transactionIds.contains(serial))
            p.insert(QStringLiteral("transactionId"), m_transactionIds.value(serial));
        return p;
    });
}

void TransactionBlock16::sendEnded(Outlet &o, EndCause cause, const QString &detail)
{
    Q_UNUSED(detail)
    const Session s = *o.session;
    QJsonObject payload{{QStringLiteral("meterStop"), qint64(std::llround(o.meter.energyWh()))},
                        {QStringLiteral("timestamp"), VirtualStation::now()},
                        {QStringLiteral("reason"), stopReason(cause)},
                        {QStringLiteral("transactionData"),
                         QJsonArray{MeterValueBuilder::build(OcppVersion::V16, o, station().settings().endedMeasurands(),
                                                             QStringLiteral("Transaction.End"))}}};
    if (cause == EndCause::Local && !s.idToken.isEmpty())
        payload.insert(QStringLiteral("idTag"), idTag(s.idToken));
    station().enqueue(QStringLiteral("StopTransaction"), [this, payload, serial = s.serial]() -> std::optional<QJsonObject> {
        // Without a transaction id (StartTransaction never answered) there is nothing to stop.
        if (!m_transactionIds.contains(serial))
            return std::nullopt;
        QJsonObject p = payload;
        p.insert(QStringLiteral("transactionId"), m_transactionIds.value(serial));
        return p;
    }, [this, serial = s.serial](const CallOutcome &) { m_transactionIds.remove(serial); });
}

void TransactionBlock16::authorize(Outlet &o, const QString &idToken, std::function<void(bool)> done)
{
    Q_UNUSED(o)
    station().call(QStringLiteral("Authorize"), QJsonObject{{QStringLiteral("idTag"), idTag(idToken)}}, [this, done](const CallOutcome &out) {
        if (out.status == CallOutcome::Status::Closed) {
            done(station().configurationKeys()->boolValue(QStringLiteral("LocalAuthorizeOffline"), true));
            return;
        }
        done(out.ok()
             && out.payload.value(QLatin1String("idTagInfo")).toObject().value(QLatin1String("status")).toString() == QLatin1String("Accepted"));
    });
}

void TransactionBlock16::sendMeterValues(const QList<Outlet *> &outlets, const QString &context, VirtualStation::Delivery delivery)
{
    for (Outlet *o : outlets) {
        QJsonObject p{{QStringLiteral("connectorId"), o->connectorId},
                      {QStringLiteral("meterValue"),
                       QJsonArray{MeterValueBuilder::build(OcppVersion::V16, *o, station().settings().updatedMeasurands(), context)}}};
        if (o->session && !o->session->transactionId.isEmpty())
            p.insert(QStringLiteral("transactionId"), o->session->transactionId.toInt());
        station().call(QStringLiteral("MeterValues"), p, {}, delivery);
    }
}

} // namespace cb::sim
