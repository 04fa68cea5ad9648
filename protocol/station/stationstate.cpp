#include "stationstate.h"

#include <QJsonArray>

namespace cb {

namespace {
QJsonValue time(const QDateTime &t) { return t.isValid() ? QJsonValue(t.toString(Qt::ISODateWithMs)) : QJsonValue(); }
} // namespace

QJsonObject toJson(const ConnectorStatus &c)
{
    return QJsonObject{{QStringLiteral("evseId"), c.evseId},
                       {QStringLiteral("connectorId"), c.connectorId},
                       {QStringLiteral("status"), c.status},
                       {QStringLiteral("errorCode"), c.errorCode},
                       {QStringLiteral("info"), c.info},
                       {QStringLiteral("vendorErrorCode"), c.vendorErrorCode},
                       {QStringLiteral("timestamp"), time(c.timestamp)}};
}

QJsonObject toJson(const MeterSample &m)
{
    return QJsonObject{{QStringLiteral("timestamp"), time(m.timestamp)},
                       {QStringLiteral("evseId"), m.evseId},
                       {QStringLiteral("connectorId"), m.connectorId},
                       {QStringLiteral("transactionId"), m.transactionId},
                       {QStringLiteral("measurand"), m.measurand},
                       {QStringLiteral("phase"), m.phase},
                       {QStringLiteral("unit"), m.unit},
                       {QStringLiteral("context"), m.context},
                       {QStringLiteral("value"), m.value}};
}

QJsonObject toJson(const TransactionRecord &t)
{
    QJsonObject o{{QStringLiteral("transactionId"), t.transactionId},
                  {QStringLiteral("evseId"), t.evseId},
                  {QStringLiteral("connectorId"), t.connectorId},
                  {QStringLiteral("idToken"), t.idToken},
                  {QStringLiteral("started"), time(t.started)},
                  {QStringLiteral("ended"), time(t.ended)},
                  {QStringLiteral("stopReason"), t.stopReason},
                  {QStringLiteral("active"), t.active}};
    if (t.meterStartWh)
        o.insert(QStringLiteral("meterStartWh"), *t.meterStartWh);
    if (t.meterStopWh)
        o.insert(QStringLiteral("meterStopWh"), *t.meterStopWh);
    return o;
}

QJsonObject StationSnapshot::toJson() const
{
    QJsonArray connectorsJson, transactionsJson, meterJson;
    for (const auto &c : connectors)
        connectorsJson.append(cb::toJson(c));
    for (const auto &t : transactions)
        transactionsJson.append(cb::toJson(t));
    for (const auto &m : latestMeterValues)
        meterJson.append(cb::toJson(m));
    const QJsonObject bootJson{{QStringLiteral("vendor"), boot.vendor},
                               {QStringLiteral("model"), boot.model},
                               {QStringLiteral("serialNumber"), boot.serialNumber},
                               {QStringLiteral("firmwareVersion"), boot.firmwareVersion},
                               {QStringLiteral("iccid"), boot.iccid},
                               {QStringLiteral("imsi"), boot.imsi},
                               {QStringLiteral("reason"), boot.reason},
                               {QStringLiteral("receivedAt"), time(boot.receivedAt)}};
    const QJsonObject connectionJson{{QStringLiteral("id"), connection.connectionId},
                                     {QStringLiteral("remoteAddress"), connection.remoteAddress.toString()},
                                     {QStringLiteral("securityProfile"), int(connection.profile)},
                                     {QStringLiteral("tlsProtocol"), connection.tlsProtocol},
                                     {QStringLiteral("tlsCipher"), connection.tlsCipher},
                                     {QStringLiteral("clientCertificate"), connection.clientCertificateSubject},
                                     {QStringLiteral("compression"), QString::fromLatin1(connection.compression)},
                                     {QStringLiteral("connectedAt"), time(connection.connectedAt)}};
    return QJsonObject{{QStringLiteral("identity"), identity},
                       {QStringLiteral("ocppVersion"), version ? versionName(*version) : QString()},
                       {QStringLiteral("connected"), connected},
                       {QStringLiteral("connection"), connectionJson},
                       {QStringLiteral("boot"), bootJson},
                       {QStringLiteral("registrationStatus"), registrationStatus},
                       {QStringLiteral("lastHeartbeat"), time(lastHeartbeat)},
                       {QStringLiteral("lastSeen"), time(lastSeen)},
                       {QStringLiteral("connectors"), connectorsJson},
                       {QStringLiteral("transactions"), transactionsJson},
                       {QStringLiteral("meterValues"), meterJson},
                       {QStringLiteral("lastNotifications"), lastNotifications},
                       {QStringLiteral("lastOperations"), lastOperations}};
}

QStringList StationSnapshot::activeTransactionIds() const
{
    QStringList out;
    // The snapshot lists the most recent last.
    for (auto it = transactions.crbegin(); it != transactions.crend(); ++it)
        if (it->active && !it->transactionId.isEmpty() && !out.contains(it->transactionId))
            out << it->transactionId;
    return out;
}

} // namespace cb
