// Scripted faults of the virtual station against the real server: connector faulted during a
// session, a malformed frame, slow replies (within and beyond the CSMS's timeout), a dropped
// connection in the middle of a session (messages queued offline and delivered in order), and a
// station that treats every boot as rejected. The server handles each, and another station on
// the same server keeps working throughout.
#include "simbench.h"

#include "simulator/faultscript.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace cb;
using namespace cb::test;
using namespace std::chrono_literals;

Q_DECLARE_METATYPE(cb::OcppVersion)

namespace {

constexpr auto In = FrameEvent::Direction::In;
const QByteArray kMalformed = QByteArrayLiteral("[2,\"broken-1\",\"Heartbeat\",{\"unterminated\":");

QJsonObject json(const char *text) { return QJsonDocument::fromJson(QByteArray(text)).object(); }
QJsonObject payloadOf(const RecordedFrame &f) { return f.json().at(3).toObject(); }

QString connectorStatus(SimBench &b, const QString &id, int evse, int connector, QString *errorCode = nullptr)
{
    StationSession *s = b.session(id);
    if (!s)
        return {};
    for (const ConnectorStatus &c : s->state().connectors)
        if (c.evseId == evse && c.connectorId == connector) {
            if (errorCode)
                *errorCode = c.errorCode;
            return c.status;
        }
    return {};
}

const TransactionRecord *lastTransaction(SimBench &b, const QString &id)
{
    StationSession *s = b.session(id);
    return s && !s->state().transactions.isEmpty() ? &s->state().transactions.last() : nullptr;
}

// A cheap CSMS call every version answers.
CallOutcome probe(SimBench &b, const QString &id, OcppVersion v)
{
    return v == OcppVersion::V16 ? b.call(id, QStringLiteral("GetConfiguration"), json(R"({"key":["HeartbeatInterval"]})"))
                                 : b.call(id, QStringLiteral("GetVariables"),
                                          json(R"({"getVariableData":[{"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"}}]})"));
}

} // namespace

class TestStationFaults : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void faultsDoNoHarm_data();
    void faultsDoNoHarm();
    void droppedConnectionKeepsTheSession_data() { faultsDoNoHarm_data(); }
    void droppedConnectionKeepsTheSession();
    void faultScriptSyntax_data();
    void faultScriptSyntax();
    void faultScriptRuns();
};

void TestStationFaults::faultsDoNoHarm_data()
{
    QTest::addColumn<OcppVersion>("version");
    for (OcppVersion v : kAllVersions)
        QTest::newRow(qPrintable(versionName(v))) << v;
}

void TestStationFaults::faultsDoNoHarm()
{
    QFETCH(OcppVersion, version);
    const bool v16 = version == OcppVersion::V16;
    const QString victim = QStringLiteral("VICTIM");
    const QString peer = QStringLiteral("PEER");
    SimBench b;
    QVERIFY(b.start());
    sim::VirtualStation *bad = b.startStation(b.stationConfig(victim, version));
    sim::VirtualStation *good = b.startStation(b.stationConfig(peer, version));
    QVERIFY(b.waitRegistered(bad));
    QVERIFY(b.waitRegistered(good));
    QVERIFY(b.waitFor(victim, QStringLiteral("StatusNotification"), 1));
    const int peerHeartbeats = b.count(peer, QStringLiteral("Heartbeat"));

    // 1. Connector faulted during a session: the session ends, the connector reports Faulted.
    QVERIFY(bad->plugIn(1));
    QVERIFY(bad->presentIdToken(1, QStringLiteral("TAG-F")));
    QTRY_VERIFY_WITH_TIMEOUT(bad->outlet(1)->charging, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(lastTransaction(b, victim) && lastTransaction(b, victim)->active, 10000);
    QVERIFY(bad->setConnectorFault(1, 1, QStringLiteral("GroundFailure")));
    QTRY_VERIFY_WITH_TIMEOUT(!lastTransaction(b, victim)->active, 10000);
    QCOMPARE(lastTransaction(b, victim)->stopReason, v16 ? QStringLiteral("Other") : QStringLiteral("GroundFault"));
    QString errorCode;
    QTRY_COMPARE_WITH_TIMEOUT(connectorStatus(b, victim, 1, 1, &errorCode), QStringLiteral("Faulted"), 10000);
    if (v16)
        QCOMPARE(errorCode, QStringLiteral("GroundFailure"));
    QVERIFY(bad->unplug(1));
    QVERIFY(bad->setConnectorFault(1, 1, {}));
    QTRY_COMPARE_WITH_TIMEOUT(connectorStatus(b, victim, 1, 1), QStringLiteral("Available"), 10000);

    // 2. A malformed frame: the server records it, answers with a CALLERROR and carries on.
    const int errorsBefore = int(b.frames(victim, FrameEvent::Direction::Out, {}, MessageType::CallError).size());
    bad->sendMalformedFrame(kMalformed);
    QTRY_VERIFY_WITH_TIMEOUT(b.frames(victim, FrameEvent::Direction::Out, {}, MessageType::CallError).size() > errorsBefore, 10000);
    QVERIFY(bad->isConnected());
    QVERIFY2(probe(b, victim, version).ok(), "the station answers after its malformed frame");

    // 3. Slow replies: within the CSMS's timeout they arrive late but fine ...
    bad->setReplyDelay(300ms);
    CallOutcome slow = probe(b, victim, version);
    QVERIFY2(slow.ok(), qPrintable(slow.describe()));
    QVERIFY2(slow.latencyMs >= 300, qPrintable(QString::number(slow.latencyMs)));
    // ... beyond it the CSMS gives up and the late reply is recorded as one for an unknown call.
    bad->setReplyDelay(800ms);
    StationSession *s = b.session(victim);
    std::optional<CallOutcome> timedOut;
    s->call(v16 ? QStringLiteral("GetConfiguration") : QStringLiteral("GetVariables"),
            v16 ? json(R"({"key":["HeartbeatInterval"]})")
                : json(R"({"getVariableData":[{"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"}}]})"),
            [&](const CallOutcome &o) { timedOut = o; }, 200ms);
    QTRY_VERIFY_WITH_TIMEOUT(timedOut.has_value(), 10000);
    QCOMPARE(timedOut->status, CallOutcome::Status::Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!b.badFrames([](const RecordedFrame &f) { return f.frame.text.startsWith(kMalformed); }).isEmpty(), 10000);
    bad->setReplyDelay(0ms);
    QVERIFY(probe(b, victim, version).ok());

    // 4. A dropped connection (no close frame): the station reconnects with back-off, without a
    //    new BootNotification, and reports its connectors again.
    const int boots = b.count(victim, QStringLiteral("BootNotification"));
    const int statuses = b.count(victim, QStringLiteral("StatusNotification"));
    QSignalSpy lost(bad, &sim::VirtualStation::connectionLost);
    bad->dropConnection();
    QTRY_VERIFY_WITH_TIMEOUT(!lost.isEmpty(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!b.session(victim)->isConnected() || b.count(victim, QStringLiteral("StatusNotification")) > statuses, 10000);
    QVERIFY(b.waitRegistered(bad));
    QVERIFY(b.waitFor(victim, QStringLiteral("StatusNotification"), statuses + 1));
    QCOMPARE(b.count(victim, QStringLiteral("BootNotification")), boots);

    // 5. A station that treats every boot as rejected sends nothing but BootNotification.
    const QString rejecter = QStringLiteral("REJECTER");
    auto cfg = b.stationConfig(rejecter, version);
    b.stations.push_back(std::make_unique<sim::VirtualStation>(cfg));
    sim::VirtualStation *r = b.stations.back().get();
    r->setRejectBoot(true);
    r->start();
    QVERIFY(b.waitFor(rejecter, QStringLiteral("BootNotification"), 3));
    for (const RecordedFrame &f : b.frames(rejecter, In))
        QCOMPARE(f.frame.action, QStringLiteral("BootNotification"));
    QCOMPARE(r->state(), sim::VirtualStation::State::Rejected);

    // The other station never noticed: its heartbeats went on and it still answers.
    QVERIFY(b.waitFor(peer, QStringLiteral("Heartbeat"), peerHeartbeats + 3));
    QVERIFY(probe(b, peer, version).ok());
    QVERIFY(b.session(peer)->isConnected());
    QCOMPARE(b.frames(peer, In, {}, std::nullopt).size() > 0, true);
    for (const RecordedFrame &f : b.recorded)
        if (f.connection.identity == peer)
            QVERIFY2(f.frame.isValid(), f.frame.text.constData());

    // Only the deliberate faults broke the rules: the malformed frame and the late reply.
    const QStringList unexpected = b.badFrames([&](const RecordedFrame &f) {
        return f.connection.identity == victim
               && (f.frame.text.startsWith(kMalformed) || f.frame.problem.contains(QLatin1String("unknown message id")));
    });
    QCOMPARE(unexpected, QStringList());
    QCOMPARE(b.badFrames().size(), 2);
    QCOMPARE(b.stationErrors(), QStringList());
}

void TestStationFaults::droppedConnectionKeepsTheSession()
{
    QFETCH(OcppVersion, version);
    const bool v16 = version == OcppVersion::V16;
    const QString id = QStringLiteral("OFFLINE");
    SimBench b;
    QVERIFY(b.start());
    b.registry.policy().heartbeatIntervalS = 600;
    auto cfg = b.stationConfig(id, version);
    cfg.backOffMinimumS = 5; // offline for a few meter intervals
    sim::VirtualStation *st = b.startStation(cfg);
    QVERIFY(b.waitRegistered(st));
    QVERIFY(st->plugIn(1));
    QVERIFY(st->presentIdToken(1, QStringLiteral("TAG-O")));
    QTRY_VERIFY_WITH_TIMEOUT(st->outlet(1)->charging, 10000);
    const QString meterAction = v16 ? QStringLiteral("MeterValues") : QStringLiteral("TransactionEvent");
    const int before = b.count(id, meterAction);
    QVERIFY(b.waitFor(id, meterAction, before + 2));

    QSignalSpy lost(st, &sim::VirtualStation::connectionLost);
    st->dropConnection();
    QTRY_VERIFY_WITH_TIMEOUT(!lost.isEmpty(), 10000);
    const int atDrop = b.count(id, meterAction);
    QVERIFY(b.waitRegistered(st));
    // What happened offline arrives after the reconnection, in order.
    QVERIFY(b.waitFor(id, meterAction, atDrop + 3));
    if (!v16) {
        // No gaps and no reordering. The event in flight at the drop may come twice: its
        // reply was lost, so the station sends it again (the CSMS recognises it by seqNo).
        const auto events = b.frames(id, In, QStringLiteral("TransactionEvent"));
        bool sawOffline = false;
        int expected = 0;
        for (const RecordedFrame &e : events) {
            const int seqNo = payloadOf(e).value(QStringLiteral("seqNo")).toInt();
            QVERIFY2(seqNo == expected || seqNo == expected - 1, qPrintable(QStringLiteral("seqNo %1 after %2").arg(seqNo).arg(expected - 1)));
            expected = seqNo + 1;
            sawOffline = sawOffline || payloadOf(e).value(QStringLiteral("offline")).toBool();
        }
        QVERIFY(sawOffline);
    }
    QVERIFY(st->presentIdToken(1, QStringLiteral("TAG-O")));
    QTRY_VERIFY_WITH_TIMEOUT(lastTransaction(b, id) && !lastTransaction(b, id)->active, 10000);
    QCOMPARE(b.session(id)->state().transactions.size(), 1);
    QCOMPARE(b.badFrames(), QStringList());
    QCOMPARE(b.stationErrors(), QStringList());
}

void TestStationFaults::faultScriptSyntax_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<double>("at");
    QTest::addColumn<double>("every");
    QTest::newRow("drop") << QStringLiteral("drop@60/300") << true << 60.0 << 300.0;
    QTest::newRow("malformed") << QStringLiteral("malformed@10") << true << 10.0 << 0.0;
    QTest::newRow("fault on EVSE 2") << QStringLiteral("fault=GroundFailure:2@30") << true << 30.0 << 0.0;
    QTest::newRow("clear") << QStringLiteral("clear:2@90") << true << 90.0 << 0.0;
    QTest::newRow("slow") << QStringLiteral("slow=2000@0.5") << true << 0.5 << 0.0;
    QTest::newRow("no time") << QStringLiteral("drop") << false << 0.0 << 0.0;
    QTest::newRow("unknown kind") << QStringLiteral("explode@1") << false << 0.0 << 0.0;
    QTest::newRow("slow without delay") << QStringLiteral("slow@1") << false << 0.0 << 0.0;
    QTest::newRow("drop with value") << QStringLiteral("drop=3@1") << false << 0.0 << 0.0;
}

void TestStationFaults::faultScriptSyntax()
{
    QFETCH(QString, spec);
    QFETCH(bool, valid);
    QFETCH(double, at);
    QFETCH(double, every);
    const auto step = sim::FaultScript::parse(spec);
    QCOMPARE(step.ok(), valid);
    if (!valid) {
        QVERIFY(step.error().text().contains(spec));
        return;
    }
    QCOMPARE(step.value().atS, at);
    QCOMPARE(step.value().everyS, every);
    if (spec.startsWith(QLatin1String("fault"))) {
        QCOMPARE(step.value().errorCode, QStringLiteral("GroundFailure"));
        QCOMPARE(step.value().evseId, 2);
    }
}

void TestStationFaults::faultScriptRuns()
{
    // 1.6, two connectors: connector 2 faults one second after registration, the connection
    // drops two seconds after, then the fault clears.
    const QString id = QStringLiteral("SCRIPT");
    SimBench b;
    QVERIFY(b.start());
    b.registry.policy().heartbeatIntervalS = 600;
    auto cfg = b.stationConfig(id, OcppVersion::V16);
    cfg.evses = 2;
    b.stations.push_back(std::make_unique<sim::VirtualStation>(cfg));
    sim::VirtualStation *st = b.stations.back().get();
    sim::FaultScript script(*st);
    for (const char *spec : {"fault=HighTemperature:2@1", "drop@2", "clear:2@4"})
        script.add(sim::FaultScript::parse(QLatin1String(spec)).value());
    QSignalSpy lost(st, &sim::VirtualStation::connectionLost);
    st->start();
    QString errorCode;
    QTRY_COMPARE_WITH_TIMEOUT(connectorStatus(b, id, 2, 2, &errorCode), QStringLiteral("Faulted"), 10000);
    QCOMPARE(errorCode, QStringLiteral("HighTemperature"));
    QTRY_VERIFY_WITH_TIMEOUT(!lost.isEmpty(), 10000);
    QVERIFY(b.waitRegistered(st));
    QTRY_COMPARE_WITH_TIMEOUT(connectorStatus(b, id, 2, 2), QStringLiteral("Available"), 10000);
    QCOMPARE(b.badFrames(), QStringList());
    QCOMPARE(b.stationErrors(), QStringList());
}

QTEST_GUILESS_MAIN(TestStationFaults)
#include "tst_stationfaults.moc"
