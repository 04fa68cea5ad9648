// OCPP-J frame codec: exact layouts both ways and every malformed-frame case.
#include "rpc/rpcframe.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace cb;

Q_DECLARE_METATYPE(cb::OcppVersion)
Q_DECLARE_METATYPE(cb::FrameDecodeError::Kind)

class TestRpcFrame : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void encodeMatchesQJsonArray_data();
    void encodeMatchesQJsonArray();
    void encodeLayouts()
    {
        const QJsonObject p{{QStringLiteral("a"), 1}};
        QCOMPARE(RpcFrame::call(QStringLiteral("id1"), QStringLiteral("Heartbeat"), {}).encode(),
                 QByteArray(R"([2,"id1","Heartbeat",{}])"));
        QCOMPARE(RpcFrame::result(QStringLiteral("id1"), p).encode(), QByteArray(R"([3,"id1",{"a":1}])"));
        QCOMPARE(RpcFrame::error(QStringLiteral("id1"), RpcErrorCode::NotSupported, OcppVersion::V201, QStringLiteral("no")).encode(),
                 QByteArray(R"([4,"id1","NotSupported","no",{}])"));
        QCOMPARE(RpcFrame::error(QStringLiteral("id1"), RpcErrorCode::FormatViolation, OcppVersion::V21, QString(), {},
                                 MessageType::CallResultError).encode(),
                 QByteArray(R"([5,"id1","FormatViolation","",{}])"));
        QCOMPARE(RpcFrame::send(QStringLiteral("s"), QStringLiteral("NotifyPeriodicEventStream"), p).encode(),
                 QByteArray(R"([6,"s","NotifyPeriodicEventStream",{"a":1}])"));
    }

    void errorCodeSpellings()
    {
        QCOMPARE(wireName(RpcErrorCode::FormatViolation, OcppVersion::V16), QStringLiteral("FormationViolation"));
        QCOMPARE(wireName(RpcErrorCode::RpcFrameworkError, OcppVersion::V16), QStringLiteral("FormationViolation"));
        QCOMPARE(wireName(RpcErrorCode::OccurrenceConstraintViolation, OcppVersion::V16),
                 QStringLiteral("OccurenceConstraintViolation"));
        QCOMPARE(wireName(RpcErrorCode::OccurrenceConstraintViolation, OcppVersion::V201),
                 QStringLiteral("OccurrenceConstraintViolation"));
        QCOMPARE(wireName(RpcErrorCode::FormatViolation, OcppVersion::V21), QStringLiteral("FormatViolation"));
        QCOMPARE(parseErrorCode(u"FormationViolation"), RpcErrorCode::FormatViolation);
        QCOMPARE(parseErrorCode(u"FormatViolation"), RpcErrorCode::FormatViolation);
        QCOMPARE(parseErrorCode(u"OccurenceConstraintViolation"), RpcErrorCode::OccurrenceConstraintViolation);
        QCOMPARE(parseErrorCode(u"OccurrenceConstraintViolation"), RpcErrorCode::OccurrenceConstraintViolation);
        QCOMPARE(parseErrorCode(u"RpcFrameworkError"), RpcErrorCode::RpcFrameworkError);
        QVERIFY(!parseErrorCode(u"NoSuchError"));
    }

    void descriptionIsCutTo255()
    {
        const RpcFrame f = RpcFrame::error(QStringLiteral("x"), RpcErrorCode::GenericError, OcppVersion::V201, QString(400, QLatin1Char('d')));
        QCOMPARE(f.errorDescription.size(), 255);
        const auto back = decodeFrame(f.encode(), OcppVersion::V201);
        QVERIFY(back.ok());
        QCOMPARE(back.value().errorDescription.size(), 255);
    }

    void roundTrip_data()
    {
        QTest::addColumn<OcppVersion>("version");
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("call") << OcppVersion::V16 << QByteArray(R"([2,"19223201","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}])");
        QTest::newRow("result") << OcppVersion::V201 << QByteArray(R"([3,"19223201",{"currentTime":"2013-02-01T20:53:32.486Z","interval":300,"status":"Accepted"}])");
        QTest::newRow("error") << OcppVersion::V201 << QByteArray(R"([4,"162376037","NotSupported","SetDisplayMessageRequest not supported",{}])");
        QTest::newRow("error details") << OcppVersion::V16 << QByteArray(R"([4,"a","GenericError","x",{"k":[1,2]}])");
        QTest::newRow("resulterror") << OcppVersion::V21 << QByteArray(R"([5,"a","FormatViolation","bad",{}])");
        QTest::newRow("send") << OcppVersion::V21 << QByteArray(R"([6,"19223201","NotifyPeriodicEventStream",{"id":123,"pending":0}])");
        QTest::newRow("id 36") << OcppVersion::V21 << QByteArray(R"([2,"123456789012345678901234567890123456","Heartbeat",{}])");
    }
    void roundTrip()
    {
        QFETCH(OcppVersion, version);
        QFETCH(QByteArray, text);
        const auto decoded = decodeFrame(text, version);
        QVERIFY2(decoded.ok(), qPrintable(decoded.ok() ? QString() : decoded.error().description));
        QCOMPARE(QJsonDocument::fromJson(decoded.value().encode()), QJsonDocument::fromJson(text));
    }

    void malformed_data()
    {
        using K = FrameDecodeError::Kind;
        QTest::addColumn<OcppVersion>("version");
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<K>("kind");
        QTest::addColumn<QString>("id");
        QTest::addColumn<int>("type");

        QTest::newRow("not json") << OcppVersion::V201 << QByteArray("[2,\"a\",") << K::InvalidJson << "-1" << 0;
        QTest::newRow("invalid utf8") << OcppVersion::V201 << QByteArray("[2,\"\xff\xfe\",\"Heartbeat\",{}]") << K::InvalidJson << "-1" << 0;
        QTest::newRow("object") << OcppVersion::V16 << QByteArray(R"({"a":1})") << K::NotAnArray << "-1" << 0;
        QTest::newRow("string") << OcppVersion::V16 << QByteArray(R"("hello")") << K::NotAnArray << "-1" << 0;
        QTest::newRow("empty array") << OcppVersion::V16 << QByteArray("[]") << K::BadMessageTypeId << "-1" << 0;
        QTest::newRow("type string") << OcppVersion::V16 << QByteArray(R"(["2","a","Heartbeat",{}])") << K::BadMessageTypeId << "-1" << 0;
        QTest::newRow("type fraction") << OcppVersion::V16 << QByteArray(R"([2.5,"a","Heartbeat",{}])") << K::BadMessageTypeId << "-1" << 0;
        QTest::newRow("type 7") << OcppVersion::V21 << QByteArray(R"([7,"a","Heartbeat",{}])") << K::UnknownMessageType << "a" << 7;
        QTest::newRow("send in 2.0.1") << OcppVersion::V201 << QByteArray(R"([6,"a","Heartbeat",{}])") << K::UnknownMessageType << "a" << 6;
        QTest::newRow("resulterror in 1.6") << OcppVersion::V16 << QByteArray(R"([5,"a","GenericError","",{}])") << K::UnknownMessageType << "a" << 5;
        QTest::newRow("id number") << OcppVersion::V201 << QByteArray(R"([2,17,"Heartbeat",{}])") << K::BadMessageId << "-1" << 2;
        QTest::newRow("id missing") << OcppVersion::V201 << QByteArray(R"([2])") << K::BadMessageId << "-1" << 2;
        QTest::newRow("id 37") << OcppVersion::V201 << QByteArray(R"([2,"1234567890123456789012345678901234567","Heartbeat",{}])") << K::BadMessageId << "-1" << 2;
        QTest::newRow("call 3 elements") << OcppVersion::V201 << QByteArray(R"([2,"a","Heartbeat"])") << K::BadLayout << "a" << 2;
        QTest::newRow("call 5 elements") << OcppVersion::V201 << QByteArray(R"([2,"a","Heartbeat",{},{}])") << K::BadLayout << "a" << 2;
        QTest::newRow("call payload array") << OcppVersion::V201 << QByteArray(R"([2,"a","Heartbeat",[]])") << K::BadLayout << "a" << 2;
        QTest::newRow("call payload null") << OcppVersion::V16 << QByteArray(R"([2,"a","Heartbeat",null])") << K::BadLayout << "a" << 2;
        QTest::newRow("call action number") << OcppVersion::V16 << QByteArray(R"([2,"a",5,{}])") << K::BadLayout << "a" << 2;
        QTest::newRow("call action empty") << OcppVersion::V16 << QByteArray(R"([2,"a","",{}])") << K::BadLayout << "a" << 2;
        QTest::newRow("result 4 elements") << OcppVersion::V16 << QByteArray(R"([3,"a",{},{}])") << K::BadLayout << "a" << 3;
        QTest::newRow("result payload string") << OcppVersion::V16 << QByteArray(R"([3,"a","x"])") << K::BadLayout << "a" << 3;
        QTest::newRow("error 4 elements") << OcppVersion::V201 << QByteArray(R"([4,"a","GenericError",""])") << K::BadLayout << "a" << 4;
        QTest::newRow("error details array") << OcppVersion::V201 << QByteArray(R"([4,"a","GenericError","",[]])") << K::BadLayout << "a" << 4;
        QTest::newRow("send 3 elements") << OcppVersion::V21 << QByteArray(R"([6,"a","NotifyPeriodicEventStream"])") << K::BadLayout << "a" << 6;
    }
    void malformed()
    {
        QFETCH(OcppVersion, version);
        QFETCH(QByteArray, text);
        QFETCH(FrameDecodeError::Kind, kind);
        QFETCH(QString, id);
        QFETCH(int, type);
        const auto decoded = decodeFrame(text, version);
        QVERIFY(!decoded.ok());
        QCOMPARE(decoded.error().kind, kind);
        QCOMPARE(decoded.error().messageId, id);
        QCOMPARE(decoded.error().messageTypeId, type);
        QVERIFY(!decoded.error().description.isEmpty());
    }
};

void TestRpcFrame::encodeMatchesQJsonArray_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("action");
    QTest::newRow("plain") << QStringLiteral("19223201-abc") << QStringLiteral("Heartbeat");
    QTest::newRow("empty id") << QString() << QStringLiteral("Heartbeat");
    QTest::newRow("quote") << QStringLiteral("a\"b") << QStringLiteral("Heart\"beat");
    QTest::newRow("backslash") << QStringLiteral("a\\b") << QStringLiteral("Boot");
    QTest::newRow("control") << QStringLiteral("a\nb\u0001") << QStringLiteral("x\ty");
    QTest::newRow("non-ASCII") << QStringLiteral("\u00e9\u20ac") << QStringLiteral("D\u00e4ta");
    QTest::newRow("DEL") << QStringLiteral("a\u007f") << QStringLiteral("b");
}

void TestRpcFrame::encodeMatchesQJsonArray()
{
    // encode() assembles the common frames without a QJsonArray; the bytes must be the same.
    QFETCH(QString, id);
    QFETCH(QString, action);
    const QJsonObject payload{{QStringLiteral("s"), QStringLiteral("\u00e9\"\n")}, {QStringLiteral("n"), 1.5},
                              {QStringLiteral("a"), QJsonArray{1, true, QJsonValue()}}};
    const auto viaArray = [](const QJsonArray &a) { return QJsonDocument(a).toJson(QJsonDocument::Compact); };
    QCOMPARE(RpcFrame::call(id, action, payload).encode(), viaArray(QJsonArray{2, id, action, payload}));
    QCOMPARE(RpcFrame::send(id, action, payload).encode(), viaArray(QJsonArray{6, id, action, payload}));
    QCOMPARE(RpcFrame::result(id, payload).encode(), viaArray(QJsonArray{3, id, payload}));
    QCOMPARE(RpcFrame::result(id, {}).encode(), viaArray(QJsonArray{3, id, QJsonObject()}));
}

QTEST_GUILESS_MAIN(TestRpcFrame)
#include "tst_rpcframe.moc"
