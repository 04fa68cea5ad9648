// The CSMS WebSocket server over real loopback sockets: versions and subprotocol negotiation,
// identities, admission, Basic auth (profile 1), replaced connections and hostile input.
#include "loopbackserver.h"
#include "rawwebsocket.h"
#include "transport/csmsserver.h"
#include "transport/stationclient.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace cb;
using namespace std::chrono_literals;

Q_DECLARE_METATYPE(cb::OcppVersion)

namespace {

ServerConfig loopbackConfig()
{
    ServerConfig c = test::loopbackServerConfig();
    return c;
}

ClientConfig clientFor(const CsmsServer &server, const QString &identity, QList<OcppVersion> versions = {})
{
    ClientConfig c;
    c.baseUrl = QUrl(QStringLiteral("ws://127.0.0.1:%1/ocpp").arg(server.port()));
    c.identity = identity;
    if (!versions.isEmpty())
        c.versions = versions;
    return c;
}

// Answers BootNotification on every new connection, like the default responders will.
void answerBoots(CsmsServer &server)
{
    QObject::connect(&server, &CsmsServer::connectionOpened, &server, [](StationConnection *c) {
        c->rpc().setHandler(QStringLiteral("BootNotification"), [v = c->info().version](const RpcCall &, RpcResponder r) {
            QJsonObject p{{QStringLiteral("currentTime"), QStringLiteral("2026-01-01T00:00:00Z")},
                          {QStringLiteral("interval"), 60},
                          {QStringLiteral("status"), QStringLiteral("Accepted")}};
            r.result(p);
        });
    });
}

QJsonObject bootPayload(OcppVersion v)
{
    if (v == OcppVersion::V16)
        return QJsonObject{{QStringLiteral("chargePointVendor"), QStringLiteral("ACME")},
                           {QStringLiteral("chargePointModel"), QStringLiteral("One")}};
    return QJsonObject{{QStringLiteral("reason"), QStringLiteral("PowerUp")},
                       {QStringLiteral("chargingStation"),
                        QJsonObject{{QStringLiteral("vendorName"), QStringLiteral("ACME")}, {QStringLiteral("model"), QStringLiteral("One")}}}};
}

// A 1.6 BootNotification CALL as compact text.
QByteArray bootCall(const QString &id)
{
    return QJsonDocument(QJsonArray{2, id, QStringLiteral("BootNotification"), bootPayload(OcppVersion::V16)})
        .toJson(QJsonDocument::Compact);
}

// A started server that answers boots and a raw client past the handshake.
struct RawBench
{
    CsmsServer server;
    RawWebSocket raw;
    bool open(const QByteArray &path, const QByteArray &subprotocols)
    {
        answerBoots(server);
        if (!server.start(loopbackConfig()).ok())
            return false;
        raw.connectTo(server.port(), path, subprotocols);
        return QTest::qWaitFor([this] { return raw.handshakeDone(); }, 5000);
    }
};

} // namespace

// Slots are defined out of line: moc (6.4) misreads some raw string literals inside a class body.
class TestCsmsServer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void eachVersionConnectsAndBoots_data();
    void eachVersionConnectsAndBoots();
    void clientPreferenceWins();
    void noCommonSubprotocolClosesAfterHandshake();
    void identityIsPercentDecoded();
    void badIdentitiesAreRefused_data();
    void badIdentitiesAreRefused();
    void knownOnlyAdmission();
    void basicAuth_data();
    void basicAuth();
    void repeatedAuthFailuresAreSlowed();
    void secondConnectionReplacesFirst();
    void oversizedFrameClosesWith1009();
    void invalidUtf8ClosesWith1007();
    void binaryFrameClosesWith1003();
    void plainHttpGetsAHelpfulAnswer();
    void portInUseIsReported();
    void framesReachTheSink();
    void stopClosesWith1001();
    void hostileStationHarmsNoOne();
    void handshakeAnswerFollowsRfc6455();
    void badUpgradeHeadersAreRefused_data();
    void badUpgradeHeadersAreRefused();
    void fragmentedCallWithPingBetweenIsAnswered();
    void frameTrickledByteByByteIsAnswered();
    void frameSentWithTheHandshakeIsAnswered();
    void unmaskedFrameClosesWith1002();
    void clientCloseIsEchoed();
    void pipelinedCallsAreAnsweredInOrder();
};

void TestCsmsServer::eachVersionConnectsAndBoots_data()
{
    QTest::addColumn<OcppVersion>("version");
    for (OcppVersion v : kAllVersions)
        QTest::newRow(qPrintable(versionName(v))) << v;
}

void TestCsmsServer::eachVersionConnectsAndBoots()
{
    QFETCH(OcppVersion, version);
    CsmsServer server;
    answerBoots(server);
    QSignalSpy opened(&server, &CsmsServer::connectionOpened);
    QVERIFY(server.start(loopbackConfig()).ok());

    StationClient client;
    QSignalSpy connected(&client, &StationClient::connected);
    client.open(clientFor(server, QStringLiteral("CS-%1").arg(versionName(version)), {version}));
    QVERIFY(connected.wait());
    QCOMPARE(connected.first().first().value<OcppVersion>(), version);
    QTRY_COMPARE(opened.size(), 1);
    auto *c = opened.first().first().value<StationConnection *>();
    QCOMPARE(c->info().version, version);
    QCOMPARE(c->info().identity, QStringLiteral("CS-%1").arg(versionName(version)));
    QCOMPARE(server.connection(c->info().identity), c);

    std::optional<CallOutcome> outcome;
    client.rpc()->call(QStringLiteral("BootNotification"), bootPayload(version), [&](const CallOutcome &o) { outcome = o; });
    QTRY_VERIFY(outcome.has_value());
    QVERIFY2(outcome->ok(), qPrintable(outcome->describe()));
    QCOMPARE(outcome->payload.value(QStringLiteral("status")).toString(), QStringLiteral("Accepted"));
}

void TestCsmsServer::clientPreferenceWins()
{
    CsmsServer server;
    QVERIFY(server.start(loopbackConfig()).ok());
    StationClient client;
    QSignalSpy connected(&client, &StationClient::connected);
    client.open(clientFor(server, QStringLiteral("pref"), {OcppVersion::V201, OcppVersion::V16}));
    QVERIFY(connected.wait());
    QCOMPARE(connected.first().first().value<OcppVersion>(), OcppVersion::V201);
}

void TestCsmsServer::noCommonSubprotocolClosesAfterHandshake()
{
    ServerConfig cfg = loopbackConfig();
    cfg.versions = {OcppVersion::V16};
    CsmsServer server;
    QSignalSpy refused(&server, &CsmsServer::connectionRefused);
    QSignalSpy opened(&server, &CsmsServer::connectionOpened);
    QVERIFY(server.start(cfg).ok());

    // The handshake completes (101) without Sec-WebSocket-Protocol, then the server closes.
    RawWebSocket raw;
    raw.connectTo(server.port(), "/ocpp/CS1", "ocpp2.0.1, ocpp2.1");
    QTRY_VERIFY(raw.handshakeDone());
    QVERIFY(!raw.response().toLower().contains("sec-websocket-protocol"));
    QTRY_COMPARE(raw.closeCode(), 1002);
    QCOMPARE(refused.size(), 1);
    QVERIFY(refused.first().at(3).toString().contains(QStringLiteral("ocpp1.6")));
    QCOMPARE(opened.size(), 0);

    StationClient client;
    QSignalSpy failed(&client, &StationClient::failed);
    client.open(clientFor(server, QStringLiteral("CS2"), {OcppVersion::V201}));
    QVERIFY(failed.wait());
    QVERIFY(!client.isConnected());
}

void TestCsmsServer::identityIsPercentDecoded()
{
    CsmsServer server;
    QSignalSpy opened(&server, &CsmsServer::connectionOpened);
    QVERIFY(server.start(loopbackConfig()).ok());
    RawWebSocket raw;
    raw.connectTo(server.port(), "/some/deep/path/RDAM%7C1%2A2-3", "ocpp1.6");
    QTRY_COMPARE(opened.size(), 1);
    QCOMPARE(opened.first().first().value<StationConnection *>()->info().identity, QStringLiteral("RDAM|1*2-3"));
}

void TestCsmsServer::badIdentitiesAreRefused_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<int>("status");
    QTest::newRow("49 characters") << QByteArray("/ocpp/" + QByteArray(49, 'a')) << 400;
    QTest::newRow("colon") << QByteArray("/ocpp/CS%3A1") << 400;
    QTest::newRow("empty") << QByteArray("/") << 400;
}

void TestCsmsServer::badIdentitiesAreRefused()
{
    QFETCH(QByteArray, path);
    QFETCH(int, status);
    CsmsServer server;
    QSignalSpy refused(&server, &CsmsServer::connectionRefused);
    QVERIFY(server.start(loopbackConfig()).ok());
    RawWebSocket raw;
    raw.connectTo(server.port(), path, "ocpp1.6");
    QTRY_COMPARE(raw.httpStatus(), status);
    QTRY_VERIFY(raw.isDisconnected());
    QCOMPARE(refused.size(), 1);
    // 48 characters is still fine.
    RawWebSocket ok;
    ok.connectTo(server.port(), "/ocpp/" + QByteArray(48, 'a'), "ocpp1.6");
    QTRY_COMPARE(ok.httpStatus(), 101);
}

void TestCsmsServer::knownOnlyAdmission()
{
    ServerConfig cfg = loopbackConfig();
    cfg.admission = Admission::KnownOnly;
    cfg.knownIdentities = {QStringLiteral("known")};
    CsmsServer server;
    QVERIFY(server.start(cfg).ok());
    RawWebSocket stranger;
    stranger.connectTo(server.port(), "/ocpp/stranger", "ocpp2.0.1");
    QTRY_COMPARE(stranger.httpStatus(), 404);
    RawWebSocket known;
    known.connectTo(server.port(), "/ocpp/known", "ocpp2.0.1");
    QTRY_COMPARE(known.httpStatus(), 101);
}

void TestCsmsServer::basicAuth_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("logged");
    const auto basic = [](const QByteArray &userPass) -> QByteArray { return "Authorization: Basic " + userPass.toBase64() + "\r\n"; };
    QTest::newRow("right password") << basic("CS1:s3cret-pass") << 101 << QString();
    QTest::newRow("wrong password") << basic("CS1:guess") << 401 << "wrong password";
    QTest::newRow("no credentials") << QByteArray() << 401 << "no Basic auth";
    QTest::newRow("other user") << basic("CS2:s3cret-pass") << 401 << "is not the station identity";
    QTest::newRow("garbage") << QByteArray("Authorization: Basic %%%\r\n") << 401 << "no Basic auth";
}

void TestCsmsServer::basicAuth()
{
    QFETCH(QByteArray, header);
    QFETCH(int, status);
    QFETCH(QString, logged);
    ServerConfig cfg = loopbackConfig();
    cfg.profile = SecurityProfile::BasicAuth;
    CsmsServer server;
    server.setPasswordLookup([](const QString &id, auto done) {
        // Answer later, as the keychain does.
        QTimer::singleShot(1, [id, done] { done(id == QLatin1String("CS1") ? std::optional(QByteArray("s3cret-pass")) : std::nullopt); });
    });
    QSignalSpy refused(&server, &CsmsServer::connectionRefused);
    QVERIFY(server.start(cfg).ok());
    RawWebSocket raw;
    raw.connectTo(server.port(), "/ocpp/CS1", "ocpp1.6", header);
    QTRY_COMPARE(raw.httpStatus(), status);
    if (status == 401) {
        QVERIFY(raw.response().contains("WWW-Authenticate: Basic"));
        QCOMPARE(refused.size(), 1);
        QVERIFY2(refused.first().at(3).toString().contains(logged), qPrintable(refused.first().at(3).toString()));
        // The peer learns nothing about why.
        QVERIFY(!raw.response().contains("password"));
    }
}

void TestCsmsServer::repeatedAuthFailuresAreSlowed()
{
    ServerConfig cfg = loopbackConfig();
    cfg.profile = SecurityProfile::BasicAuth;
    CsmsServer server;
    server.setPasswordLookup([](const QString &, auto done) { done(QByteArray("right")); });
    QVERIFY(server.start(cfg).ok());
    const QByteArray wrong = "Authorization: Basic " + QByteArray("CS1:wrong").toBase64() + "\r\n";
    QList<qint64> elapsed;
    for (int i = 0; i < 3; ++i) {
        QElapsedTimer t;
        t.start();
        RawWebSocket raw;
        raw.connectTo(server.port(), "/ocpp/CS1", "ocpp1.6", wrong);
        QTRY_COMPARE_WITH_TIMEOUT(raw.httpStatus(), 401, 10000);
        elapsed << t.elapsed();
    }
    // First failure answered at once, the next ones at least 250 ms and 500 ms later.
    QVERIFY2(elapsed.at(1) >= 240, qPrintable(QString::number(elapsed.at(1))));
    QVERIFY2(elapsed.at(2) >= 490, qPrintable(QString::number(elapsed.at(2))));
    // Success resets the count.
    RawWebSocket good;
    good.connectTo(server.port(), "/ocpp/CS1", "ocpp1.6", "Authorization: Basic " + QByteArray("CS1:right").toBase64() + "\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(good.httpStatus(), 101, 10000);
}

void TestCsmsServer::secondConnectionReplacesFirst()
{
    CsmsServer server;
    QSignalSpy closed(&server, &CsmsServer::connectionClosed);
    QVERIFY(server.start(loopbackConfig()).ok());
    StationClient first, second;
    QSignalSpy firstUp(&first, &StationClient::connected), firstDown(&first, &StationClient::disconnected);
    first.open(clientFor(server, QStringLiteral("twin")));
    QVERIFY(firstUp.wait());
    QSignalSpy secondUp(&second, &StationClient::connected);
    second.open(clientFor(server, QStringLiteral("twin")));
    QVERIFY(secondUp.wait());
    QTRY_COMPARE(firstDown.size(), 1);
    QTRY_COMPARE(closed.size(), 1);
    QCOMPARE(server.connections().size(), 1);
    QVERIFY(second.isConnected());
    QCOMPARE(server.connection(QStringLiteral("twin"))->info().remotePort, second.socket().localPort());
}

void TestCsmsServer::oversizedFrameClosesWith1009()
{
    ServerConfig cfg = loopbackConfig();
    cfg.maxFrameBytes = 1024;
    CsmsServer server;
    QVERIFY(server.start(cfg).ok());
    RawWebSocket raw;
    raw.connectTo(server.port(), "/ocpp/big", "ocpp2.0.1");
    QTRY_VERIFY(raw.handshakeDone());
    raw.sendFrame(0x1, "[2,\"1\",\"Heartbeat\",{\"pad\":\"" + QByteArray(2000, 'x') + "\"}]");
    QTRY_COMPARE(raw.closeCode(), 1009);
}

void TestCsmsServer::invalidUtf8ClosesWith1007()
{
    CsmsServer server;
    QVERIFY(server.start(loopbackConfig()).ok());
    RawWebSocket raw;
    raw.connectTo(server.port(), "/ocpp/utf", "ocpp2.0.1");
    QTRY_VERIFY(raw.handshakeDone());
    raw.sendFrame(0x1, QByteArray("[2,\"1\",\"Heartbeat\",{\"x\":\"\xc3\x28\"}]"));
    QTRY_COMPARE(raw.closeCode(), 1007);
}

void TestCsmsServer::binaryFrameClosesWith1003()
{
    CsmsServer server;
    QVERIFY(server.start(loopbackConfig()).ok());
    RawWebSocket raw;
    raw.connectTo(server.port(), "/ocpp/bin", "ocpp1.6");
    QTRY_VERIFY(raw.handshakeDone());
    raw.sendFrame(0x2, "[2,\"1\",\"Heartbeat\",{}]");
    QTRY_COMPARE(raw.closeCode(), 1003);
}

void TestCsmsServer::plainHttpGetsAHelpfulAnswer()
{
    CsmsServer server;
    QVERIFY(server.start(loopbackConfig()).ok());
    QTcpSocket s;
    s.connectToHost(QStringLiteral("127.0.0.1"), server.port());
    QVERIFY(s.waitForConnected(5000));
    s.write("GET /ocpp/CS1 HTTP/1.1\r\nHost: x\r\n\r\n");
    QByteArray answer;
    QTRY_VERIFY((answer += s.readAll()).contains("ws://"));
    QVERIFY(answer.startsWith("HTTP/1.1 400"));
}

void TestCsmsServer::portInUseIsReported()
{
    CsmsServer a, b;
    QVERIFY(a.start(loopbackConfig()).ok());
    ServerConfig cfg = loopbackConfig();
    cfg.port = a.port();
    const auto r = b.start(cfg);
    QVERIFY(!r.ok());
    QVERIFY(r.error().hint.contains(QStringLiteral("another port")));
}

void TestCsmsServer::framesReachTheSink()
{
    CsmsServer server;
    answerBoots(server);
    QList<QPair<QString, FrameEvent>> frames;
    server.setFrameSink([&](const ConnectionInfo &info, const FrameEvent &e) { frames.append({info.identity, e}); });
    QVERIFY(server.start(loopbackConfig()).ok());
    StationClient client;
    QSignalSpy connected(&client, &StationClient::connected);
    client.open(clientFor(server, QStringLiteral("sink"), {OcppVersion::V16}));
    QVERIFY(connected.wait());
    client.rpc()->call(QStringLiteral("BootNotification"), bootPayload(OcppVersion::V16));
    QTRY_COMPARE(frames.size(), 2);
    QCOMPARE(frames.at(0).first, QStringLiteral("sink"));
    QCOMPARE(frames.at(0).second.direction, FrameEvent::Direction::In);
    QCOMPARE(frames.at(1).second.action, QStringLiteral("BootNotification"));
    QCOMPARE(frames.at(1).second.type, MessageType::CallResult);
}

void TestCsmsServer::stopClosesWith1001()
{
    CsmsServer server;
    QVERIFY(server.start(loopbackConfig()).ok());
    StationClient client;
    QSignalSpy connected(&client, &StationClient::connected), down(&client, &StationClient::disconnected);
    client.open(clientFor(server, QStringLiteral("bye")));
    QVERIFY(connected.wait());
    server.stop();
    QVERIFY(down.wait());
    QCOMPARE(down.first().first().toInt(), 1001);
    QVERIFY(!server.isListening());
}

void TestCsmsServer::hostileStationHarmsNoOne()
{
    CsmsServer server;
    answerBoots(server);
    int goodFrames = 0, hostileFrames = 0;
    server.setFrameSink([&](const ConnectionInfo &info, const FrameEvent &) {
        (info.identity == QLatin1String("good") ? goodFrames : hostileFrames)++;
    });
    QVERIFY(server.start(loopbackConfig()).ok());
    StationClient good;
    QSignalSpy up(&good, &StationClient::connected), down(&good, &StationClient::disconnected);
    good.open(clientFor(server, QStringLiteral("good"), {OcppVersion::V201}));
    QVERIFY(up.wait());

    RawWebSocket hostile;
    hostile.connectTo(server.port(), "/ocpp/hostile", "ocpp2.0.1");
    QTRY_VERIFY(hostile.handshakeDone());
    const QList<QByteArray> garbage{"", "[", "null", "[2]", "[2,\"x\",\"BootNotification\",{\"reason\":7}]",
                                    "[3,\"nobody\",{}]", "[4,\"nobody\",\"X\",\"\",{}]", "[9,\"t\"]",
                                    QByteArray(5000, '['), "[2,\"d\",\"Heartbeat\",{}]", "[2,\"d\",\"Heartbeat\",{}]"};
    int answered = 0;
    for (int round = 0; round < 20; ++round) {
        for (const QByteArray &g : garbage)
            hostile.sendFrame(0x1, g);
        good.rpc()->call(QStringLiteral("BootNotification"), bootPayload(OcppVersion::V201), [&](const CallOutcome &o) { answered += o.ok(); });
    }
    QTRY_COMPARE(answered, 20);
    QCOMPARE(goodFrames, 40);
    QTRY_VERIFY(hostileFrames >= 20 * garbage.size() - 20);
    QVERIFY(down.isEmpty());
    QVERIFY(server.connection(QStringLiteral("good")));
}

// The 101 answer carries the RFC 6455 §1.3 example accept key for the example nonce.
void TestCsmsServer::handshakeAnswerFollowsRfc6455()
{
    CsmsServer server;
    QVERIFY(server.start(loopbackConfig()).ok());
    RawWebSocket raw;
    raw.connectTo(server.port(), "/ocpp/rfc", "ocpp1.6, ocpp2.0.1");
    QTRY_VERIFY(raw.handshakeDone());
    QVERIFY2(raw.response().contains("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"), raw.response().constData());
    QVERIFY(raw.response().contains("\r\nSec-WebSocket-Protocol: ocpp1.6\r\n"));
    QVERIFY(raw.response().contains("\r\nUpgrade: websocket\r\n"));
}

void TestCsmsServer::badUpgradeHeadersAreRefused_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("mustContain");
    const QByteArray base = "GET /ocpp/hdr HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nSec-WebSocket-Protocol: ocpp2.0.1\r\n";
    QTest::newRow("old version") << base + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n"
                                 << 426 << QByteArray("Sec-WebSocket-Version: 13");
    QTest::newRow("no key") << base + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n" << 400 << QByteArray();
    QTest::newRow("short key") << base + "Connection: Upgrade\r\nSec-WebSocket-Key: c2hvcnQ=\r\nSec-WebSocket-Version: 13\r\n\r\n"
                               << 400 << QByteArray();
    QTest::newRow("no Connection: Upgrade")
        << base + "Connection: keep-alive\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n" << 400
        << QByteArray();
}

void TestCsmsServer::badUpgradeHeadersAreRefused()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(QByteArray, mustContain);
    CsmsServer server;
    QSignalSpy refused(&server, &CsmsServer::connectionRefused);
    QVERIFY(server.start(loopbackConfig()).ok());
    QTcpSocket s;
    s.connectToHost(QStringLiteral("127.0.0.1"), server.port());
    QVERIFY(s.waitForConnected(5000));
    s.write(request);
    QByteArray answer;
    QTRY_VERIFY((answer += s.readAll()).contains("\r\n\r\n"));
    const QByteArray statusLine = "HTTP/1.1 " + QByteArray::number(status) + ' ';
    QVERIFY2(answer.startsWith(statusLine), answer.constData());
    QVERIFY(answer.contains(mustContain));
    QCOMPARE(refused.size(), 1);
    QCOMPARE(refused.at(0).at(2).toInt(), status);
    QVERIFY(server.connections().isEmpty());
}

// RFC 6455 §5.4: a message may come in fragments, with control frames between them.
void TestCsmsServer::fragmentedCallWithPingBetweenIsAnswered()
{
    RawBench bench;
    QVERIFY(bench.open("/ocpp/frag", "ocpp1.6"));
    RawWebSocket &raw = bench.raw;
    const QByteArray call = bootCall(QStringLiteral("frag-1"));
    raw.sendFrame(0x1, call.left(10), false);
    raw.sendFrame(0x9, "are you there");
    raw.sendFrame(0x0, call.mid(10, 15), false);
    raw.sendFrame(0x0, call.mid(25), true);
    QTRY_COMPARE(raw.pongs(), QList<QByteArray>{"are you there"});
    QTRY_COMPARE(raw.texts().size(), 1);
    QVERIFY2(raw.texts().at(0).startsWith("[3,\"frag-1\",{"), raw.texts().at(0).constData());
    QCOMPARE(raw.closeCode(), -1);
}

void TestCsmsServer::frameTrickledByteByByteIsAnswered()
{
    RawBench bench;
    QVERIFY(bench.open("/ocpp/trickle", "ocpp1.6"));
    RawWebSocket &raw = bench.raw;
    QTcpSocket *s = &raw.socket();
    s->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    const QByteArray frame = RawWebSocket::frame(0x1, bootCall(QStringLiteral("t-1")));
    for (char c : frame) {
        s->write(&c, 1);
        s->flush(); // each byte leaves in a segment of its own
        QCoreApplication::processEvents(); // and the server may read it on its own
    }
    QTRY_COMPARE(raw.texts().size(), 1);
    QVERIFY(raw.texts().at(0).startsWith("[3,\"t-1\","));
}

void TestCsmsServer::frameSentWithTheHandshakeIsAnswered()
{
    CsmsServer server;
    answerBoots(server);
    QVERIFY(server.start(loopbackConfig()).ok());
    RawWebSocket raw;
    const QByteArray frame = RawWebSocket::frame(0x1, bootCall(QStringLiteral("early")));
    raw.connectOnly(server.port());
    QVERIFY(raw.socket().waitForConnected(5000));
    raw.sendRequest("GET /ocpp/early HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    "Sec-WebSocket-Protocol: ocpp1.6\r\n\r\n" + frame);
    QTRY_VERIFY(raw.handshakeDone());
    QTRY_COMPARE(raw.texts().size(), 1);
    QVERIFY(raw.texts().at(0).startsWith("[3,\"early\","));
}

void TestCsmsServer::unmaskedFrameClosesWith1002()
{
    RawBench bench;
    QSignalSpy closed(&bench.server, &CsmsServer::connectionClosed);
    QVERIFY(bench.open("/ocpp/nomask", "ocpp2.0.1"));
    RawWebSocket &raw = bench.raw;
    raw.sendFrame(0x1, "[2,\"1\",\"Heartbeat\",{}]", true, false);
    QTRY_COMPARE(raw.closeCode(), 1002);
    QTRY_VERIFY(raw.isDisconnected());
    QTRY_COMPARE(closed.size(), 1);
    QCOMPARE(closed.at(0).at(1).toInt(), 1002);
}

// The peer starts the close: the server echoes the code, ends the TCP connection, and reports
// the peer's code and reason.
void TestCsmsServer::clientCloseIsEchoed()
{
    RawBench bench;
    QSignalSpy closed(&bench.server, &CsmsServer::connectionClosed);
    QVERIFY(bench.open("/ocpp/bye", "ocpp2.0.1"));
    RawWebSocket &raw = bench.raw;
    CsmsServer &server = bench.server;
    QTRY_COMPARE(server.connections().size(), 1);
    raw.sendFrame(0x8, QByteArray("\x0f\xa0", 2) + "maintenance"); // 4000, an application code
    QTRY_COMPARE(raw.closeCode(), 4000);
    QTRY_VERIFY(raw.isDisconnected());
    QTRY_COMPARE(closed.size(), 1);
    QCOMPARE(closed.at(0).at(1).toInt(), 4000);
    QCOMPARE(closed.at(0).at(2).toString(), QStringLiteral("maintenance"));
    QVERIFY(server.connections().isEmpty());
}

// Answers written while a batch of readiness events is handled leave after the batch. A client
// that sends 20,000 CALLs in one go (read by the server over many batches, ≈ 1.7 MB of answers)
// gets every answer, once, in order. (A client that does not read: tst_socketio.)
void TestCsmsServer::pipelinedCallsAreAnsweredInOrder()
{
    RawBench bench;
    QVERIFY(bench.open("/ocpp/pipe", "ocpp1.6"));
    RawWebSocket &raw = bench.raw;
    constexpr int kCalls = 20000;
    QByteArray burst;
    for (int i = 0; i < kCalls; ++i)
        burst += RawWebSocket::frame(0x1, bootCall(QStringLiteral("p-%1").arg(i)));
    raw.socket().write(burst);
    QTRY_COMPARE_WITH_TIMEOUT(raw.texts().size(), kCalls, 20000);
    const QList<QByteArray> texts = raw.texts();
    for (int i = 0; i < kCalls; ++i) {
        const QByteArray prefix = "[3,\"p-" + QByteArray::number(i) + "\",";
        QVERIFY2(texts.at(i).startsWith(prefix), texts.at(i).constData());
    }
    QCOMPARE(raw.closeCode(), -1);
}

QTEST_GUILESS_MAIN(TestCsmsServer)
#include "tst_csmsserver.moc"
