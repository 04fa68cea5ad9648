#pragma once

#include "storage/capturewriter.h"
#include "storage/storedcapturerecord.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QTemporaryDir>

#include <functional>

namespace cb::test {

// A small, fully known capture written through the real CaptureWriter into a real SQLite file:
// two stations (CP-1 on OCPP 1.6, CP-2 on 2.0.1), CALLs from both sides, replies with statuses, a
// CALLERROR, a schema violation, an unanswered CALL and words to search for. Ids are 1..N in the
// order of `records` (a new database, one writer).
class TrafficFixture
{
public:
    QTemporaryDir dir;
    QList<StoredCaptureRecord> records;
    qint64 nowUs = 1'700'000'000'000'000; // 2023-11-14T22:13:20Z

    QString path() const { return dir.filePath(QStringLiteral("capture.sqlite")); }

    qint64 push(const QString &station, qint64 connection, CaptureRecord::Kind kind, bool outgoing, int type, const QString &id,
                const QString &action, const QByteArray &data, qint64 afterUs, const QString &problem = {})
    {
        nowUs += afterUs;
        StoredCaptureRecord s;
        s.id = records.size() + 1;
        s.record.kind = kind;
        s.record.timestampUs = nowUs;
        s.record.stationId = station;
        s.record.connectionId = connection;
        s.record.outgoing = outgoing;
        s.record.messageType = type;
        s.record.messageId = id;
        s.record.action = action;
        s.record.data = data;
        s.record.problem = problem;
        records.append(s);
        return s.id;
    }
    static QByteArray json(const QJsonArray &a) { return QJsonDocument(a).toJson(QJsonDocument::Compact); }

    qint64 open(const QString &station, qint64 connection, const QString &subprotocol, qint64 afterUs = 1000)
    {
        return push(station, connection, CaptureRecord::Kind::ConnectionOpened, false, 0, {}, {},
                    QJsonDocument(QJsonObject{{QStringLiteral("subprotocol"), subprotocol}}).toJson(QJsonDocument::Compact), afterUs);
    }
    // CALL: fromStation means received by the CSMS (outgoing false).
    qint64 call(const QString &station, qint64 connection, bool fromStation, const QString &id, const QString &action,
                const QJsonObject &payload, qint64 afterUs = 1000, const QString &problem = {})
    {
        return push(station, connection, CaptureRecord::Kind::Frame, !fromStation, 2, id, action, json({2, id, action, payload}), afterUs,
                    problem);
    }
    qint64 result(const QString &station, qint64 connection, bool fromStation, const QString &id, const QString &action,
                  const QJsonObject &payload, qint64 afterUs = 1000)
    {
        return push(station, connection, CaptureRecord::Kind::Frame, !fromStation, 3, id, action, json({3, id, payload}), afterUs);
    }
    qint64 error(const QString &station, qint64 connection, bool fromStation, const QString &id, const QString &action,
                 const QString &code, qint64 afterUs = 1000)
    {
        return push(station, connection, CaptureRecord::Kind::Frame, !fromStation, 4, id, action,
                    json({4, id, code, QStringLiteral("not here"), QJsonObject{}}), afterUs);
    }

    // Ids of the frames the scenario names, for the tests.
    qint64 bootCall = 0, bootResult = 0, authorizeCall = 0, authorizeResult = 0, badStatus = 0, resetCall = 0, resetError = 0,
           unanswered = 0, cp2Boot = 0, cp2BootResult = 0, cp2Event = 0;

    void buildScenario(int padding = 0)
    {
        const QString cp1 = QStringLiteral("CP-1"), cp2 = QStringLiteral("CP-2");
        open(cp1, 1, QStringLiteral("ocpp1.6"));
        bootCall = call(cp1, 1, true, QStringLiteral("b1"), QStringLiteral("BootNotification"),
                        {{QStringLiteral("chargePointVendor"), QStringLiteral("Acme")}, {QStringLiteral("chargePointModel"), QStringLiteral("X1")}});
        open(cp2, 2, QStringLiteral("ocpp2.0.1"), 500);
        bootResult = result(cp1, 1, false, QStringLiteral("b1"), QStringLiteral("BootNotification"),
                            {{QStringLiteral("status"), QStringLiteral("Accepted")},
                             {QStringLiteral("interval"), 300},
                             {QStringLiteral("currentTime"), QStringLiteral("2023-11-14T22:13:20Z")}},
                            11'500); // 12 ms after the CALL
        cp2Boot = call(cp2, 2, true, QStringLiteral("c2b"), QStringLiteral("BootNotification"),
                       {{QStringLiteral("reason"), QStringLiteral("PowerUp")},
                        {QStringLiteral("chargingStation"), QJsonObject{{QStringLiteral("model"), QStringLiteral("Sunflower")},
                                                                         {QStringLiteral("vendorName"), QStringLiteral("Petal")}}}});
        cp2BootResult = result(cp2, 2, false, QStringLiteral("c2b"), QStringLiteral("BootNotification"),
                               {{QStringLiteral("status"), QStringLiteral("Pending")},
                                {QStringLiteral("interval"), 10},
                                {QStringLiteral("currentTime"), QStringLiteral("2023-11-14T22:13:20Z")}},
                               3000);
        authorizeCall = call(cp1, 1, true, QStringLiteral("a1"), QStringLiteral("Authorize"), {{QStringLiteral("idTag"), QStringLiteral("TAG-ALPHA")}});
        authorizeResult = result(cp1, 1, false, QStringLiteral("a1"), QStringLiteral("Authorize"),
                                 {{QStringLiteral("idTagInfo"), QJsonObject{{QStringLiteral("status"), QStringLiteral("Accepted")}}}}, 4000);
        badStatus = call(cp1, 1, true, QStringLiteral("s1"), QStringLiteral("StatusNotification"),
                         {{QStringLiteral("connectorId"), -1}, {QStringLiteral("errorCode"), QStringLiteral("NoError")},
                          {QStringLiteral("status"), QStringLiteral("Available")}},
                         1000, QStringLiteral("/connectorId: less than minimum 0"));
        result(cp1, 1, false, QStringLiteral("s1"), QStringLiteral("StatusNotification"), {});
        cp2Event = call(cp2, 2, true, QStringLiteral("t1"), QStringLiteral("TransactionEvent"),
                        {{QStringLiteral("eventType"), QStringLiteral("Started")},
                         {QStringLiteral("timestamp"), QStringLiteral("2023-11-14T22:13:21Z")},
                         {QStringLiteral("triggerReason"), QStringLiteral("Authorized")},
                         {QStringLiteral("seqNo"), 0},
                         {QStringLiteral("transactionInfo"), QJsonObject{{QStringLiteral("transactionId"), QStringLiteral("tx-sunflower")}}}});
        result(cp2, 2, false, QStringLiteral("t1"), QStringLiteral("TransactionEvent"), {});
        resetCall = call(cp1, 1, false, QStringLiteral("r1"), QStringLiteral("Reset"), {{QStringLiteral("type"), QStringLiteral("Soft")}});
        resetError = error(cp1, 1, true, QStringLiteral("r1"), QStringLiteral("Reset"), QStringLiteral("NotSupported"), 2000);
        for (int i = 0; i < padding; ++i) {
            const QString id = QStringLiteral("h%1").arg(i);
            call(cp1, 1, true, id, QStringLiteral("Heartbeat"), {});
            result(cp1, 1, false, id, QStringLiteral("Heartbeat"), {{QStringLiteral("currentTime"), QStringLiteral("2023-11-14T22:13:20Z")}});
        }
        // Never answered: the capture goes on for a minute after it.
        unanswered = call(cp1, 1, true, QStringLiteral("lost"), QStringLiteral("Heartbeat"), {});
        call(cp2, 2, true, QStringLiteral("late"), QStringLiteral("Heartbeat"), {}, 60'000'000);
        result(cp2, 2, false, QStringLiteral("late"), QStringLiteral("Heartbeat"),
               {{QStringLiteral("currentTime"), QStringLiteral("2023-11-14T22:14:20Z")}});
    }

    // Writes `records` (from index `from`) through the real CaptureWriter.
    bool write(qsizetype from = 0)
    {
        CaptureWriter writer;
        if (!writer.open(path()))
            return false;
        for (qsizetype i = from; i < records.size(); ++i)
            writer.append(records.at(i).record);
        return writer.close().ok();
    }

    QList<qint64> idsWhere(const std::function<bool(const CaptureRecord &)> &keep) const
    {
        QList<qint64> out;
        for (const StoredCaptureRecord &s : records)
            if (keep(s.record))
                out << s.id;
        return out;
    }
};

} // namespace cb::test
