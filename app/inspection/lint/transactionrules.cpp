#include "transactionrules.h"

#include "findingsink.h"
#include "meterrules.h"
#include "station/meterparsing.h"

#include <QJsonArray>

#include <algorithm>

namespace cb {

void TransactionRules::call(LintFrame &f, PendingCall &p)
{
    if (!f.fromStation)
        return;
    const QString &a = f.record.action;
    if (a == QLatin1String("StartTransaction"))
        startTransaction16(f, p);
    else if (a == QLatin1String("StopTransaction"))
        stopTransaction16(f);
    else if (a == QLatin1String("TransactionEvent"))
        transactionEvent(f);
}

void TransactionRules::result(LintFrame &f, const PendingCall &p)
{
    if (p.action != QLatin1String("StartTransaction"))
        return;
    TrackedStation &s = f.station;
    const QString tx = QString::number(f.payload().value(QLatin1String("transactionId")).toInteger());
    s.tx16.insert(tx, Tx16{p.connectorId, p.frameId, 0, false});
    s.active16.insert(p.connectorId, tx);
    if (p.meterStartWh >= 0)
        m_meters.reading(f.connection, s, QStringLiteral("tx:") + tx, p.meterStartWh, p.frameId, f.record.timestampUs);
}

void TransactionRules::startTransaction16(LintFrame &f, PendingCall &p)
{
    const QJsonObject o = f.payload();
    p.connectorId = o.value(QLatin1String("connectorId")).toInt();
    p.meterStartWh = o.contains(QLatin1String("meterStart")) ? o.value(QLatin1String("meterStart")).toDouble() : -1;
    const auto active = f.station.active16.constFind(p.connectorId);
    if (active != f.station.active16.constEnd()) {
        const Tx16 &t = f.station.tx16[active.value()];
        m_sink.add(LintRule::TransactionPairing, LintSeverity::Error, f.connection, f.record.timestampUs,
                   {f.id, t.startFrameId},
                   tr("StartTransaction on connector %1 while transaction %2 is still active there. OCPP 1.6 §5.18 "
                      "and §6.46 expect a StopTransaction for the running transaction first.")
                       .arg(p.connectorId)
                       .arg(active.value()));
    }
}

void TransactionRules::stopTransaction16(LintFrame &f)
{
    TrackedStation &s = f.station;
    const qint64 ts = f.record.timestampUs;
    const QJsonObject o = f.payload();
    const QString tx = QString::number(o.value(QLatin1String("transactionId")).toInteger());
    auto t = s.tx16.find(tx);
    if (t == s.tx16.end()) {
        m_sink.add(LintRule::TransactionPairing, LintSeverity::Warning, f.connection, ts, {f.id},
                   tr("StopTransaction for transaction %1, which no StartTransaction in this capture started. "
                      "OCPP 1.6 §6.45 expects the transactionId the CSMS returned in StartTransaction.conf.")
                       .arg(tx));
    } else if (t->stopped) {
        m_sink.add(LintRule::TransactionPairing, LintSeverity::Error, f.connection, ts, {f.id, t->stopFrameId},
                   tr("StopTransaction for transaction %1, which was already stopped (frame %2). OCPP 1.6 §5.18 "
                      "expects one StopTransaction per transaction.")
                       .arg(tx)
                       .arg(t->stopFrameId));
    } else {
        t->stopped = true;
        t->stopFrameId = f.id;
        if (s.active16.value(t->connectorId) == tx)
            s.active16.remove(t->connectorId);
    }
    const QString meterKey = QStringLiteral("tx:") + tx;
    for (const MeterSample &m :
         parseMeterValues(OcppVersion::V16, o.value(QLatin1String("transactionData")).toArray(), 0, 0, tx))
        m_meters.sample(f.connection, s, meterKey, m, f.id, ts);
    if (o.contains(QLatin1String("meterStop")))
        m_meters.reading(f.connection, s, meterKey, o.value(QLatin1String("meterStop")).toDouble(), f.id, ts);
}

void TransactionRules::transactionEvent(LintFrame &f)
{
    TrackedStation &s = f.station;
    const qint64 ts = f.record.timestampUs;
    const QJsonObject o = f.payload();
    const QString type = o.value(QLatin1String("eventType")).toString();
    const QString tx = o.value(QLatin1String("transactionInfo")).toObject().value(QLatin1String("transactionId")).toString();
    const bool known = s.tx2.contains(tx);
    Tx2 &t = s.tx2[tx];
    if (!known)
        t.firstFrameId = f.id;
    const QJsonObject evse = o.value(QLatin1String("evse")).toObject();
    if (!evse.isEmpty()) {
        t.evseId = evse.value(QLatin1String("id")).toInt();
        t.connectorId = evse.value(QLatin1String("connectorId")).toInt();
    }
    // Part 6 (general tool rules): the first TransactionEvent of a transaction is Started, and
    // seqNo counts every event of the transaction up by one.
    if (type == QLatin1String("Started")) {
        if (t.started) {
            m_sink.add(LintRule::TransactionPairing, LintSeverity::Error, f.connection, ts, {f.id, t.startedFrameId},
                       tr("A second TransactionEvent Started for transaction %1. OCPP 2.x (E01/E02) expects one "
                          "Started per transaction.")
                           .arg(tx));
        } else if (known) {
            m_sink.add(LintRule::TransactionPairing, LintSeverity::Error, f.connection, ts, {f.id, t.firstFrameId},
                       tr("TransactionEvent Started for transaction %1 came after its Updated or Ended events. OCPP "
                          "2.x expects the first TransactionEvent of a transaction to be Started.")
                           .arg(tx));
        }
        t.started = true;
        t.startedFrameId = f.id;
    } else if (type == QLatin1String("Ended")) {
        if (t.ended) {
            m_sink.add(LintRule::TransactionPairing, LintSeverity::Error, f.connection, ts, {f.id, t.endedFrameId},
                       tr("A second TransactionEvent Ended for transaction %1 (first: frame %2). OCPP 2.x (E06) "
                          "expects one Ended per transaction.")
                           .arg(tx)
                           .arg(t.endedFrameId));
        }
        t.ended = true;
        t.endedFrameId = f.id;
    } else if (t.ended) {
        m_sink.add(LintRule::TransactionPairing, LintSeverity::Error, f.connection, ts, {f.id, t.endedFrameId},
                   tr("TransactionEvent %1 for transaction %2 after it Ended (frame %3). OCPP 2.x expects no "
                      "events after Ended.")
                       .arg(type, tx)
                       .arg(t.endedFrameId));
    }
    checkSeqNo(f, t, tx, o.value(QLatin1String("seqNo")).toInt(-1));
    const QString meterKey = QStringLiteral("tx:") + tx;
    for (const MeterSample &m :
         parseMeterValues(f.version, o.value(QLatin1String("meterValue")).toArray(), t.evseId, t.connectorId, tx))
        m_meters.sample(f.connection, s, meterKey, m, f.id, ts);
}

void TransactionRules::checkSeqNo(LintFrame &f, Tx2 &t, const QString &tx, int seqNo)
{
    if (seqNo < 0)
        return;
    if (t.lastSeqNo >= 0 && seqNo <= t.lastSeqNo) {
        m_sink.add(LintRule::TransactionSequence, LintSeverity::Warning, f.connection, f.record.timestampUs, {f.id},
                   tr("TransactionEvent seqNo %1 for transaction %2 does not follow %3 (backwards or repeated). "
                      "OCPP 2.x expects seqNo to grow by one with every event of the transaction.")
                       .arg(seqNo)
                       .arg(tx)
                       .arg(t.lastSeqNo));
    } else if (t.lastSeqNo >= 0 && seqNo > t.lastSeqNo + 1) {
        m_sink.add(LintRule::TransactionSequence, LintSeverity::Warning, f.connection, f.record.timestampUs, {f.id},
                   tr("TransactionEvent seqNo for transaction %1 jumps from %2 to %3: %4 event(s) missing. OCPP "
                      "2.x expects seqNo to grow by one with every event, so the CSMS can tell none was lost.")
                       .arg(tx)
                       .arg(t.lastSeqNo)
                       .arg(seqNo)
                       .arg(seqNo - t.lastSeqNo - 1));
    }
    t.lastSeqNo = std::max(t.lastSeqNo, seqNo);
}

} // namespace cb
