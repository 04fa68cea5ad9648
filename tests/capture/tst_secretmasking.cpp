// Secret masking of OCPP frames: each kind of secret is replaced by the marker, the frame stays
// valid JSON with the same structure, and frames without secrets keep their bytes.
#include "capture/secretmasking.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace cb;

class TestSecretMasking : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void masksSecrets_data();
    void masksSecrets();
    void leavesOtherFramesAlone_data();
    void leavesOtherFramesAlone();
    void masksNumbersAndOddSpellings();
    void maskRecordSkipsConnectionEvents();
};

void TestSecretMasking::masksSecrets_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<QByteArray>("kept"); // a neighbouring value that is no secret

    QTest::newRow("2.x SetVariables BasicAuthPassword")
        << "SetVariables"
        << QByteArray(R"([2,"1","SetVariables",{"setVariableData":[{"component":{"name":"SecurityCtrlr"},"variable":{"name":"BasicAuthPassword"},"attributeValue":"s3cretPassw0rd"},{"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"},"attributeValue":"300"}]}])")
        << QByteArray("s3cretPassw0rd") << QByteArray("\"300\"");
    QTest::newRow("2.x GetVariables answer")
        << "GetVariables"
        << QByteArray(R"([3,"2",{"getVariableResult":[{"attributeStatus":"Accepted","component":{"name":"SecurityCtrlr"},"variable":{"name":"BasicAuthPassword"},"attributeValue":"hunter2hunter2"}]}])")
        << QByteArray("hunter2hunter2") << QByteArray("Accepted");
    QTest::newRow("2.x NotifyReport")
        << "NotifyReport"
        << QByteArray(R"([2,"3","NotifyReport",{"requestId":1,"generatedAt":"2026-01-01T00:00:00Z","seqNo":0,"reportData":[{"component":{"name":"SecurityCtrlr"},"variable":{"name":"BasicAuthPassword"},"variableAttribute":[{"type":"Actual","value":"reportedSecret1"}]},{"component":{"name":"SecurityCtrlr"},"variable":{"name":"Identity"},"variableAttribute":[{"type":"Actual","value":"CP-7"}]}]}])")
        << QByteArray("reportedSecret1") << QByteArray("CP-7");
    QTest::newRow("1.6 ChangeConfiguration AuthorizationKey")
        << "ChangeConfiguration" << QByteArray(R"([2,"4","ChangeConfiguration",{"key":"AuthorizationKey","value":"0011223344556677"}])")
        << QByteArray("0011223344556677") << QByteArray("AuthorizationKey");
    QTest::newRow("1.6 GetConfiguration answer")
        << "GetConfiguration"
        << QByteArray(R"([3,"5",{"configurationKey":[{"key":"AuthorizationKey","readonly":false,"value":"aabbccddeeff0011"},{"key":"HeartbeatInterval","readonly":false,"value":"900"}]}])")
        << QByteArray("aabbccddeeff0011") << QByteArray("\"900\"");
    QTest::newRow("SetNetworkProfile vpn password")
        << "SetNetworkProfile"
        << QByteArray(R"([2,"6","SetNetworkProfile",{"configurationSlot":1,"connectionData":{"ocppVersion":"OCPP20","ocppTransport":"JSON","ocppCsmsUrl":"wss://csms.example/ocpp","messageTimeout":30,"securityProfile":1,"ocppInterface":"Wired0","vpn":{"server":"vpn.example","user":"cp","password":"vpnPassw0rd","key":"vpnSharedKey","type":"IPSec"}}}])")
        << QByteArray("vpnPassw0rd") << QByteArray("vpn.example");
    QTest::newRow("SetNetworkProfile vpn key")
        << "SetNetworkProfile"
        << QByteArray(R"([2,"7","SetNetworkProfile",{"configurationSlot":1,"connectionData":{"vpn":{"server":"vpn.example","user":"cp","password":"x1","key":"vpnSharedKey","type":"IPSec"}}}])")
        << QByteArray("vpnSharedKey") << QByteArray("IPSec");
    QTest::newRow("SetNetworkProfile apn password")
        << "SetNetworkProfile"
        << QByteArray(R"([2,"8","SetNetworkProfile",{"configurationSlot":2,"connectionData":{"apn":{"apn":"internet.example","apnUserName":"u","apnPassword":"apnSecret99","apnAuthentication":"AUTO"}}}])")
        << QByteArray("apnSecret99") << QByteArray("internet.example");
    QTest::newRow("2.1 SetNetworkProfile basicAuthPassword")
        << "SetNetworkProfile"
        << QByteArray(R"([2,"9","SetNetworkProfile",{"configurationSlot":3,"connectionData":{"identity":"CP-9","basicAuthPassword":"newBasicPassword1"}}])")
        << QByteArray("newBasicPassword1") << QByteArray("CP-9");
    QTest::newRow("private key in any string")
        << "DataTransfer"
        << QByteArray(R"([2,"10","DataTransfer",{"vendorId":"acme","data":"-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIPrivKeyBytes\n-----END EC PRIVATE KEY-----\n"}])")
        << QByteArray("PrivKeyBytes") << QByteArray("acme");
    QTest::newRow("private key in a reply")
        << "Get15118EVCertificate"
        << QByteArray(R"([3,"11",{"status":"Accepted","exiResponse":"x","customData":{"vendorId":"v","key":"-----BEGIN PRIVATE KEY-----\nAAAAPrivate\n-----END PRIVATE KEY-----"}}])")
        << QByteArray("AAAAPrivate") << QByteArray("Accepted");
}

void TestSecretMasking::masksSecrets()
{
    QFETCH(QString, action);
    QFETCH(QByteArray, frame);
    QFETCH(QByteArray, secret);
    QFETCH(QByteArray, kept);
    QVERIFY(frame.contains(secret));
    const QByteArray masked = secretmasking::maskFrame(frame, action);
    QVERIFY2(!masked.contains(secret), masked.constData());
    QVERIFY2(masked.contains(kept), masked.constData());
    QVERIFY(masked.contains(secretmasking::marker().toUtf8()));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(masked, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(doc.array().size(), QJsonDocument::fromJson(frame).array().size());
    // Masking twice changes nothing more.
    QCOMPARE(secretmasking::maskFrame(masked, action), masked);
}

void TestSecretMasking::leavesOtherFramesAlone_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QByteArray>("frame");
    // Spacing as a station may send it: kept byte for byte.
    QTest::newRow("heartbeat") << "Heartbeat" << QByteArray("[2, \"1\", \"Heartbeat\", {}]");
    QTest::newRow("other variable")
        << "SetVariables"
        << QByteArray(R"([2, "2","SetVariables",{"setVariableData":[{"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"},"attributeValue":"300"}]}])");
    QTest::newRow("other configuration key")
        << "ChangeConfiguration" << QByteArray(R"([2,"3","ChangeConfiguration",{"key":"HeartbeatInterval", "value":"60"}])");
    QTest::newRow("certificate is no key")
        << "CertificateSigned"
        << QByteArray(R"([2,"4","CertificateSigned",{"certificateChain":"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"}])");
    QTest::newRow("not json") << "ChangeConfiguration" << QByteArray("[2,\"5\",\"ChangeConfiguration\",{\"key\":");
}

void TestSecretMasking::leavesOtherFramesAlone()
{
    QFETCH(QString, action);
    QFETCH(QByteArray, frame);
    QCOMPARE(secretmasking::maskFrame(frame, action), frame);
}

void TestSecretMasking::masksNumbersAndOddSpellings()
{
    // simPin is a number in the schema, and a password may be written with escapes: the frame is
    // then written anew, still without the secret.
    const QByteArray frame = R"([2,"1","SetNetworkProfile",{"configurationSlot":1,"connectionData":{"apn":{"apn":"a","apnAuthentication":"AUTO","simPin":4711,"apnPassword":"p\u0061ssXYZ"}}}])";
    const QByteArray masked = secretmasking::maskFrame(frame, QStringLiteral("SetNetworkProfile"));
    QVERIFY2(!masked.contains("4711"), masked.constData());
    QVERIFY2(!masked.contains("ssXYZ"), masked.constData());
    const QJsonObject apn = QJsonDocument::fromJson(masked).array().at(3).toObject()
                                .value(QLatin1String("connectionData")).toObject().value(QLatin1String("apn")).toObject();
    QCOMPARE(apn.value(QLatin1String("simPin")).toString(), secretmasking::marker());
    QCOMPARE(apn.value(QLatin1String("apnPassword")).toString(), secretmasking::marker());
    QCOMPARE(apn.value(QLatin1String("apn")).toString(), QStringLiteral("a"));
}

void TestSecretMasking::maskRecordSkipsConnectionEvents()
{
    CaptureRecord r;
    r.kind = CaptureRecord::Kind::ConnectionOpened;
    r.data = R"({"note":"-----BEGIN PRIVATE KEY----- x -----END PRIVATE KEY-----"})";
    QVERIFY(!secretmasking::maskRecord(r));

    r.kind = CaptureRecord::Kind::Frame;
    r.action = QStringLiteral("ChangeConfiguration");
    r.data = R"([2,"1","ChangeConfiguration",{"key":"AuthorizationKey","value":"abcdefabcdef"}])";
    QVERIFY(secretmasking::maskRecord(r));
    QVERIFY(!r.data.contains("abcdefabcdef"));
}

QTEST_GUILESS_MAIN(TestSecretMasking)
#include "tst_secretmasking.moc"
