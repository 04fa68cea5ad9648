// Station sessions behind the real server: every station-initiated action of every version gets a
// schema-valid CALLRESULT (never a CALLERROR), and the meaningful ones update the station's state.
#include "schema/actiondirection.h"
#include "schema/samplegenerator.h"
#include "schema/schemavalidator.h"
#include "station/stationregistry.h"
#include "transport/csmsserver.h"
#include "transport/stationclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace cb;
using namespace std::chrono_literals;

Q_DECLARE_METATYPE(cb::OcppVersion)

namespace {

QJsonObject json(const char *text) { return QJsonDocument::fromJson(QByteArray(text)).object(); }

struct Bench
{
    Bench()
    {
        ServerConfig c;
        c.address = QHostAddress::LocalHost;
        c.port = 0;
        c.pingInterval = 0ms;
        ok = server.start(c).ok();
    }
    bool connect(StationClient &client, const QString &id, OcppVersion v)
    {
        ClientConfig cc;
        cc.baseUrl = QUrl(QStringLiteral("ws://127.0.0.1:%1/ocpp").arg(server.port()));
        cc.identity = id;
        cc.versions = {v};
        QSignalSpy up(&client, &StationClient::connected);
        client.open(cc);
        return up.wait(10000);
    }
    CallOutcome call(StationClient &client, const QString &action, const QJsonObject &payload)
    {
        std::optional<CallOutcome> out;
        client.rpc()->call(action, payload, [&](const CallOutcome &o) { out = o; });
        if (!QTest::qWaitFor([&] { return out.has_value(); }, 10000))
            qWarning("no answer to %s within 10 s", qPrintable(action));
        return out.value_or(CallOutcome{});
    }
    CsmsServer server;
    StationRegistry registry{server};
    bool ok = false;
};

} // namespace

class TestStationSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyStationActionIsAnswered_data();
    void everyStationActionIsAnswered();
    void bootHeartbeatStatus16();
    void transaction201WithMeterValues();
    void startStop16IssuesTransactionIds();
    void authorizePolicies();
    void csmsCallsReachTheStation();
    void disconnectedStationRefusesCalls();
};

void TestStationSession::everyStationActionIsAnswered_data()
{
    QTest::addColumn<OcppVersion>("version");
    for (OcppVersion v : kAllVersions)
        QTest::newRow(qPrintable(versionName(v))) << v;
}

void TestStationSession::everyStationActionIsAnswered()
{
    QFETCH(OcppVersion, version);
    Bench bench;
    QVERIFY(bench.ok);
    StationClient client;
    QVERIFY(bench.connect(client, QStringLiteral("all"), version));
    const QStringList actions = stationInitiatedActions(version);
    QVERIFY(actions.size() >= 14);
    int answered = 0;
    for (const QString &action : actions) {
        const QJsonObject schema = SchemaCatalog::instance().schema(version, action, PayloadKind::Request);
        for (auto fill : {SampleGenerator::Fill::Minimal, SampleGenerator::Fill::Full}) {
            // The station-side endpoint validates the reply against the official response schema.
            const CallOutcome o = bench.call(client, action, SampleGenerator::generate(schema, fill));
            QVERIFY2(o.ok(), qPrintable(action + QStringLiteral(": ") + o.describe()));
            ++answered;
        }
    }
    qInfo("%s: %d station-initiated actions answered (minimal and full payloads)", qPrintable(versionName(version)),
          int(actions.size()));
    QCOMPARE(answered, 2 * actions.size());
}

void TestStationSession::bootHeartbeatStatus16()
{
    Bench bench;
    bench.registry.policy().heartbeatIntervalS = 42;
    StationClient client;
    QVERIFY(bench.connect(client, QStringLiteral("CP16"), OcppVersion::V16));
    QSignalSpy changed(&bench.registry, &StationRegistry::stationChanged);
    const CallOutcome boot = bench.call(client, QStringLiteral("BootNotification"),
                                        json(R"({"chargePointVendor":"ACME","chargePointModel":"Wallbox","chargePointSerialNumber":"SN-1","firmwareVersion":"1.2.3","iccid":"8931","imsi":"262"})"));
    QVERIFY(boot.ok());
    QCOMPARE(boot.payload.value(QStringLiteral("interval")).toInt(), 42);
    QVERIFY(bench.call(client, QStringLiteral("Heartbeat"), {}).ok());
    QVERIFY(bench.call(client, QStringLiteral("StatusNotification"),
                       json(R"({"connectorId":1,"errorCode":"GroundFailure","status":"Faulted"})")).ok());
    StationSession *s = bench.registry.session(QStringLiteral("CP16"));
    QVERIFY(s);
    QTRY_VERIFY(!changed.isEmpty());
    const StationSnapshot &st = s->state();
    QCOMPARE(st.boot.vendor, QStringLiteral("ACME"));
    QCOMPARE(st.boot.serialNumber, QStringLiteral("SN-1"));
    QCOMPARE(st.boot.iccid, QStringLiteral("8931"));
    QVERIFY(st.lastHeartbeat.isValid());
    QCOMPARE(st.connectors.size(), 1);
    QCOMPARE(st.connectors.first().status, QStringLiteral("Faulted"));
    QCOMPARE(st.connectors.first().errorCode, QStringLiteral("GroundFailure"));
    QCOMPARE(st.registrationStatus, QStringLiteral("Accepted"));
}

void TestStationSession::transaction201WithMeterValues()
{
    Bench bench;
    StationClient client;
    QVERIFY(bench.connect(client, QStringLiteral("CS201"), OcppVersion::V201));
    QSignalSpy samples(&bench.registry, &StationRegistry::meterSamples);
    QVERIFY(bench.call(client, QStringLiteral("TransactionEvent"), json(R"({"eventType":"Started","timestamp":"2026-01-01T10:00:00Z","triggerReason":"CablePluggedIn","seqNo":0,"transactionInfo":{"transactionId":"tx-1"},"evse":{"id":1,"connectorId":1},"idToken":{"idToken":"TAG1","type":"ISO14443"},"meterValue":[{"timestamp":"2026-01-01T10:00:00Z","sampledValue":[{"value":1.5,"measurand":"Energy.Active.Import.Register","unitOfMeasure":{"unit":"kWh","multiplier":0}}]}]})")).ok());
    QVERIFY(bench.call(client, QStringLiteral("MeterValues"), json(R"({"evseId":1,"meterValue":[{"timestamp":"2026-01-01T10:01:00Z","sampledValue":[{"value":7.2,"measurand":"Power.Active.Import","unitOfMeasure":{"unit":"kW","multiplier":3}},{"value":16,"measurand":"Current.Import","phase":"L1","unitOfMeasure":{"unit":"A"}}]}]})")).ok());
    const CallOutcome ended = bench.call(client, QStringLiteral("TransactionEvent"), json(R"({"eventType":"Ended","timestamp":"2026-01-01T11:00:00Z","triggerReason":"EVCommunicationLost","seqNo":1,"transactionInfo":{"transactionId":"tx-1","stoppedReason":"EVDisconnected"},"idToken":{"idToken":"TAG1","type":"ISO14443"}})"));
    QVERIFY(ended.ok());
    QCOMPARE(ended.payload[QStringLiteral("idTokenInfo")][QStringLiteral("status")].toString(), QStringLiteral("Accepted"));
    const StationSnapshot &st = bench.registry.session(QStringLiteral("CS201"))->state();
    QCOMPARE(st.transactions.size(), 1);
    const TransactionRecord &t = st.transactions.first();
    QCOMPARE(t.transactionId, QStringLiteral("tx-1"));
    QCOMPARE(t.evseId, 1);
    QVERIFY(!t.active);
    QCOMPARE(t.stopReason, QStringLiteral("EVDisconnected"));
    QCOMPARE(t.lastSeqNo, 1);
    QCOMPARE(t.meterStartWh.value_or(-1), 1500.0);
    // Samples are announced coalesced with the station's change notification: the three samples of
    // the two messages, in one or more batches, each sample once.
    const auto announced = [&samples] {
        qsizetype n = 0;
        for (const QList<QVariant> &args : samples)
            n += args.at(1).value<QList<MeterSample>>().size();
        return n;
    };
    QTRY_COMPARE(announced(), qsizetype(3));
    QVERIFY(samples.size() <= 2);
    bool sawPower = false;
    for (const MeterSample &m : st.latestMeterValues)
        if (m.measurand == QLatin1String("Power.Active.Import")) {
            QCOMPARE(m.value, 7200.0); // multiplier 3 applied
            sawPower = true;
        }
    QVERIFY(sawPower);
}

void TestStationSession::startStop16IssuesTransactionIds()
{
    Bench bench;
    StationClient client;
    QVERIFY(bench.connect(client, QStringLiteral("CP16tx"), OcppVersion::V16));
    const CallOutcome a = bench.call(client, QStringLiteral("StartTransaction"),
                                     json(R"({"connectorId":1,"idTag":"TAG","meterStart":1000,"timestamp":"2026-01-01T10:00:00Z"})"));
    const CallOutcome b = bench.call(client, QStringLiteral("StartTransaction"),
                                     json(R"({"connectorId":2,"idTag":"TAG","meterStart":5,"timestamp":"2026-01-01T10:00:00Z"})"));
    QVERIFY(a.ok() && b.ok());
    const int idA = a.payload.value(QStringLiteral("transactionId")).toInt();
    const int idB = b.payload.value(QStringLiteral("transactionId")).toInt();
    QVERIFY(idA > 0);
    QVERIFY(idA != idB);
    const CallOutcome stop = bench.call(client, QStringLiteral("StopTransaction"),
                                        QJsonObject{{QStringLiteral("transactionId"), idA},
                                                    {QStringLiteral("meterStop"), 9000},
                                                    {QStringLiteral("timestamp"), QStringLiteral("2026-01-01T11:00:00Z")},
                                                    {QStringLiteral("reason"), QStringLiteral("EVDisconnected")}});
    QVERIFY2(stop.ok(), qPrintable(stop.describe()));
    const auto &txs = bench.registry.session(QStringLiteral("CP16tx"))->state().transactions;
    QCOMPARE(txs.size(), 2);
    QVERIFY(!txs.at(0).active);
    QCOMPARE(txs.at(0).meterStopWh.value_or(0), 9000.0);
    QVERIFY(txs.at(1).active);
}

void TestStationSession::authorizePolicies()
{
    Bench bench;
    StationClient c16, c21;
    QVERIFY(bench.connect(c16, QStringLiteral("a16"), OcppVersion::V16));
    QVERIFY(bench.connect(c21, QStringLiteral("a21"), OcppVersion::V21));
    auto status16 = [&](const char *tag) {
        return bench.call(c16, QStringLiteral("Authorize"), QJsonObject{{QStringLiteral("idTag"), QLatin1String(tag)}})
            .payload[QStringLiteral("idTagInfo")][QStringLiteral("status")].toString();
    };
    auto status21 = [&](const char *tag) {
        return bench.call(c21, QStringLiteral("Authorize"),
                          QJsonObject{{QStringLiteral("idToken"), QJsonObject{{QStringLiteral("idToken"), QLatin1String(tag)},
                                                                              {QStringLiteral("type"), QStringLiteral("ISO14443")}}}})
            .payload[QStringLiteral("idTokenInfo")][QStringLiteral("status")].toString();
    };
    QCOMPARE(status16("ANY"), QStringLiteral("Accepted"));
    bench.registry.policy().authorize = CsmsPolicy::Authorize::AllowList;
    bench.registry.policy().allowList = {QStringLiteral("GOOD")};
    QCOMPARE(status16("GOOD"), QStringLiteral("Accepted"));
    QCOMPARE(status16("BAD"), QStringLiteral("Invalid"));
    QCOMPARE(status21("GOOD"), QStringLiteral("Accepted"));
    QCOMPARE(status21("BAD"), QStringLiteral("Invalid"));
    bench.registry.policy().authorize = CsmsPolicy::Authorize::RejectAll;
    QCOMPARE(status21("GOOD"), QStringLiteral("Invalid"));
}

void TestStationSession::csmsCallsReachTheStation()
{
    Bench bench;
    StationClient client;
    QObject::connect(&client, &StationClient::endpointCreated, &client, [](RpcEndpoint *rpc) {
        rpc->setHandler(QStringLiteral("Reset"), [](const RpcCall &, RpcResponder r) {
            r.result(QJsonObject{{QStringLiteral("status"), QStringLiteral("Accepted")}});
        });
    });
    QVERIFY(bench.connect(client, QStringLiteral("r1"), OcppVersion::V201));
    QTRY_VERIFY(bench.registry.session(QStringLiteral("r1")));
    std::optional<CallOutcome> out;
    bench.registry.session(QStringLiteral("r1"))->call(QStringLiteral("Reset"), json(R"({"type":"Immediate"})"),
                                                       [&](const CallOutcome &o) { out = o; });
    QTRY_VERIFY(out.has_value());
    QVERIFY2(out->ok(), qPrintable(out->describe()));
    QCOMPARE(out->payload.value(QStringLiteral("status")).toString(), QStringLiteral("Accepted"));
    // An action the station has no handler for comes back as its CALLERROR, in words.
    out.reset();
    bench.registry.session(QStringLiteral("r1"))->call(QStringLiteral("ClearCache"), {}, [&](const CallOutcome &o) { out = o; });
    QTRY_VERIFY(out.has_value());
    QCOMPARE(out->status, CallOutcome::Status::CallError);
    QCOMPARE(out->errorCode, QStringLiteral("NotSupported"));
}

void TestStationSession::disconnectedStationRefusesCalls()
{
    Bench bench;
    {
        StationClient client;
        QVERIFY(bench.connect(client, QStringLiteral("gone"), OcppVersion::V16));
        QTRY_VERIFY(bench.registry.session(QStringLiteral("gone")));
        client.close();
        QTRY_VERIFY(!bench.registry.session(QStringLiteral("gone"))->isConnected());
    }
    std::optional<CallOutcome> out;
    bench.registry.session(QStringLiteral("gone"))->call(QStringLiteral("ClearCache"), {}, [&](const CallOutcome &o) { out = o; });
    QVERIFY(out.has_value());
    QCOMPARE(out->status, CallOutcome::Status::Closed);
    QVERIFY(out->describe().contains(QStringLiteral("not connected")));
}

QTEST_GUILESS_MAIN(TestStationSession)
#include "tst_stationsession.moc"
