// Each lint rule on crafted captures: a capture that breaks the rule (the finding, its frames) and
// one that keeps it (no finding of that rule).
#include "capturebuilder.h"
#include "inspection/protocollinter.h"

#include <QJsonArray>
#include <QTest>

using namespace cb;
using cb::test::CaptureBuilder;

namespace {

QJsonObject obj(std::initializer_list<QPair<QString, QJsonValue>> fields)
{
    QJsonObject o;
    for (const auto &f : fields)
        o.insert(f.first, f.second);
    return o;
}

QJsonObject meterPayload16(int connector, const QString &value, const QString &unit = QStringLiteral("Wh"))
{
    const QJsonObject sv{{QStringLiteral("value"), value}, {QStringLiteral("unit"), unit}};
    const QJsonObject mv{{QStringLiteral("timestamp"), QStringLiteral("2023-11-14T22:13:20Z")},
                         {QStringLiteral("sampledValue"), QJsonArray{sv}}};
    return QJsonObject{{QStringLiteral("connectorId"), connector}, {QStringLiteral("meterValue"), QJsonArray{mv}}};
}

QJsonObject txEvent(const QString &type, int seqNo, const QString &tx, double wh = -1)
{
    QJsonObject o{{QStringLiteral("eventType"), type},
                  {QStringLiteral("timestamp"), QStringLiteral("2023-11-14T22:13:20Z")},
                  {QStringLiteral("triggerReason"), QStringLiteral("Authorized")},
                  {QStringLiteral("seqNo"), seqNo},
                  {QStringLiteral("transactionInfo"), QJsonObject{{QStringLiteral("transactionId"), tx}}}};
    if (type == QLatin1String("Started"))
        o.insert(QStringLiteral("evse"), QJsonObject{{QStringLiteral("id"), 1}, {QStringLiteral("connectorId"), 1}});
    if (wh >= 0) {
        const QJsonObject sv{{QStringLiteral("value"), wh}};
        o.insert(QStringLiteral("meterValue"),
                 QJsonArray{QJsonObject{{QStringLiteral("timestamp"), QStringLiteral("2023-11-14T22:13:20Z")},
                                        {QStringLiteral("sampledValue"), QJsonArray{sv}}}});
    }
    return o;
}

QList<LintFinding> findingsOf(const LintReport &report, LintRule rule)
{
    QList<LintFinding> out;
    for (const LintFinding &f : report.findings) {
        if (f.rule == rule)
            out.append(f);
    }
    return out;
}

} // namespace

class TestProtocolLinter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cleanCaptureHasNoFindings();
    void schemaViolation();
    void replyWithoutCall();
    void duplicateMessageId();
    void retryMayReuseMessageId();
    void duplicateMessageIdAcrossConnections_data();
    void duplicateMessageIdAcrossConnections();
    void noReplyInTime();
    void lateReply();
    void concurrentCall();
    void bootPending();
    void bootPendingCsmsRemoteStart();
    void bootRejected();
    void requestBeforeBootAnswered();
    void heartbeatInterval();
    void heartbeatIntervalChangedByConfiguration();
    void transactions16();
    void transactionEvents();
    void transactionSequence();
    void meterBackwards();
    void roleWhenChargeBenchIsTheStation();
    void summaryAndJson();
};

void TestProtocolLinter::cleanCaptureHasNoFindings()
{
    CaptureBuilder b;
    b.open(QStringLiteral("ocpp1.6"));
    b.boot(QStringLiteral("Accepted"), 60);
    for (int i = 0; i < 5; ++i) {
        b.call(true, QStringLiteral("hb%1").arg(i), QStringLiteral("Heartbeat"), {}, 60);
        b.result(false, QStringLiteral("hb%1").arg(i), QStringLiteral("Heartbeat"),
                 obj({{QStringLiteral("currentTime"), QStringLiteral("2023-11-14T22:13:20Z")}}), 0.1);
    }
    b.close(1);
    const LintReport r = ProtocolLinter::lint(b.records);
    QVERIFY2(r.findings.isEmpty(), qPrintable(r.findings.value(0).message));
    QCOMPARE(r.recordCount, b.records.size());
    QCOMPARE(r.stations, QStringList{QStringLiteral("CP1")});
}

void TestProtocolLinter::schemaViolation()
{
    CaptureBuilder b;
    b.open(QStringLiteral("ocpp1.6"));
    const qint64 bad = b.push(CaptureRecord::Kind::Frame, false, 2, QStringLiteral("1"), QStringLiteral("Heartbeat"),
                              QByteArrayLiteral("[2,\"1\",\"Heartbeat\",{\"x\":1}]"), 0,
                              QStringLiteral("additional property x not allowed"));
    b.result(false, QStringLiteral("1"), QStringLiteral("Heartbeat"),
             obj({{QStringLiteral("currentTime"), QStringLiteral("2023-11-14T22:13:20Z")}}));
    b.call(true, QStringLiteral("2"), QStringLiteral("Heartbeat"));
    b.result(false, QStringLiteral("2"), QStringLiteral("Heartbeat"));
    const LintReport r = ProtocolLinter::lint(b.records);
    QCOMPARE(r.findings.size(), 1);
    QCOMPARE(r.findings[0].rule, LintRule::SchemaViolation);
    QCOMPARE(r.findings[0].frameIds, QList<qint64>{bad});
    QCOMPARE(r.findings[0].severity, LintSeverity::Error);
    QVERIFY(r.findings[0].message.contains(QLatin1String("additional property x not allowed")));
}

void TestProtocolLinter::replyWithoutCall()
{
    CaptureBuilder b;
    b.open(QStringLiteral("ocpp1.6"));
    const qint64 orphan = b.result(false, QStringLiteral("nobody-asked"), QString());
    b.call(true, QStringLiteral("a"), QStringLiteral("Heartbeat"));
    b.result(false, QStringLiteral("a"), QStringLiteral("Heartbeat"));
    // A reply in the same direction as the CALL does not answer it.
    b.call(false, QStringLiteral("c"), QStringLiteral("GetConfiguration"));
    const qint64 wrongWay = b.result(false, QStringLiteral("c"), QStringLiteral("GetConfiguration"));
    b.result(true, QStringLiteral("c"), QStringLiteral("GetConfiguration"));
    const LintReport r = ProtocolLinter::lint(b.records);
    const auto f = findingsOf(r, LintRule::ReplyWithoutCall);
    QCOMPARE(f.size(), 2);
    QCOMPARE(f[0].frameIds, QList<qint64>{orphan});
    QCOMPARE(f[1].frameIds, QList<qint64>{wrongWay});
    QCOMPARE(r.findings.size(), 2);
}

void TestProtocolLinter::duplicateMessageId()
{
    CaptureBuilder b;
    b.open(QStringLiteral("ocpp1.6"));
    const qint64 first = b.call(true, QStringLiteral("same"), QStringLiteral("Heartbeat"));
    b.result(false, QStringLiteral("same"), QStringLiteral("Heartbeat"));
    // The CSMS may use the same id: uniqueness is per sender.
    b.call(false, QStringLiteral("same"), QStringLiteral("GetConfiguration"));
    b.result(true, QStringLiteral("same"), QStringLiteral("GetConfiguration"));
    const qint64 again = b.call(true, QStringLiteral("same"), QStringLiteral("Heartbeat"), {}, 1);
    b.result(false, QStringLiteral("same"), QStringLiteral("Heartbeat"));
    const LintReport r = ProtocolLinter::lint(b.records);
    const auto f = findingsOf(r, LintRule::DuplicateMessageId);
    QCOMPARE(f.size(), 1);
    QCOMPARE(f[0].frameIds, (QList<qint64>{again, first}));
    QCOMPARE(r.findings.size(), 1);
}

void TestProtocolLinter::retryMayReuseMessageId()
{
    // OCPP-J 2.1 part 4 §4.1.4: a CALL retried after its timeout may carry the same id.
    CaptureBuilder b;
    b.open(QStringLiteral("ocpp2.1"));
    const qint64 first = b.call(true, QStringLiteral("r"), QStringLiteral("Heartbeat"));
    b.call(true, QStringLiteral("r"), QStringLiteral("Heartbeat"), {}, 31);
    b.result(false, QStringLiteral("r"), QStringLiteral("Heartbeat"));
    // ... and so may a CALL the closed connection left unanswered, on the next connection.
    b.call(true, QStringLiteral("lost"), QStringLiteral("Heartbeat"), {}, 1);
    b.close(1);
    b.connection = 2;
    b.open(QStringLiteral("ocpp2.1"), 1);
    b.call(true, QStringLiteral("lost"), QStringLiteral("Heartbeat"));
    b.result(false, QStringLiteral("lost"), QStringLiteral("Heartbeat"));
    const LintReport r = ProtocolLinter::lint(b.records);
    QCOMPARE(findingsOf(r, LintRule::DuplicateMessageId).size(), 0);
    QCOMPARE(r.findings.size(), 1);
    QCOMPARE(r.findings[0].rule, LintRule::NoReplyInTime);
    QCOMPARE(r.findings[0].frameIds, QList<qint64>{first});
}

void TestProtocolLinter::duplicateMessageIdAcrossConnections_data()
{
    QTest::addColumn<QString>("subprotocol");
    QTest::addColumn<int>("expected");
    QTest::newRow("1.6: per connection") << QStringLiteral("ocpp1.6") << 0;
    QTest::newRow("2.0.1: per connection") << QStringLiteral("ocpp2.0.1") << 0;
    QTest::newRow("2.1: per station") << QStringLiteral("ocpp2.1") << 1;
}

void TestProtocolLinter::duplicateMessageIdAcrossConnections()
{
    QFETCH(QString, subprotocol);
    QFETCH(int, expected);
    CaptureBuilder b;
    b.open(subprotocol);
    b.call(true, QStringLiteral("1"), QStringLiteral("Heartbeat"));
    b.result(false, QStringLiteral("1"), QStringLiteral("Heartbeat"));
    b.close(1);
    b.connection = 2;
    b.open(subprotocol, 1);
    b.call(true, QStringLiteral("1"), QStringLiteral("Heartbeat"));
    b.result(false, QStringLiteral("1"), QStringLiteral("Heartbeat"));
    const LintReport r = ProtocolLinter::lint(b.records);
    QCOMPARE(findingsOf(r, LintRule::DuplicateMessageId).size(), expected);
    QCOMPARE(r.findings.size(), expected);
}

void TestProtocolLinter::noReplyInTime()
{
    CaptureBuilder b;
    b.open(QStringLiteral("ocpp1.6"));
    const qint64 unanswered = b.call(false, QStringLiteral("q"), QStringLiteral("GetConfiguration"));
    b.call(true, QStringLiteral("h"), QStringLiteral("Heartbeat"), {}, 31);
    b.result(false, QStringLiteral("h"), QStringLiteral("Heartbeat"));
    const LintReport r = ProtocolLinter::lint(b.records);
    const auto f = findingsOf(r, LintRule::NoReplyInTime);
    QCOMPARE(f.size(), 1);
    QCOMPARE(f[0].frameIds, QList<qint64>{unanswered});
    QCOMPARE(r.findings.size(), 1);

    // A longer timeout accepts the same capture.
    LintOptions o;
    o.replyTimeoutUs = 60'000'000;
    QCOMPARE(ProtocolLinter::lint(b.records, o).findings.size(), 0);

    // A connection closed before the timeout: no finding (the call failed with the connection).
    CaptureBuilder c;
    c.open(QStringLiteral("ocpp1.6"));
    c.call(false, QStringLiteral("q"), QStringLiteral("GetConfiguration"));
    c.close(5);
    QCOMPARE(ProtocolLinter::lint(c.records).findings.size(), 0);
}

void TestProtocolLinter::lateReply()
{
    CaptureBuilder b;
    b.open(QStringLiteral("ocpp1.6"));
    const qint64 callId = b.call(false, QStringLiteral("q"), QStringLiteral("GetConfiguration"));
    const qint64 replyId = b.result(true, QStringLiteral("q"), QStringLiteral("GetConfiguration"), {}, 45);
    const LintReport r = ProtocolLinter::lint(b.records);
    const auto f = findingsOf(r, LintRule::NoReplyInTime);
    QCOMPARE(f.size(), 1);
    QCOMPARE(f[0].frameIds, (QList<qint64>{callId, replyId}));
    QCOMPARE(r.findings.size(), 1); // the late reply is not also "without a CALL"

    CaptureBuilder ok;
    ok.open(QStringLiteral("ocpp1.6"));
    ok.call(false, QStringLiteral("q"), QStringLiteral("GetConfiguration"));
    ok.result(true, QStringLiteral("q"), QStringLiteral("GetConfiguration"), {}, 29);
    QCOMPARE(ProtocolLinter::lint(ok.records).findings.size(), 0);
}

void TestProtocolLinter::concurrentCall()
{
    CaptureBuilder b;
    b.open(QStringLiteral("ocpp1.6"));
    const qint64 first = b.call(true, QStringLiteral("1"), QStringLiteral("Heartbeat"));
    // The other direction may have its own CALL outstanding.
    b.call(false, QStringLiteral("x"), QStringLiteral("GetConfiguration"));
    const qint64 second = b.call(true, QStringLiteral("2"), QStringLiteral("StatusNotification"));
    b.result(false, QStringLiteral("1"), QStringLiteral("Heartbeat"));
    b.result(false, QStringLiteral("2"), QStringLiteral("StatusNotification"));
    b.result(true, QStringLiteral("x"), QStringLiteral("GetConfiguration"));
    // After the reply, the next CALL is fine.
    b.call(true, QStringLiteral("3"), QStringLiteral("Heartbeat"));
    b.result(false, QStringLiteral("3"), QStringLiteral("Heartbeat"));
    const LintReport r = ProtocolLinter::lint(b.records);
    const auto f = findingsOf(r, LintRule::ConcurrentCall);
    QCOMPARE(f.size(), 1);
    QCOMPARE(f[0].frameIds, (QList<qint64>{second, first}));
    QCOMPARE(r.findings.size(), 1);
}

void TestProtocolLinter::bootPending()
{
    CaptureBuilder b;
    b.open(QStringLiteral("ocpp1.6"));
    b.boot(QStringLiteral("Pending"), 10);
    // The CSMS may ask for information while Pending (1.6 §4.2).
    b.call(false, QStringLiteral("g"), QStringLiteral("GetConfiguration"));
    b.result(true, QStringLiteral("g"), QStringLiteral("GetConfiguration"));
    // A triggered message is allowed once.
    b.call(false, QStringLiteral("t"), QStringLiteral("TriggerMessage"),
           obj({{QStringLiteral("requestedMessage"), QStringLiteral("StatusNotification")}}));
    b.result(true, QStringLiteral("t"), QStringLiteral("TriggerMessage"),
             obj({{QStringLiteral("status"), QStringLiteral("Accepted")}}));
    b.call(true, QStringLiteral("s1"), QStringLiteral("StatusNotification"));
    b.result(false, QStringLiteral("s1"), QStringLiteral("StatusNotification"));
    const qint64 unasked = b.call(true, QStringLiteral("s2"), QStringLiteral("StatusNotification"));
    b.result(false, QStringLiteral("s2"), QStringLiteral("StatusNotification"));
    // Accepted: anything goes.
    b.boot(QStringLiteral("Accepted"), 60, QStringLiteral("boot2"));
    b.call(true, QStringLiteral("s3"), QStringLiteral("StatusNotification"));
    b.result(false, QStringLiteral("s3"), QStringLiteral("StatusNotification"));
    const LintReport r = ProtocolLinter::lint(b.records);
    const auto f = findingsOf(r, LintRule::NotAccepted);
    QCOMPARE(f.size(), 1);
    QCOMPARE(f[0].frameIds.first(), unasked);
    QCOMPARE(r.findings.size(), 1);
}

void TestProtocolLinter::bootPendingCsmsRemoteStart()
{
    for (const QString &sub : {QStringLiteral("ocpp1.6"), QStringLiteral("ocpp2.0.1")}) {
        const QString action = sub == QLatin1String("ocpp1.6") ? QStringLiteral("RemoteStartTransaction")
                                                                : QStringLiteral("RequestStartTransaction");
        CaptureBuilder b;
        b.open(sub);
        b.boot(QStringLiteral("Pending"));
        const qint64 remote = b.call(false, QStringLiteral("r"), action);
        b.result(true, QStringLiteral("r"), action);
        const LintReport r = ProtocolLinter::lint(b.records);
        QCOMPARE(r.findings.size(), 1);
        QCOMPARE(r.findings[0].rule, LintRule::NotAccepted);
        QCOMPARE(r.findings[0].frameIds.first(), remote);

        CaptureBuilder ok;
        ok.open(sub);
        ok.boot(QStringLiteral("Accepted"));
        ok.call(false, QStringLiteral("r"), action);
        ok.result(true, QStringLiteral("r"), action);
        QCOMPARE(ProtocolLinter::lint(ok.records).findings.size(), 0);
    }
}

void TestProtocolLinter::bootRejected()
{
    CaptureBuilder b;
    b.open(QStringLiteral("ocpp2.0.1"));
    b.boot(QStringLiteral("Rejected"), 30);
    const qint64 status = b.call(true, QStringLiteral("s"), QStringLiteral("StatusNotification"), {}, 1);
    b.result(false, QStringLiteral("s"), QStringLiteral("StatusNotification"));
    const qint64 csms = b.call(false, QStringLiteral("c"), QStringLiteral("GetVariables"));
    b.result(true, QStringLiteral("c"), QStringLiteral("GetVariables"));
    // A new boot after the retry interval is what the station should do.
    b.boot(QStringLiteral("Accepted"), 30, QStringLiteral("boot2"));
    const LintReport r = ProtocolLinter::lint(b.records);
    const auto f = findingsOf(r, LintRule::NotAccepted);
    QCOMPARE(f.size(), 2);
    QCOMPARE(f[0].frameIds.first(), status);
    QCOMPARE(f[0].severity, LintSeverity::Error);
    QCOMPARE(f[1].frameIds.first(), csms);
    QCOMPARE(f[1].severity, LintSeverity::Warning);
    QCOMPARE(r.findings.size(), 2);
}

void TestProtocolLinter::requestBeforeBootAnswered()
{
    CaptureBuilder b;
    b.open(QStringLiteral("ocpp1.6"));
    b.call(true, QStringLiteral("b"), QStringLiteral("BootNotification"));
    b.result(false, QStringLiteral("b"), QStringLiteral("BootNotification"),
             obj({{QStringLiteral("status"), QStringLiteral("Accepted")}, {QStringLiteral("interval"), 0}}), 40);
    const LintReport r = ProtocolLinter::lint(b.records);
    QCOMPARE(findingsOf(r, LintRule::NotAccepted).size(), 0);

    // A capture that starts without a boot judges nothing about registration.
    CaptureBuilder c;
    c.open(QStringLiteral("ocpp1.6"));
    c.call(true, QStringLiteral("s"), QStringLiteral("StatusNotification"));
    c.result(false, QStringLiteral("s"), QStringLiteral("StatusNotification"));
    QCOMPARE(ProtocolLinter::lint(c.records).findings.size(), 0);
}

void TestProtocolLinter::heartbeatInterval()
{
    CaptureBuilder b;
    b.open(QStringLiteral("ocpp1.6"));
    b.boot(QStringLiteral("Accepted"), 60);
    b.call(true, QStringLiteral("1"), QStringLiteral("Heartbeat"), {}, 60);
    b.result(false, QStringLiteral("1"), QStringLiteral("Heartbeat"));
    const qint64 late = b.call(true, QStringLiteral("2"), QStringLiteral("Heartbeat"), {}, 200);
    b.result(false, QStringLiteral("2"), QStringLiteral("Heartbeat"));
    // Any request counts, not only Heartbeat.
    b.call(true, QStringLiteral("3"), QStringLiteral("StatusNotification"), {}, 95);
    b.result(false, QStringLiteral("3"), QStringLiteral("StatusNotification"));
    const LintReport r = ProtocolLinter::lint(b.records);
    const auto f = findingsOf(r, LintRule::HeartbeatInterval);
    QCOMPARE(f.size(), 1);
    QCOMPARE(f[0].frameIds, (QList<qint64>{4, late})); // the previous request, then the late one
    QCOMPARE(r.findings.size(), 1);
}

void TestProtocolLinter::heartbeatIntervalChangedByConfiguration()
{
    CaptureBuilder b;
    b.open(QStringLiteral("ocpp1.6"));
    b.boot(QStringLiteral("Accepted"), 60);
    b.call(false, QStringLiteral("c"), QStringLiteral("ChangeConfiguration"),
           obj({{QStringLiteral("key"), QStringLiteral("HeartbeatInterval")}, {QStringLiteral("value"), QStringLiteral("600")}}));
    b.result(true, QStringLiteral("c"), QStringLiteral("ChangeConfiguration"),
             obj({{QStringLiteral("status"), QStringLiteral("Accepted")}}));
    b.call(true, QStringLiteral("1"), QStringLiteral("Heartbeat"), {}, 600);
    b.result(false, QStringLiteral("1"), QStringLiteral("Heartbeat"));
    QCOMPARE(ProtocolLinter::lint(b.records).findings.size(), 0);
    // 2.x: SetVariables OCPPCommCtrlr.HeartbeatInterval, applied only when Accepted.
    for (const QString &status : {QStringLiteral("Accepted"), QStringLiteral("Rejected")}) {
        CaptureBuilder v;
        v.open(QStringLiteral("ocpp2.0.1"));
        v.boot(QStringLiteral("Accepted"), 60);
        const QJsonObject cv{{QStringLiteral("component"), obj({{QStringLiteral("name"), QStringLiteral("OCPPCommCtrlr")}})},
                             {QStringLiteral("variable"), obj({{QStringLiteral("name"), QStringLiteral("HeartbeatInterval")}})}};
        QJsonObject data = cv;
        data.insert(QStringLiteral("attributeValue"), QStringLiteral("900"));
        QJsonObject result = cv;
        result.insert(QStringLiteral("attributeStatus"), status);
        v.call(false, QStringLiteral("c"), QStringLiteral("SetVariables"),
               obj({{QStringLiteral("setVariableData"), QJsonArray{data}}}));
        v.result(true, QStringLiteral("c"), QStringLiteral("SetVariables"),
                 obj({{QStringLiteral("setVariableResult"), QJsonArray{result}}}));
        v.call(true, QStringLiteral("1"), QStringLiteral("Heartbeat"), {}, 900);
        v.result(false, QStringLiteral("1"), QStringLiteral("Heartbeat"));
        QCOMPARE(ProtocolLinter::lint(v.records).count(LintRule::HeartbeatInterval),
                 status == QLatin1String("Accepted") ? 0 : 1);
    }
}

void TestProtocolLinter::transactions16()
{
    CaptureBuilder b;
    b.open(QStringLiteral("ocpp1.6"));
    const auto start = [&b](const QString &id, int connector, int tx) {
        const qint64 f = b.call(true, id, QStringLiteral("StartTransaction"),
                                obj({{QStringLiteral("connectorId"), connector},
                                     {QStringLiteral("idTag"), QStringLiteral("TAG")},
                                     {QStringLiteral("meterStart"), 1000},
                                     {QStringLiteral("timestamp"), QStringLiteral("2023-11-14T22:13:20Z")}}));
        b.result(false, id, QStringLiteral("StartTransaction"),
                 obj({{QStringLiteral("transactionId"), tx},
                      {QStringLiteral("idTagInfo"), obj({{QStringLiteral("status"), QStringLiteral("Accepted")}})}}));
        return f;
    };
    const auto stop = [&b](const QString &id, int tx, int meterStop) {
        const qint64 f = b.call(true, id, QStringLiteral("StopTransaction"),
                                obj({{QStringLiteral("transactionId"), tx},
                                     {QStringLiteral("meterStop"), meterStop},
                                     {QStringLiteral("timestamp"), QStringLiteral("2023-11-14T22:13:20Z")}}));
        b.result(false, id, QStringLiteral("StopTransaction"));
        return f;
    };
    start(QStringLiteral("s1"), 1, 5);
    stop(QStringLiteral("p1"), 5, 2000); // fine
    const qint64 running = start(QStringLiteral("s2"), 1, 6); // the connector is free again
    const qint64 doubleStart = start(QStringLiteral("s3"), 1, 7);
    const qint64 unknownStop = stop(QStringLiteral("p2"), 99, 5000);
    const qint64 firstStop = stop(QStringLiteral("p3"), 6, 3000);
    const qint64 secondStop = stop(QStringLiteral("p4"), 6, 3000);
    const LintReport r = ProtocolLinter::lint(b.records);
    const auto f = findingsOf(r, LintRule::TransactionPairing);
    QCOMPARE(f.size(), 3);
    QCOMPARE(f[0].frameIds, (QList<qint64>{doubleStart, running}));
    QCOMPARE(f[1].frameIds, QList<qint64>{unknownStop});
    QCOMPARE(f[1].severity, LintSeverity::Warning);
    QCOMPARE(f[2].frameIds, (QList<qint64>{secondStop, firstStop}));
    QCOMPARE(f[2].severity, LintSeverity::Error);
    QCOMPARE(r.findings.size(), 3);
}

void TestProtocolLinter::transactionEvents()
{
    CaptureBuilder good;
    good.open(QStringLiteral("ocpp2.0.1"));
    int n = 0;
    for (const auto &[type, seq] : {std::pair{QStringLiteral("Started"), 0}, std::pair{QStringLiteral("Updated"), 1},
                                    std::pair{QStringLiteral("Ended"), 2}}) {
        const QString id = QString::number(++n);
        good.call(true, id, QStringLiteral("TransactionEvent"), txEvent(type, seq, QStringLiteral("T1")));
        good.result(false, id, QStringLiteral("TransactionEvent"));
    }
    QCOMPARE(ProtocolLinter::lint(good.records).findings.size(), 0);

    CaptureBuilder b;
    b.open(QStringLiteral("ocpp2.0.1"));
    const auto ev = [&b, &n](const QString &type, int seq, const QString &tx) {
        const QString id = QString::number(++n);
        const qint64 f = b.call(true, id, QStringLiteral("TransactionEvent"), txEvent(type, seq, tx));
        b.result(false, id, QStringLiteral("TransactionEvent"));
        return f;
    };
    const qint64 updated = ev(QStringLiteral("Updated"), 1, QStringLiteral("A"));
    const qint64 started = ev(QStringLiteral("Started"), 2, QStringLiteral("A"));
    ev(QStringLiteral("Started"), 0, QStringLiteral("B"));
    const qint64 ended = ev(QStringLiteral("Ended"), 1, QStringLiteral("B"));
    const qint64 ended2 = ev(QStringLiteral("Ended"), 2, QStringLiteral("B"));
    const qint64 after = ev(QStringLiteral("Updated"), 3, QStringLiteral("B"));
    const LintReport r = ProtocolLinter::lint(b.records);
    const auto f = findingsOf(r, LintRule::TransactionPairing);
    QCOMPARE(f.size(), 3);
    QCOMPARE(f[0].frameIds, (QList<qint64>{started, updated}));
    QCOMPARE(f[1].frameIds, (QList<qint64>{ended2, ended}));
    QCOMPARE(f[2].frameIds, (QList<qint64>{after, ended2}));
    QCOMPARE(r.findings.size(), 3);
}

void TestProtocolLinter::transactionSequence()
{
    CaptureBuilder b;
    b.open(QStringLiteral("ocpp2.1"));
    int n = 0;
    const auto ev = [&b, &n](const QString &type, int seq) {
        const QString id = QString::number(++n);
        const qint64 f = b.call(true, id, QStringLiteral("TransactionEvent"), txEvent(type, seq, QStringLiteral("T")));
        b.result(false, id, QStringLiteral("TransactionEvent"));
        return f;
    };
    ev(QStringLiteral("Started"), 0);
    ev(QStringLiteral("Updated"), 1);
    const qint64 skip = ev(QStringLiteral("Updated"), 4);
    const qint64 back = ev(QStringLiteral("Updated"), 3);
    ev(QStringLiteral("Ended"), 5);
    const LintReport r = ProtocolLinter::lint(b.records);
    const auto f = findingsOf(r, LintRule::TransactionSequence);
    QCOMPARE(f.size(), 2);
    QCOMPARE(f[0].frameIds, QList<qint64>{skip});
    QVERIFY(f[0].message.contains(QLatin1String("2 event(s) missing")));
    QCOMPARE(f[1].frameIds, QList<qint64>{back});
    QCOMPARE(r.findings.size(), 2);
}

void TestProtocolLinter::meterBackwards()
{
    CaptureBuilder b;
    b.open(QStringLiteral("ocpp1.6"));
    int n = 0;
    const auto mv = [&b, &n](int connector, const QString &value, const QString &unit) {
        const QString id = QString::number(++n);
        const qint64 f = b.call(true, id, QStringLiteral("MeterValues"), meterPayload16(connector, value, unit));
        b.result(false, id, QStringLiteral("MeterValues"));
        return f;
    };
    mv(1, QStringLiteral("0.2"), QStringLiteral("kWh"));
    const qint64 high = mv(1, QStringLiteral("300"), QStringLiteral("Wh")); // 0.2 kWh -> 300 Wh: forward
    mv(2, QStringLiteral("10"), QStringLiteral("Wh")); // another connector has its own register
    const qint64 low = mv(1, QStringLiteral("250"), QStringLiteral("Wh"));
    const LintReport r = ProtocolLinter::lint(b.records);
    const auto f = findingsOf(r, LintRule::MeterBackwards);
    QCOMPARE(f.size(), 1);
    QCOMPARE(f[0].frameIds, (QList<qint64>{low, high}));
    QCOMPARE(r.findings.size(), 1);

    // 2.x: TransactionEvent meter values per transaction.
    CaptureBuilder t;
    t.open(QStringLiteral("ocpp2.0.1"));
    t.call(true, QStringLiteral("1"), QStringLiteral("TransactionEvent"), txEvent(QStringLiteral("Started"), 0, QStringLiteral("X"), 500));
    t.result(false, QStringLiteral("1"), QStringLiteral("TransactionEvent"));
    const qint64 back = t.call(true, QStringLiteral("2"), QStringLiteral("TransactionEvent"),
                               txEvent(QStringLiteral("Updated"), 1, QStringLiteral("X"), 400));
    t.result(false, QStringLiteral("2"), QStringLiteral("TransactionEvent"));
    const LintReport rt = ProtocolLinter::lint(t.records);
    QCOMPARE(rt.findings.size(), 1);
    QCOMPARE(rt.findings[0].rule, LintRule::MeterBackwards);
    QCOMPARE(rt.findings[0].frameIds, (QList<qint64>{back, 2}));
}

void TestProtocolLinter::roleWhenChargeBenchIsTheStation()
{
    // ChargeBench's virtual station sends the station's frames (outgoing).
    CaptureBuilder b;
    b.stationIsOutgoing = true;
    b.open(QStringLiteral("ocpp1.6"));
    b.boot(QStringLiteral("Pending"));
    const qint64 early = b.call(true, QStringLiteral("s"), QStringLiteral("StatusNotification"));
    b.result(false, QStringLiteral("s"), QStringLiteral("StatusNotification"));
    const LintReport r = ProtocolLinter::lint(b.records);
    QCOMPARE(r.findings.size(), 1);
    QCOMPARE(r.findings[0].rule, LintRule::NotAccepted);
    QCOMPARE(r.findings[0].frameIds.first(), early);
}

void TestProtocolLinter::summaryAndJson()
{
    CaptureBuilder b;
    b.open(QStringLiteral("ocpp1.6"));
    b.result(false, QStringLiteral("x"), QString());
    b.result(false, QStringLiteral("y"), QString());
    b.station = QStringLiteral("CP2");
    b.connection = 2;
    b.open(QStringLiteral("ocpp1.6"));
    b.call(true, QStringLiteral("h"), QStringLiteral("Heartbeat"));
    b.result(false, QStringLiteral("h"), QStringLiteral("Heartbeat"));
    const LintReport r = ProtocolLinter::lint(b.records);
    const auto s = r.summary();
    QCOMPARE(s.size(), 2);
    QCOMPARE(s.value(QStringLiteral("CP1")).value(LintRule::ReplyWithoutCall), 2);
    QVERIFY(s.value(QStringLiteral("CP2")).isEmpty());
    const QJsonObject j = r.toJson();
    QCOMPARE(j.value(QLatin1String("format")).toString(), QStringLiteral("chargebench-lint"));
    QCOMPARE(j.value(QLatin1String("findings")).toArray().size(), 2);
    QCOMPARE(j.value(QLatin1String("findings")).toArray().at(0).toObject().value(QLatin1String("rule")).toString(),
             QStringLiteral("reply-without-call"));
    QCOMPARE(j.value(QLatin1String("summary")).toObject().value(QLatin1String("CP1")).toObject()
                 .value(QLatin1String("reply-without-call")).toInt(),
             2);
}

QTEST_GUILESS_MAIN(TestProtocolLinter)
#include "tst_protocollinter.moc"
