// The virtual station against the real CSMS (CsmsServer + StationRegistry) on loopback, for
// OCPP 1.6, 2.0.1 and 2.1: boot, heartbeat and status, Pending/Rejected, a full charging
// session, Reset and reconnection, every TriggerMessage value, availability and unlock. Every
// frame the station sends is validated by the server against the official schemas; the tests
// fail on any violation (badFrames) and on any station-side internal error.
#include "simbench.h"

#include "pki/certificaterequest.h"
#include "schema/schemacatalog.h"

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

QJsonObject json(const char *text) { return QJsonDocument::fromJson(QByteArray(text)).object(); }

QJsonObject payloadOf(const RecordedFrame &f) { return f.json().at(f.frame.type == MessageType::Call ? 3 : 2).toObject(); }

void addVersions()
{
    QTest::addColumn<OcppVersion>("version");
    for (OcppVersion v : kAllVersions)
        QTest::newRow(qPrintable(versionName(v))) << v;
}

// The enum values of a request's field as the official schema lists them.
QStringList schemaEnum(OcppVersion v, const QString &action, const QString &field)
{
    const QJsonObject schema = SchemaCatalog::instance().schema(v, action, PayloadKind::Request);
    QJsonObject prop = schema.value(QLatin1String("properties")).toObject().value(field).toObject();
    if (prop.contains(QLatin1String("$ref")))
        prop = schema.value(QLatin1String("definitions")).toObject().value(prop.value(QLatin1String("$ref")).toString().section(QLatin1Char('/'), -1)).toObject();
    QStringList out;
    for (const QJsonValue &e : prop.value(QLatin1String("enum")).toArray())
        out << e.toString();
    return out;
}

double energyOf(const QJsonArray &meterValues, bool v16)
{
    for (const QJsonValue &mv : meterValues)
        for (const QJsonValue &sv : mv.toObject().value(QLatin1String("sampledValue")).toArray()) {
            const QJsonObject s = sv.toObject();
            if (s.value(QLatin1String("measurand")).toString() == QLatin1String("Energy.Active.Import.Register"))
                return v16 ? s.value(QLatin1String("value")).toString().toDouble() : s.value(QLatin1String("value")).toDouble();
        }
    return -1;
}

QSet<QString> measurandsOf(const QJsonArray &meterValues)
{
    QSet<QString> out;
    for (const QJsonValue &mv : meterValues)
        for (const QJsonValue &sv : mv.toObject().value(QLatin1String("sampledValue")).toArray()) {
            const QJsonObject s = sv.toObject();
            out << s.value(QLatin1String("measurand")).toString() + s.value(QLatin1String("phase")).toString();
        }
    return out;
}

const TransactionRecord *lastTransaction(SimBench &b, const QString &id)
{
    StationSession *s = b.session(id);
    return s && !s->state().transactions.isEmpty() ? &s->state().transactions.last() : nullptr;
}

QString connectorStatus(SimBench &b, const QString &id, int evse, int connector)
{
    StationSession *s = b.session(id);
    if (!s)
        return {};
    for (const ConnectorStatus &c : s->state().connectors)
        if (c.evseId == evse && c.connectorId == connector)
            return c.status;
    return {};
}

} // namespace

class TestVirtualStation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bootHeartbeatStatus_data() { addVersions(); }
    void bootHeartbeatStatus();
    void pendingAndRejected_data();
    void pendingAndRejected();
    void chargingSession_data() { addVersions(); }
    void chargingSession();
    void localSessionWithToken_data() { addVersions(); }
    void localSessionWithToken();
    void resetAndReconnect_data() { addVersions(); }
    void resetAndReconnect();
    void resetOnIdleWaitsForTheSession();
    void everyTriggerMessage_data() { addVersions(); }
    void everyTriggerMessage();
    void availabilityAndUnlock_data() { addVersions(); }
    void availabilityAndUnlock();
};

void TestVirtualStation::bootHeartbeatStatus()
{
    QFETCH(OcppVersion, version);
    SimBench b;
    QVERIFY(b.start());
    auto cfg = b.stationConfig(QStringLiteral("BOOT"), version);
    cfg.evses = 2;
    cfg.vendor = QStringLiteral("ACME");
    cfg.model = QStringLiteral("Wallbox 22");
    sim::VirtualStation *st = b.startStation(cfg);
    QSignalSpy registered(st, &sim::VirtualStation::registered);
    QVERIFY(b.waitRegistered(st));
    QCOMPARE(registered.size(), 1);

    // BootNotification comes first, before anything else.
    const auto calls = b.frames(QStringLiteral("BOOT"), In);
    QVERIFY(!calls.isEmpty());
    QCOMPARE(calls.first().frame.action, QStringLiteral("BootNotification"));
    const StationSnapshot &state = b.session(QStringLiteral("BOOT"))->state();
    QCOMPARE(state.boot.vendor, QStringLiteral("ACME"));
    QCOMPARE(state.boot.model, QStringLiteral("Wallbox 22"));
    QCOMPARE(state.boot.serialNumber, st->config().serialNumber);
    if (version != OcppVersion::V16)
        QCOMPARE(state.boot.reason, QStringLiteral("PowerUp"));
    QCOMPARE(state.registrationStatus, QStringLiteral("Accepted"));

    // A StatusNotification per connector (1.6: also connector 0, the charge point).
    const int expected = version == OcppVersion::V16 ? 3 : 2;
    QTRY_COMPARE_WITH_TIMEOUT(b.session(QStringLiteral("BOOT"))->state().connectors.size(), expected, 10000);
    for (const ConnectorStatus &c : b.session(QStringLiteral("BOOT"))->state().connectors)
        QCOMPARE(c.status, QStringLiteral("Available"));

    // Heartbeats at the interval the CSMS gave (2 s here, 100 ms on the station's fast clock).
    QVERIFY(b.waitFor(QStringLiteral("BOOT"), QStringLiteral("Heartbeat"), 3));
    QVERIFY(b.session(QStringLiteral("BOOT"))->state().lastHeartbeat.isValid());

    QCOMPARE(b.badFrames(), QStringList());
    QCOMPARE(b.stationErrors(), QStringList());
}

void TestVirtualStation::pendingAndRejected_data()
{
    QTest::addColumn<OcppVersion>("version");
    QTest::addColumn<QString>("status");
    for (OcppVersion v : kAllVersions)
        for (const char *s : {"Pending", "Rejected"})
            QTest::newRow(qPrintable(versionName(v) + QLatin1Char(' ') + QLatin1String(s))) << v << QString::fromLatin1(s);
}

void TestVirtualStation::pendingAndRejected()
{
    QFETCH(OcppVersion, version);
    QFETCH(QString, status);
    SimBench b;
    QVERIFY(b.start());
    b.registry.policy().bootStatus = status;
    b.registry.policy().heartbeatIntervalS = 1; // the retry interval while not accepted
    sim::VirtualStation *st = b.startStation(b.stationConfig(QStringLiteral("WAIT"), version));
    // It retries BootNotification at the interval and sends nothing else meanwhile.
    QVERIFY(b.waitFor(QStringLiteral("WAIT"), QStringLiteral("BootNotification"), 3));
    QCOMPARE(st->registrationStatus(), status);
    for (const RecordedFrame &f : b.frames(QStringLiteral("WAIT"), In))
        QCOMPARE(f.frame.action, QStringLiteral("BootNotification"));

    if (status == QLatin1String("Pending")) {
        // While pending the CSMS may configure the station (TC_B_02); it answers.
        const CallOutcome o = version == OcppVersion::V16
                                  ? b.call(QStringLiteral("WAIT"), QStringLiteral("GetConfiguration"), json(R"({"key":["HeartbeatInterval"]})"))
                                  : b.call(QStringLiteral("WAIT"), QStringLiteral("GetVariables"),
                                           json(R"({"getVariableData":[{"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"OfflineThreshold"}}]})"));
        QVERIFY2(o.ok(), qPrintable(o.describe()));
        // ... but a remote start is refused until accepted.
        const CallOutcome start =
            version == OcppVersion::V16
                ? b.call(QStringLiteral("WAIT"), QStringLiteral("RemoteStartTransaction"), json(R"({"connectorId":1,"idTag":"T"})"))
                : b.call(QStringLiteral("WAIT"), QStringLiteral("RequestStartTransaction"),
                         json(R"({"idToken":{"idToken":"T","type":"ISO14443"},"remoteStartId":1})"));
        QVERIFY(start.ok());
        QCOMPARE(start.payload.value(QStringLiteral("status")).toString(), QStringLiteral("Rejected"));
    }

    // Once the CSMS accepts, the next retry registers and the connectors are reported.
    b.registry.policy().bootStatus = QStringLiteral("Accepted");
    b.registry.policy().heartbeatIntervalS = 30;
    QVERIFY(b.waitRegistered(st));
    QVERIFY(b.waitFor(QStringLiteral("WAIT"), QStringLiteral("StatusNotification"), 1));
    QCOMPARE(b.badFrames(), QStringList());
    QCOMPARE(b.stationErrors(), QStringList());
}

void TestVirtualStation::chargingSession()
{
    QFETCH(OcppVersion, version);
    const bool v16 = version == OcppVersion::V16;
    const QString id = QStringLiteral("CHARGE");
    SimBench b;
    QVERIFY(b.start());
    b.registry.policy().heartbeatIntervalS = 60;
    auto cfg = b.stationConfig(id, version);
    cfg.evses = 2;
    sim::VirtualStation *st = b.startStation(cfg);
    QVERIFY(b.waitRegistered(st));

    const CallOutcome start = v16 ? b.call(id, QStringLiteral("RemoteStartTransaction"), json(R"({"connectorId":1,"idTag":"TAG-1"})"))
                                  : b.call(id, QStringLiteral("RequestStartTransaction"),
                                           json(R"({"idToken":{"idToken":"TAG-1","type":"ISO14443"},"remoteStartId":42,"evseId":1})"));
    QVERIFY2(start.ok(), qPrintable(start.describe()));
    QCOMPARE(start.payload.value(QStringLiteral("status")).toString(), QStringLiteral("Accepted"));

    // The driver plugs in, the EV charges and meter values come at the sample interval.
    const QString meterAction = v16 ? QStringLiteral("MeterValues") : QStringLiteral("TransactionEvent");
    QVERIFY(QTest::qWaitFor([&] {
        int periodic = 0;
        for (const RecordedFrame &f : b.frames(id, In, meterAction))
            periodic += v16 || payloadOf(f).value(QLatin1String("triggerReason")).toString() == QLatin1String("MeterValuePeriodic");
        return periodic >= 3;
    }, 15000));
    const TransactionRecord *tx = lastTransaction(b, id);
    QVERIFY(tx);
    QVERIFY(tx->active);
    QCOMPARE(tx->evseId, 1);
    QCOMPARE(tx->idToken, QStringLiteral("TAG-1"));
    const QString txId = tx->transactionId;
    QCOMPARE(connectorStatus(b, id, 1, 1), v16 ? QStringLiteral("Charging") : QStringLiteral("Occupied"));

    // While it runs, TriggerMessage(TransactionEvent / MeterValues) is answered with a report.
    if (!v16) {
        const int before = b.count(id, QStringLiteral("TransactionEvent"));
        const CallOutcome trig = b.call(id, QStringLiteral("TriggerMessage"), json(R"({"requestedMessage":"TransactionEvent","evse":{"id":1}})"));
        QCOMPARE(trig.payload.value(QStringLiteral("status")).toString(), QStringLiteral("Accepted"));
        QVERIFY(b.waitFor(id, QStringLiteral("TransactionEvent"), before + 1));
    }

    const CallOutcome stop = v16 ? b.call(id, QStringLiteral("RemoteStopTransaction"), QJsonObject{{QStringLiteral("transactionId"), txId.toInt()}})
                                 : b.call(id, QStringLiteral("RequestStopTransaction"), QJsonObject{{QStringLiteral("transactionId"), txId}});
    QVERIFY2(stop.ok(), qPrintable(stop.describe()));
    QCOMPARE(stop.payload.value(QStringLiteral("status")).toString(), QStringLiteral("Accepted"));
    QTRY_VERIFY_WITH_TIMEOUT(!lastTransaction(b, id)->active, 10000);
    tx = lastTransaction(b, id);
    QCOMPARE(tx->transactionId, txId);
    QCOMPARE(tx->stopReason, QStringLiteral("Remote"));
    QVERIFY2(tx->meterStopWh.value_or(0) > tx->meterStartWh.value_or(0),
             qPrintable(QStringLiteral("%1 -> %2").arg(tx->meterStartWh.value_or(-1)).arg(tx->meterStopWh.value_or(-1))));
    // The driver unplugs and the connector is free again.
    QTRY_COMPARE_WITH_TIMEOUT(connectorStatus(b, id, 1, 1), QStringLiteral("Available"), 10000);

    // The wire: energy rises across the periodic samples, with power and per-phase current.
    QList<double> energies;
    QSet<QString> measurands;
    if (v16) {
        for (const RecordedFrame &f : b.frames(id, In, QStringLiteral("MeterValues"))) {
            const QJsonObject p = payloadOf(f);
            QCOMPARE(p.value(QStringLiteral("transactionId")).toInt(), txId.toInt());
            energies << energyOf(p.value(QStringLiteral("meterValue")).toArray(), true);
            measurands += measurandsOf(p.value(QStringLiteral("meterValue")).toArray());
        }
        const auto stops = b.frames(id, In, QStringLiteral("StopTransaction"));
        QCOMPARE(stops.size(), 1);
        QCOMPARE(payloadOf(stops.first()).value(QStringLiteral("reason")).toString(), QStringLiteral("Remote"));
        // Preparing -> Charging -> Finishing -> Available on connector 1.
        QStringList statuses;
        for (const RecordedFrame &f : b.frames(id, In, QStringLiteral("StatusNotification")))
            if (payloadOf(f).value(QStringLiteral("connectorId")).toInt() == 1)
                statuses << payloadOf(f).value(QStringLiteral("status")).toString();
        QCOMPARE(statuses, (QStringList{QStringLiteral("Available"), QStringLiteral("Preparing"), QStringLiteral("Charging"),
                                        QStringLiteral("Finishing"), QStringLiteral("Available")}));
    } else {
        QList<QJsonObject> events;
        for (const RecordedFrame &f : b.frames(id, In, QStringLiteral("TransactionEvent")))
            events << payloadOf(f);
        QVERIFY(events.size() >= 6);
        for (int i = 0; i < events.size(); ++i) {
            QCOMPARE(events[i][QStringLiteral("seqNo")].toInt(), i); // seqNo counts every event of the transaction
            QCOMPARE(events[i][QStringLiteral("transactionInfo")][QStringLiteral("transactionId")].toString(), txId);
        }
        const QJsonObject first = events.first();
        QCOMPARE(first[QStringLiteral("eventType")].toString(), QStringLiteral("Started"));
        QCOMPARE(first[QStringLiteral("triggerReason")].toString(), QStringLiteral("RemoteStart"));
        QCOMPARE(first[QStringLiteral("transactionInfo")][QStringLiteral("remoteStartId")].toInt(), 42);
        QCOMPARE(first[QStringLiteral("idToken")][QStringLiteral("idToken")].toString(), QStringLiteral("TAG-1"));
        QStringList triggers;
        for (const QJsonObject &e : events)
            triggers << e[QStringLiteral("triggerReason")].toString();
        QVERIFY(triggers.contains(QStringLiteral("CablePluggedIn")));
        QVERIFY(triggers.contains(QStringLiteral("ChargingStateChanged")));
        QVERIFY(triggers.contains(QStringLiteral("Trigger")));
        const QJsonObject last = events.last();
        QCOMPARE(last[QStringLiteral("eventType")].toString(), QStringLiteral("Ended"));
        QCOMPARE(last[QStringLiteral("triggerReason")].toString(), QStringLiteral("RemoteStop"));
        QCOMPARE(last[QStringLiteral("transactionInfo")][QStringLiteral("stoppedReason")].toString(), QStringLiteral("Remote"));
        for (const QJsonObject &e : events)
            if (e[QStringLiteral("triggerReason")].toString() == QLatin1String("MeterValuePeriodic")) {
                energies << energyOf(e[QStringLiteral("meterValue")].toArray(), false);
                measurands += measurandsOf(e[QStringLiteral("meterValue")].toArray());
            }
    }
    QVERIFY(energies.size() >= 3);
    for (int i = 1; i < energies.size(); ++i)
        QVERIFY2(energies[i] >= energies[i - 1], qPrintable(QStringLiteral("energy fell: %1 -> %2").arg(energies[i - 1]).arg(energies[i])));
    QVERIFY(energies.last() > energies.first());
    for (const char *m : {"Energy.Active.Import.Register", "Power.Active.Import", "Current.ImportL1", "Current.ImportL2", "Current.ImportL3"})
        QVERIFY2(measurands.contains(QLatin1String(m)), m);

    QCOMPARE(b.badFrames(), QStringList());
    QCOMPARE(b.stationErrors(), QStringList());
}

void TestVirtualStation::localSessionWithToken()
{
    QFETCH(OcppVersion, version);
    const bool v16 = version == OcppVersion::V16;
    const QString id = QStringLiteral("LOCAL");
    SimBench b;
    QVERIFY(b.start());
    b.registry.policy().heartbeatIntervalS = 60;
    sim::VirtualStation *st = b.startStation(b.stationConfig(id, version));
    QVERIFY(b.waitRegistered(st));
    // Cable first, then the card; the same card again ends the session.
    QVERIFY(st->plugIn(1));
    QVERIFY(st->presentIdToken(1, QStringLiteral("CARD-7")));
    QVERIFY(b.waitFor(id, QStringLiteral("Authorize"), 1));
    QTRY_VERIFY_WITH_TIMEOUT(st->outlet(1)->charging, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(lastTransaction(b, id) && lastTransaction(b, id)->active, 10000);
    QVERIFY(st->presentIdToken(1, QStringLiteral("CARD-7")));
    QTRY_VERIFY_WITH_TIMEOUT(!lastTransaction(b, id)->active, 10000);
    QCOMPARE(lastTransaction(b, id)->stopReason, QStringLiteral("Local"));
    if (!v16) {
        const auto events = b.frames(id, In, QStringLiteral("TransactionEvent"));
        QCOMPARE(payloadOf(events.first()).value(QStringLiteral("triggerReason")).toString(), QStringLiteral("CablePluggedIn"));
        QCOMPARE(payloadOf(events.last()).value(QStringLiteral("triggerReason")).toString(), QStringLiteral("StopAuthorized"));
    }
    // Unplugging the EV leaves the connector available.
    QTRY_COMPARE_WITH_TIMEOUT(connectorStatus(b, id, 1, 1), QStringLiteral("Available"), 10000);
    QCOMPARE(b.badFrames(), QStringList());
    QCOMPARE(b.stationErrors(), QStringList());
}

void TestVirtualStation::resetAndReconnect()
{
    QFETCH(OcppVersion, version);
    const bool v16 = version == OcppVersion::V16;
    const QString id = QStringLiteral("RESET");
    SimBench b;
    QVERIFY(b.start());
    b.registry.policy().heartbeatIntervalS = 60;
    sim::VirtualStation *st = b.startStation(b.stationConfig(id, version));
    QVERIFY(b.waitRegistered(st));
    // A charging session is running when the reset comes.
    QVERIFY(st->plugIn(1));
    QVERIFY(st->presentIdToken(1, QStringLiteral("TAG-R")));
    QTRY_VERIFY_WITH_TIMEOUT(lastTransaction(b, id) && lastTransaction(b, id)->active, 10000);
    QSignalSpy lost(st, &sim::VirtualStation::connectionLost);
    QSignalSpy registered(st, &sim::VirtualStation::registered);

    const CallOutcome reset = b.call(id, QStringLiteral("Reset"), v16 ? json(R"({"type":"Hard"})") : json(R"({"type":"Immediate"})"));
    QVERIFY2(reset.ok(), qPrintable(reset.describe()));
    QCOMPARE(reset.payload.value(QStringLiteral("status")).toString(), QStringLiteral("Accepted"));
    // The session ends before the station goes down, then it comes back and boots again.
    QTRY_VERIFY_WITH_TIMEOUT(!lastTransaction(b, id)->active, 10000);
    QCOMPARE(lastTransaction(b, id)->stopReason, v16 ? QStringLiteral("HardReset") : QStringLiteral("ImmediateReset"));
    QTRY_VERIFY_WITH_TIMEOUT(!lost.isEmpty(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!registered.isEmpty(), 10000);
    QVERIFY(b.waitRegistered(st));
    const auto boots = b.frames(id, In, QStringLiteral("BootNotification"));
    QCOMPARE(boots.size(), 2);
    if (!v16)
        QCOMPARE(payloadOf(boots.last()).value(QStringLiteral("reason")).toString(), QStringLiteral("RemoteReset"));
    QVERIFY(b.session(id)->isConnected());
    QCOMPARE(b.badFrames(), QStringList());
    QCOMPARE(b.stationErrors(), QStringList());
}

void TestVirtualStation::resetOnIdleWaitsForTheSession()
{
    const QString id = QStringLiteral("ONIDLE");
    SimBench b;
    QVERIFY(b.start());
    b.registry.policy().heartbeatIntervalS = 60;
    sim::VirtualStation *st = b.startStation(b.stationConfig(id, OcppVersion::V201));
    QVERIFY(b.waitRegistered(st));
    QVERIFY(st->plugIn(1));
    QVERIFY(st->presentIdToken(1, QStringLiteral("TAG-I")));
    QTRY_VERIFY_WITH_TIMEOUT(lastTransaction(b, id) && lastTransaction(b, id)->active, 10000);
    const CallOutcome reset = b.call(id, QStringLiteral("Reset"), json(R"({"type":"OnIdle"})"));
    QCOMPARE(reset.payload.value(QStringLiteral("status")).toString(), QStringLiteral("Scheduled"));
    QCOMPARE(b.count(id, QStringLiteral("BootNotification")), 1);
    QSignalSpy registered(st, &sim::VirtualStation::registered);
    const CallOutcome stop = b.call(id, QStringLiteral("RequestStopTransaction"),
                                    QJsonObject{{QStringLiteral("transactionId"), lastTransaction(b, id)->transactionId}});
    QCOMPARE(stop.payload.value(QStringLiteral("status")).toString(), QStringLiteral("Accepted"));
    QTRY_VERIFY_WITH_TIMEOUT(!registered.isEmpty(), 10000); // rebooted once idle
    QCOMPARE(b.count(id, QStringLiteral("BootNotification")), 2);
    QCOMPARE(b.badFrames(), QStringList());
    QCOMPARE(b.stationErrors(), QStringList());
}

void TestVirtualStation::everyTriggerMessage()
{
    QFETCH(OcppVersion, version);
    const bool v16 = version == OcppVersion::V16;
    const QString id = QStringLiteral("TRIG");
    SimBench b;
    QVERIFY(b.start());
    b.registry.policy().heartbeatIntervalS = 600;
    auto cfg = b.stationConfig(id, version);
    cfg.organization = QStringLiteral("Trigger Test CPO");
    sim::VirtualStation *st = b.startStation(cfg);
    QVERIFY(b.waitRegistered(st));
    QVERIFY(b.waitFor(id, QStringLiteral("StatusNotification"), v16 ? 2 : 1));

    struct Case
    {
        QString action;  // TriggerMessage or ExtendedTriggerMessage
        QString message; // requestedMessage
    };
    QList<Case> cases;
    for (const QString &m : schemaEnum(version, QStringLiteral("TriggerMessage"), QStringLiteral("requestedMessage")))
        cases << Case{QStringLiteral("TriggerMessage"), m};
    if (v16)
        for (const QString &m : schemaEnum(version, QStringLiteral("ExtendedTriggerMessage"), QStringLiteral("requestedMessage")))
            cases << Case{QStringLiteral("ExtendedTriggerMessage"), m};
    QVERIFY(cases.size() >= 6);

    for (const Case &c : cases) {
        QString expectedStatus = QStringLiteral("Accepted");
        QString expectedAction = c.message;
        if (c.message.startsWith(QLatin1String("Sign")))
            expectedAction = QStringLiteral("SignCertificate");
        if (c.message == QLatin1String("BootNotification") && !v16)
            expectedStatus = QStringLiteral("Rejected"); // F06.FR.17: already accepted
        if (c.message == QLatin1String("TransactionEvent"))
            expectedStatus = QStringLiteral("Rejected"); // no transaction running
        if (c.message == QLatin1String("CustomTrigger"))
            expectedStatus = QStringLiteral("NotImplemented");
        const int expectedMessages = c.message == QLatin1String("SignCombinedCertificate") ? 2 : 1;
        const int before = b.count(id, expectedAction);

        const CallOutcome o = b.call(id, c.action, QJsonObject{{QStringLiteral("requestedMessage"), c.message}});
        QVERIFY2(o.ok(), qPrintable(c.message + QStringLiteral(": ") + o.describe()));
        QVERIFY2(o.payload.value(QStringLiteral("status")).toString() == expectedStatus,
                 qPrintable(c.action + QLatin1Char(' ') + c.message + QStringLiteral(": ") + o.payload.value(QStringLiteral("status")).toString()));
        if (expectedStatus == QLatin1String("Accepted"))
            QVERIFY2(b.waitFor(id, expectedAction, before + expectedMessages), qPrintable(c.message));
        qInfo("%s %s -> %s", qPrintable(c.action), qPrintable(c.message), qPrintable(expectedStatus));
    }
    // The CSRs are real PKCS #10 requests for the station's identity.
    const auto csrs = b.frames(id, In, QStringLiteral("SignCertificate"));
    QVERIFY(!csrs.isEmpty());
    for (const RecordedFrame &f : csrs) {
        const auto csr = pki::CertificateRequest::fromPem(payloadOf(f).value(QStringLiteral("csr")).toString().toLatin1());
        QVERIFY2(csr.ok(), qPrintable(csr.ok() ? QString() : csr.error().text()));
        QVERIFY(csr.value().subject().commonName.startsWith(id));
        QCOMPARE(csr.value().subject().organization, QStringLiteral("Trigger Test CPO"));
    }
    QCOMPARE(b.badFrames(), QStringList());
    QCOMPARE(b.stationErrors(), QStringList());
}

void TestVirtualStation::availabilityAndUnlock()
{
    QFETCH(OcppVersion, version);
    const bool v16 = version == OcppVersion::V16;
    const QString id = QStringLiteral("AVAIL");
    SimBench b;
    QVERIFY(b.start());
    b.registry.policy().heartbeatIntervalS = 600;
    auto cfg = b.stationConfig(id, version);
    cfg.evses = 2;
    cfg.autoUnplug = false;
    sim::VirtualStation *st = b.startStation(cfg);
    QVERIFY(b.waitRegistered(st));
    QTRY_COMPARE_WITH_TIMEOUT(connectorStatus(b, id, 2, v16 ? 2 : 1), QStringLiteral("Available"), 10000);

    auto change = [&](int evse, bool operative) {
        const QString type = operative ? QStringLiteral("Operative") : QStringLiteral("Inoperative");
        return v16 ? b.call(id, QStringLiteral("ChangeAvailability"), QJsonObject{{QStringLiteral("connectorId"), evse}, {QStringLiteral("type"), type}})
                   : b.call(id, QStringLiteral("ChangeAvailability"),
                            QJsonObject{{QStringLiteral("operationalStatus"), type}, {QStringLiteral("evse"), QJsonObject{{QStringLiteral("id"), evse}}}});
    };
    const int c2 = v16 ? 2 : 1; // connector id of EVSE 2's connector
    QCOMPARE(change(2, false).payload.value(QStringLiteral("status")).toString(), QStringLiteral("Accepted"));
    QTRY_COMPARE_WITH_TIMEOUT(connectorStatus(b, id, 2, c2), QStringLiteral("Unavailable"), 10000);
    QCOMPARE(change(2, true).payload.value(QStringLiteral("status")).toString(), QStringLiteral("Accepted"));
    QTRY_COMPARE_WITH_TIMEOUT(connectorStatus(b, id, 2, c2), QStringLiteral("Available"), 10000);
    QCOMPARE(change(9, false).payload.value(QStringLiteral("status")).toString(), QStringLiteral("Rejected"));

    // A running session: Inoperative is scheduled and applies when the session ends.
    QVERIFY(st->plugIn(1));
    QVERIFY(st->presentIdToken(1, QStringLiteral("TAG-A")));
    QTRY_VERIFY_WITH_TIMEOUT(st->outlet(1)->charging, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(lastTransaction(b, id) && lastTransaction(b, id)->active, 10000);
    QCOMPARE(change(1, false).payload.value(QStringLiteral("status")).toString(), QStringLiteral("Scheduled"));

    // UnlockConnector: 2.x keeps an authorized session's cable; 1.6 stops the transaction first.
    const CallOutcome unlock = v16 ? b.call(id, QStringLiteral("UnlockConnector"), json(R"({"connectorId":1})"))
                                   : b.call(id, QStringLiteral("UnlockConnector"), json(R"({"evseId":1,"connectorId":1})"));
    QVERIFY(unlock.ok());
    if (v16) {
        QCOMPARE(unlock.payload.value(QStringLiteral("status")).toString(), QStringLiteral("Unlocked"));
        QTRY_VERIFY_WITH_TIMEOUT(!lastTransaction(b, id)->active, 10000);
        QCOMPARE(lastTransaction(b, id)->stopReason, QStringLiteral("UnlockCommand"));
    } else {
        QCOMPARE(unlock.payload.value(QStringLiteral("status")).toString(), QStringLiteral("OngoingAuthorizedTransaction"));
        QVERIFY(st->presentIdToken(1, QStringLiteral("TAG-A")));
        QTRY_VERIFY_WITH_TIMEOUT(!lastTransaction(b, id)->active, 10000);
        const CallOutcome again = b.call(id, QStringLiteral("UnlockConnector"), json(R"({"evseId":1,"connectorId":1})"));
        QCOMPARE(again.payload.value(QStringLiteral("status")).toString(), QStringLiteral("Unlocked"));
        const CallOutcome unknown = b.call(id, QStringLiteral("UnlockConnector"), json(R"({"evseId":7,"connectorId":1})"));
        QCOMPARE(unknown.payload.value(QStringLiteral("status")).toString(), QStringLiteral("UnknownConnector"));
    }
    QTRY_COMPARE_WITH_TIMEOUT(connectorStatus(b, id, 1, 1), QStringLiteral("Unavailable"), 10000);
    QCOMPARE(b.badFrames(), QStringList());
    QCOMPARE(b.stationErrors(), QStringList());
}

QTEST_GUILESS_MAIN(TestVirtualStation)
#include "tst_virtualstation.moc"
