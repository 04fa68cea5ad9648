#include "transactionsblock.h"

#include "station/meterparsing.h"
#include "station/stationsession.h"

namespace cb {

namespace {

constexpr int kKeepTransactions = 50;

QJsonObject tagInfo(bool accepted)
{
    return QJsonObject{{QStringLiteral("status"), accepted ? QStringLiteral("Accepted") : QStringLiteral("Invalid")}};
}

TransactionRecord *find(QList<TransactionRecord> &list, const QString &id)
{
    for (auto &t : list)
        if (t.transactionId == id)
            return &t;
    return nullptr;
}

void keepRecent(QList<TransactionRecord> &list)
{
    while (list.size() > kKeepTransactions)
        list.removeFirst();
}

double energyWh(const QList<MeterSample> &samples, std::optional<double> fallback)
{
    for (const MeterSample &s : samples)
        if (s.measurand == QLatin1String("Energy.Active.Import.Register") && s.phase.isEmpty())
            return s.unit == QLatin1String("kWh") ? s.value * 1000 : s.value;
    return fallback.value_or(0);
}

} // namespace

void TransactionsBlock::attach(RpcEndpoint &rpc)
{
    const OcppVersion v = rpc.version();
    if (v == OcppVersion::V16) {
        rpc.setHandler(QStringLiteral("StartTransaction"), [this](const RpcCall &c, RpcResponder r) {
            const QString tag = c.payload.value(QLatin1String("idTag")).toString();
            const bool ok = session().policy().accepts(tag);
            TransactionRecord t;
            t.transactionId = QString::number(session().nextTransactionId());
            t.connectorId = c.payload.value(QLatin1String("connectorId")).toInt();
            t.evseId = t.connectorId;
            t.idToken = tag;
            t.started = QDateTime::fromString(c.payload.value(QLatin1String("timestamp")).toString(), Qt::ISODateWithMs);
            t.meterStartWh = c.payload.value(QLatin1String("meterStart")).toDouble();
            // A rejected id tag still gets a transaction id: the station decides to stop it (1.6 §5.16).
            t.active = ok;
            auto &list = session().mutableState().transactions;
            list.append(t);
            keepRecent(list);
            session().touch();
            r.result(QJsonObject{{QStringLiteral("idTagInfo"), tagInfo(ok)}, {QStringLiteral("transactionId"), t.transactionId.toInt()}});
        });
        rpc.setHandler(QStringLiteral("StopTransaction"), [this](const RpcCall &c, RpcResponder r) {
            const QString id = QString::number(c.payload.value(QLatin1String("transactionId")).toInt());
            auto &list = session().mutableState().transactions;
            TransactionRecord *t = find(list, id);
            if (!t) {
                list.append(TransactionRecord{id, 0, 0, {}, {}, {}, {}, {}, {}, -1, false});
                t = &list.last();
            }
            t->active = false;
            t->ended = QDateTime::fromString(c.payload.value(QLatin1String("timestamp")).toString(), Qt::ISODateWithMs);
            t->meterStopWh = c.payload.value(QLatin1String("meterStop")).toDouble();
            t->stopReason = c.payload.value(QLatin1String("reason")).toString(QStringLiteral("Local"));
            session().addMeterSamples(parseMeterValues(OcppVersion::V16, c.payload.value(QLatin1String("transactionData")).toArray(),
                                                       t->evseId, t->connectorId, id));
            keepRecent(list);
            session().touch();
            QJsonObject reply;
            if (c.payload.contains(QLatin1String("idTag")))
                reply.insert(QStringLiteral("idTagInfo"), tagInfo(session().policy().accepts(c.payload.value(QLatin1String("idTag")).toString())));
            r.result(reply);
        });
        return;
    }
    rpc.setHandler(QStringLiteral("TransactionEvent"), [this, v](const RpcCall &c, RpcResponder r) {
        const QJsonObject &p = c.payload;
        const QJsonObject info = p.value(QLatin1String("transactionInfo")).toObject();
        const QString id = info.value(QLatin1String("transactionId")).toString();
        const QString eventType = p.value(QLatin1String("eventType")).toString();
        const QJsonObject evse = p.value(QLatin1String("evse")).toObject();
        auto &list = session().mutableState().transactions;
        TransactionRecord *t = find(list, id);
        if (!t) {
            TransactionRecord fresh;
            fresh.transactionId = id;
            fresh.started = QDateTime::fromString(p.value(QLatin1String("timestamp")).toString(), Qt::ISODateWithMs);
            list.append(fresh);
            t = &list.last();
        }
        if (evse.contains(QLatin1String("id"))) {
            t->evseId = evse.value(QLatin1String("id")).toInt();
            t->connectorId = evse.value(QLatin1String("connectorId")).toInt(t->connectorId);
        }
        const QString token = p.value(QLatin1String("idToken")).toObject().value(QLatin1String("idToken")).toString();
        if (!token.isEmpty())
            t->idToken = token;
        t->lastSeqNo = p.value(QLatin1String("seqNo")).toInt();
        const QList<MeterSample> samples = parseMeterValues(v, p.value(QLatin1String("meterValue")).toArray(), t->evseId,
                                                            t->connectorId, id);
        if (eventType == QLatin1String("Started") && !t->meterStartWh && !samples.isEmpty())
            t->meterStartWh = energyWh(samples, std::nullopt);
        if (eventType == QLatin1String("Ended")) {
            t->active = false;
            t->ended = QDateTime::fromString(p.value(QLatin1String("timestamp")).toString(), Qt::ISODateWithMs);
            t->stopReason = info.value(QLatin1String("stoppedReason")).toString(QStringLiteral("Local"));
            if (!samples.isEmpty())
                t->meterStopWh = energyWh(samples, t->meterStopWh);
        }
        session().addMeterSamples(samples);
        keepRecent(list);
        session().touch();
        QJsonObject reply;
        if (!token.isEmpty())
            reply.insert(QStringLiteral("idTokenInfo"), tagInfo(session().policy().accepts(token)));
        r.result(reply);
    });
}

} // namespace cb
