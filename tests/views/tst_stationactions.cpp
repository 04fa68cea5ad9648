// The payloads behind the actions panel: every variant of every action validates against the
// official schema of each version, and answers read in words.
#include "actions/stationactions.h"
#include "schema/actiondirection.h"
#include "schema/schemavalidator.h"
#include "station/stationstate.h"

#include <QJsonDocument>
#include <QTest>

using namespace cb;
namespace sa = cb::stationactions;

class TestStationActions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyRequestValidates_data();
    void everyRequestValidates();
    void enumerationsComeFromTheSchemas();
    void versionsUseTheirOwnNames();
    void stopNeedsAnIntegerIn16();
    void destructiveOnesAreKnown();
    void runningTransactionsNewestFirst();
    void answersReadInWords();
};

void TestStationActions::everyRequestValidates_data()
{
    QTest::addColumn<OcppVersion>("version");
    for (OcppVersion v : kAllVersions)
        QTest::newRow(qPrintable(versionName(v))) << v;
}

void TestStationActions::everyRequestValidates()
{
    QFETCH(OcppVersion, version);
    QList<sa::Request> all;
    const std::optional<int> none;
    for (const QString &type : sa::resetTypes(version))
        for (auto evse : {none, std::optional<int>(0), std::optional<int>(2)})
            all << sa::reset(version, type, evse);
    for (bool operative : {true, false}) {
        all << sa::changeAvailability(version, operative, none, none);
        all << sa::changeAvailability(version, operative, 1, none);
        all << sa::changeAvailability(version, operative, 1, 2);
        all << sa::changeAvailability(version, operative, none, 0);
    }
    all << sa::unlockConnector(version, 1, 1) << sa::unlockConnector(version, 2, 3);
    for (const QString &m : sa::triggerMessages(version)) {
        all << sa::triggerMessage(version, m);
        all << sa::triggerMessage(version, m, 1, none);
        all << sa::triggerMessage(version, m, 1, 2, QStringLiteral("com.example.Status"));
        all << sa::triggerMessage(version, m, none, 1);
    }
    const QStringList tokenTypes = version == OcppVersion::V16 ? QStringList{QString()} : sa::idTokenTypes(version);
    for (const QString &t : tokenTypes) {
        all << sa::startTransaction(version, QStringLiteral("04A2B3C4"), t, 7);
        all << sa::startTransaction(version, QString(sa::idTokenMaxLength(version), QLatin1Char('T')), t, 8, 1);
    }
    const auto stop = sa::stopTransaction(version, version == OcppVersion::V16 ? QStringLiteral("42") : QStringLiteral("tx-9f1c"));
    QVERIFY2(stop.ok(), qPrintable(stop.ok() ? QString() : stop.error().text()));
    all << stop.value();
    all << sa::clearCache(version);
    all << sa::dataTransfer(version, QStringLiteral("com.example"), {}, {});
    all << sa::dataTransfer(version, QStringLiteral("com.example"), QStringLiteral("Ping"), QStringLiteral("{\"a\":1}"));

    const QStringList csmsActions = csmsInitiatedActions(version);
    for (const sa::Request &r : all) {
        QVERIFY2(csmsActions.contains(r.action), qPrintable(r.action));
        const Violations v = SchemaValidator::shared().validate(version, r.action, PayloadKind::Request, r.payload);
        QVERIFY2(v.isEmpty(), qPrintable(r.action + QStringLiteral(" ") + QString::fromUtf8(QJsonDocument(r.payload).toJson(
                                                                                 QJsonDocument::Compact))
                                          + QStringLiteral(": ") + describe(v)));
    }
    QVERIFY(all.size() > 30);
}

void TestStationActions::enumerationsComeFromTheSchemas()
{
    QCOMPARE(sa::resetTypes(OcppVersion::V16), (QStringList{QStringLiteral("Hard"), QStringLiteral("Soft")}));
    QCOMPARE(sa::resetTypes(OcppVersion::V201), (QStringList{QStringLiteral("Immediate"), QStringLiteral("OnIdle")}));
    QVERIFY(sa::resetTypes(OcppVersion::V21).contains(QStringLiteral("ImmediateAndResume")));
    QVERIFY(sa::triggerMessages(OcppVersion::V16).contains(QStringLiteral("DiagnosticsStatusNotification")));
    QVERIFY(sa::triggerMessages(OcppVersion::V201).contains(QStringLiteral("TransactionEvent")));
    QVERIFY(!sa::triggerMessages(OcppVersion::V201).contains(QStringLiteral("CustomTrigger")));
    QVERIFY(sa::triggerMessages(OcppVersion::V21).contains(QStringLiteral("CustomTrigger")));
    QVERIFY(sa::idTokenTypes(OcppVersion::V16).isEmpty());
    QVERIFY(sa::idTokenTypes(OcppVersion::V201).contains(QStringLiteral("ISO14443")));
    QVERIFY(!sa::idTokenTypes(OcppVersion::V201).contains(QStringLiteral("VIN")));
    QVERIFY(sa::idTokenTypes(OcppVersion::V21).contains(QStringLiteral("VIN"))); // 2.1 appendix strings
    QCOMPARE(sa::idTokenMaxLength(OcppVersion::V16), 20);
    QCOMPARE(sa::idTokenMaxLength(OcppVersion::V201), 36);
    QCOMPARE(sa::idTokenMaxLength(OcppVersion::V21), 255);
}

void TestStationActions::versionsUseTheirOwnNames()
{
    const auto start16 = sa::startTransaction(OcppVersion::V16, QStringLiteral("TAG"), {}, 1, 2);
    QCOMPARE(start16.action, QStringLiteral("RemoteStartTransaction"));
    QCOMPARE(start16.payload, (QJsonObject{{QStringLiteral("idTag"), QStringLiteral("TAG")}, {QStringLiteral("connectorId"), 2}}));
    const auto start201 = sa::startTransaction(OcppVersion::V201, QStringLiteral("TAG"), QStringLiteral("Central"), 5);
    QCOMPARE(start201.action, QStringLiteral("RequestStartTransaction"));
    QCOMPARE(start201.payload.value(QLatin1String("remoteStartId")).toInt(), 5);
    QVERIFY(!start201.payload.contains(QLatin1String("evseId")));
    const auto avail16 = sa::changeAvailability(OcppVersion::V16, false, 3, 2);
    QCOMPARE(avail16.payload, (QJsonObject{{QStringLiteral("connectorId"), 2}, {QStringLiteral("type"), QStringLiteral("Inoperative")}}));
    const auto avail21 = sa::changeAvailability(OcppVersion::V21, true, 3, 2);
    QCOMPARE(avail21.payload.value(QLatin1String("evse")).toObject(),
             (QJsonObject{{QStringLiteral("id"), 3}, {QStringLiteral("connectorId"), 2}}));
    QCOMPARE(sa::reset(OcppVersion::V16, QStringLiteral("Soft"), 2).payload, (QJsonObject{{QStringLiteral("type"), QStringLiteral("Soft")}}));
    QCOMPARE(sa::triggerMessage(OcppVersion::V21, QStringLiteral("CustomTrigger"), {}, {}, QStringLiteral("x")).payload.value(
                 QLatin1String("customTrigger")),
             QJsonValue(QStringLiteral("x")));
    QVERIFY(!sa::triggerMessage(OcppVersion::V201, QStringLiteral("Heartbeat"), {}, {}, QStringLiteral("x")).payload.contains(
        QLatin1String("customTrigger")));
}

void TestStationActions::stopNeedsAnIntegerIn16()
{
    const auto bad = sa::stopTransaction(OcppVersion::V16, QStringLiteral("tx-1"));
    QVERIFY(!bad.ok());
    QVERIFY(bad.error().message.contains(QStringLiteral("integer")));
    QVERIFY(!sa::stopTransaction(OcppVersion::V201, QStringLiteral("  ")).ok());
    const auto good = sa::stopTransaction(OcppVersion::V16, QStringLiteral(" 17 "));
    QVERIFY(good.ok());
    QCOMPARE(good.value().payload.value(QLatin1String("transactionId")), QJsonValue(17));
}

void TestStationActions::destructiveOnesAreKnown()
{
    for (OcppVersion v : kAllVersions) {
        QVERIFY(sa::isDestructive(sa::reset(v, sa::resetTypes(v).first())));
        QVERIFY(sa::isDestructive(sa::changeAvailability(v, false, {}, {})));
        QVERIFY(!sa::isDestructive(sa::changeAvailability(v, true, {}, {})));
        QVERIFY(sa::isDestructive(sa::unlockConnector(v, 1, 1)));
        QVERIFY(sa::isDestructive(sa::stopTransaction(v, QStringLiteral("1")).value()));
        QVERIFY(sa::isDestructive(sa::clearCache(v)));
        QVERIFY(!sa::isDestructive(sa::triggerMessage(v, QStringLiteral("Heartbeat"))));
        QVERIFY(!sa::isDestructive(sa::startTransaction(v, QStringLiteral("T"), QStringLiteral("Central"), 1)));
        QVERIFY(!sa::isDestructive(sa::dataTransfer(v, QStringLiteral("v"), {}, {})));
    }
}

void TestStationActions::runningTransactionsNewestFirst()
{
    StationSnapshot s;
    TransactionRecord a, b, c;
    a.transactionId = QStringLiteral("A");
    b.transactionId = QStringLiteral("B");
    b.active = false;
    c.transactionId = QStringLiteral("C");
    s.transactions = {a, b, c};
    QCOMPARE(sa::activeTransactionIds(s), (QStringList{QStringLiteral("C"), QStringLiteral("A")}));
    QVERIFY(sa::activeTransactionIds(StationSnapshot{}).isEmpty());
}

void TestStationActions::answersReadInWords()
{
    CallOutcome ok;
    ok.status = CallOutcome::Status::Result;
    ok.action = QStringLiteral("Reset");
    ok.latencyMs = 12;
    ok.payload = QJsonObject{{QStringLiteral("status"), QStringLiteral("Accepted")}};
    QCOMPARE(sa::answerText(ok), QStringLiteral("Accepted \u2014 12 ms"));
    QCOMPARE(sa::answerTone(ok), sa::Tone::Good);

    CallOutcome no = ok;
    no.payload = QJsonObject{{QStringLiteral("status"), QStringLiteral("Rejected")},
                             {QStringLiteral("statusInfo"), QJsonObject{{QStringLiteral("reasonCode"), QStringLiteral("BadState")},
                                                                       {QStringLiteral("additionalInfo"), QStringLiteral("charging")}}}};
    QCOMPARE(sa::answerText(no), QStringLiteral("Rejected (BadState: charging) \u2014 12 ms"));
    QCOMPARE(sa::answerTone(no), sa::Tone::Refused);

    CallOutcome data = ok;
    data.payload = QJsonObject{{QStringLiteral("status"), QStringLiteral("Accepted")}, {QStringLiteral("data"), QJsonObject{{QStringLiteral("k"), 1}}}};
    QVERIFY(sa::answerText(data).contains(QStringLiteral("data: {\"k\":1}")));

    CallOutcome err;
    err.status = CallOutcome::Status::CallError;
    err.action = QStringLiteral("ClearCache");
    err.errorCode = QStringLiteral("NotSupported");
    QVERIFY(sa::answerText(err).contains(QStringLiteral("CALLERROR NotSupported")));
    QCOMPARE(sa::answerTone(err), sa::Tone::Failed);

    CallOutcome late;
    late.status = CallOutcome::Status::Timeout;
    late.action = QStringLiteral("UnlockConnector");
    late.latencyMs = 2000;
    QVERIFY(sa::answerText(late).contains(QStringLiteral("No answer")));
}

QTEST_MAIN(TestStationActions)
#include "tst_stationactions.moc"
