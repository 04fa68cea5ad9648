// Admission checks on the HTTP upgrade, over real loopback sockets: the identity's character
// set, Origin, request bodies and the Basic scheme's case (issue 17).
#include "loopbackserver.h"
#include "rawwebsocket.h"
#include "transport/csmsserver.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace cb;
using namespace std::chrono_literals;

namespace {

ServerConfig loopbackConfig()
{
    ServerConfig c = test::loopbackServerConfig();
    return c;
}

// A request head for /ocpp/<segment> with the given extra header lines.
QByteArray upgrade(const QByteArray &segment, const QByteArray &extraHeaders = {})
{
    return "GET /ocpp/" + segment + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ocpp1.6\r\n"
        + extraHeaders + "\r\n";
}

// Sends `request` and returns everything the server answered before it closed the connection
// (empty when it did not close within five seconds).
QByteArray answerUntilClosed(quint16 port, const QByteArray &request)
{
    QTcpSocket s;
    s.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!s.waitForConnected(5000))
        return {};
    s.write(request);
    QByteArray answer;
    const bool closed = QTest::qWaitFor([&] {
        answer += s.readAll();
        return s.state() == QAbstractSocket::UnconnectedState;
    }, 5000);
    answer += s.readAll();
    return closed ? answer : QByteArray();
}

} // namespace

class TestAdmission : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void identityCharacters_data();
    void identityCharacters();
    void origin_data();
    void origin();
    void body_data();
    void body();
    void basicSchemeIgnoresCase_data();
    void basicSchemeIgnoresCase();
};

void TestAdmission::identityCharacters_data()
{
    QTest::addColumn<QByteArray>("segment");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("identity"); // as admitted, or what the logged reason names
    QTest::newRow("every allowed character") << QByteArray("aZ09*-_=+|@.") << 101 << QStringLiteral("aZ09*-_=+|@.");
    QTest::newRow("allowed, percent-encoded") << QByteArray("CS%7C1%40x") << 101 << QStringLiteral("CS|1@x");
    QTest::newRow("encoded slash") << QByteArray("CS%2F1") << 400 << QStringLiteral("'/'");
    QTest::newRow("space") << QByteArray("RDAM%20123") << 400 << QStringLiteral("' '");
    QTest::newRow("control character") << QByteArray("CS%0A1") << 400 << QStringLiteral("U+000A");
    QTest::newRow("NUL") << QByteArray("CS%001") << 400 << QStringLiteral("U+0000");
    QTest::newRow("colon") << QByteArray("CS%3A1") << 400 << QStringLiteral("':'");
    QTest::newRow("non-ASCII letter") << QByteArray("CS%C3%A4") << 400 << QStringLiteral("'\u00e4'");
    QTest::newRow("percent sign") << QByteArray("CS%251") << 400 << QStringLiteral("'%'");
    QTest::newRow("quote") << QByteArray("CS%221") << 400 << QStringLiteral("'\"'");
}

void TestAdmission::identityCharacters()
{
    QFETCH(QByteArray, segment);
    QFETCH(int, status);
    QFETCH(QString, identity);
    CsmsServer server;
    QSignalSpy opened(&server, &CsmsServer::connectionOpened);
    QSignalSpy refused(&server, &CsmsServer::connectionRefused);
    QVERIFY(server.start(loopbackConfig()).ok());
    if (status == 101) {
        RawWebSocket raw;
        raw.connectTo(server.port(), "/ocpp/" + segment, "ocpp1.6");
        QTRY_COMPARE(raw.httpStatus(), 101);
        QTRY_COMPARE(opened.size(), 1);
        QCOMPARE(opened.first().first().value<StationConnection *>()->info().identity, identity);
        QCOMPARE(refused.size(), 0);
        return;
    }
    const QByteArray answer = answerUntilClosed(server.port(), upgrade(segment));
    QVERIFY2(answer.startsWith("HTTP/1.1 400 "), answer.constData());
    QCOMPARE(opened.size(), 0);
    QCOMPARE(refused.size(), 1);
    QCOMPARE(refused.first().at(2).toInt(), 400);
    const QString reason = refused.first().at(3).toString();
    QVERIFY2(reason.contains(identity), qPrintable(reason));
    // The charger's installer sees the same reason in the response body.
    const QByteArray body = answer.mid(answer.indexOf("\r\n\r\n") + 4);
    QVERIFY2(QString::fromUtf8(body).contains(identity), body.constData());
}

void TestAdmission::origin_data()
{
    QTest::addColumn<QStringList>("allowed");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<int>("status");
    const QStringList none;
    const QStringList local{QStringLiteral("HTTP://LocalHost:8080/"), QStringLiteral("https://bench.example")};
    QTest::newRow("no Origin, nothing allowed") << none << QByteArray() << 101;
    QTest::newRow("browser origin, nothing allowed") << none << QByteArray("Origin: http://evil.example\r\n") << 403;
    QTest::newRow("opaque origin null") << none << QByteArray("origin: null\r\n") << 403;
    QTest::newRow("empty Origin") << none << QByteArray("Origin:\r\n") << 403;
    QTest::newRow("allowed origin") << local << QByteArray("Origin: http://localhost:8080\r\n") << 101;
    QTest::newRow("second allowed origin") << local << QByteArray("Origin: https://bench.example\r\n") << 101;
    QTest::newRow("other port") << local << QByteArray("Origin: http://localhost:8081\r\n") << 403;
    QTest::newRow("other scheme") << local << QByteArray("Origin: https://localhost:8080\r\n") << 403;
    QTest::newRow("no Origin, some allowed") << local << QByteArray() << 101;
}

void TestAdmission::origin()
{
    QFETCH(QStringList, allowed);
    QFETCH(QByteArray, header);
    QFETCH(int, status);
    ServerConfig cfg = loopbackConfig();
    cfg.allowedOrigins = allowed;
    CsmsServer server;
    QSignalSpy opened(&server, &CsmsServer::connectionOpened);
    QSignalSpy refused(&server, &CsmsServer::connectionRefused);
    QVERIFY(server.start(cfg).ok());
    if (status == 101) {
        RawWebSocket raw;
        raw.connectTo(server.port(), "/ocpp/CS-origin", "ocpp1.6", header);
        QTRY_COMPARE(raw.httpStatus(), 101);
        QTRY_COMPARE(opened.size(), 1);
        QCOMPARE(refused.size(), 0);
        return;
    }
    const QByteArray answer = answerUntilClosed(server.port(), upgrade("CS-origin", header));
    QVERIFY2(answer.startsWith("HTTP/1.1 403 Forbidden\r\n"), answer.constData());
    QCOMPARE(opened.size(), 0);
    QCOMPARE(refused.size(), 1);
    QCOMPARE(refused.first().at(1).toString(), QStringLiteral("CS-origin"));
    QCOMPARE(refused.first().at(2).toInt(), 403);
    QVERIFY2(refused.first().at(3).toString().contains(QStringLiteral("origin")), qPrintable(refused.first().at(3).toString()));
}

void TestAdmission::body_data()
{
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<int>("status");
    QTest::newRow("no body headers") << QByteArray() << 101;
    QTest::newRow("Content-Length: 0") << QByteArray("Content-Length: 0\r\n") << 101;
    QTest::newRow("Content-Length: 5") << QByteArray("Content-Length: 5\r\n") << 400;
    QTest::newRow("Content-Length: 0, then 5") << QByteArray("Content-Length: 0\r\ncontent-length: 5\r\n") << 400;
    QTest::newRow("Content-Length: -1") << QByteArray("Content-Length: -1\r\n") << 400;
    QTest::newRow("Content-Length empty") << QByteArray("Content-Length:\r\n") << 400;
    QTest::newRow("chunked") << QByteArray("Transfer-Encoding: chunked\r\n") << 400;
    QTest::newRow("identity encoding") << QByteArray("transfer-encoding: identity\r\n") << 400;
}

void TestAdmission::body()
{
    QFETCH(QByteArray, headers);
    QFETCH(int, status);
    CsmsServer server;
    QSignalSpy opened(&server, &CsmsServer::connectionOpened);
    QSignalSpy refused(&server, &CsmsServer::connectionRefused);
    QVERIFY(server.start(loopbackConfig()).ok());
    if (status == 101) {
        RawWebSocket raw;
        raw.connectTo(server.port(), "/ocpp/CS-body", "ocpp1.6", headers);
        QTRY_COMPARE(raw.httpStatus(), 101);
        QTRY_COMPARE(opened.size(), 1);
        QCOMPARE(refused.size(), 0);
        return;
    }
    // The body (five bytes, or one chunk) goes with the head, as a client would send it.
    const QByteArray answer = answerUntilClosed(server.port(), upgrade("CS-body", headers) + "0\r\n\r\n");
    QVERIFY2(answer.startsWith("HTTP/1.1 400 "), answer.constData());
    QCOMPARE(opened.size(), 0);
    QCOMPARE(refused.size(), 1);
    QCOMPARE(refused.first().at(2).toInt(), 400);
    QVERIFY2(refused.first().at(3).toString().contains(QStringLiteral("body")), qPrintable(refused.first().at(3).toString()));
}

void TestAdmission::basicSchemeIgnoresCase_data()
{
    QTest::addColumn<QByteArray>("scheme");
    QTest::addColumn<int>("status");
    QTest::newRow("Basic") << QByteArray("Basic ") << 101;
    QTest::newRow("bAsIc") << QByteArray("bAsIc ") << 101;
    QTest::newRow("BASIC") << QByteArray("BASIC ") << 101;
    QTest::newRow("two spaces") << QByteArray("basic  ") << 101;
    QTest::newRow("Bearer") << QByteArray("Bearer ") << 401;
    QTest::newRow("Basically") << QByteArray("Basically ") << 401;
}

void TestAdmission::basicSchemeIgnoresCase()
{
    QFETCH(QByteArray, scheme);
    QFETCH(int, status);
    ServerConfig cfg = loopbackConfig();
    cfg.profile = SecurityProfile::BasicAuth;
    CsmsServer server;
    server.setPasswordLookup([](const QString &id, auto done) {
        done(id == QLatin1String("CS1") ? std::optional(QByteArray("s3cret-pass")) : std::nullopt);
    });
    QSignalSpy opened(&server, &CsmsServer::connectionOpened);
    QSignalSpy refused(&server, &CsmsServer::connectionRefused);
    QVERIFY(server.start(cfg).ok());
    RawWebSocket raw;
    raw.connectTo(server.port(), "/ocpp/CS1", "ocpp1.6",
                  "Authorization: " + scheme + QByteArray("CS1:s3cret-pass").toBase64() + "\r\n");
    QTRY_COMPARE(raw.httpStatus(), status);
    if (status == 101) {
        QTRY_COMPARE(opened.size(), 1);
        QCOMPARE(refused.size(), 0);
    } else {
        QCOMPARE(opened.size(), 0);
        QTRY_COMPARE(refused.size(), 1);
        QVERIFY2(refused.first().at(3).toString().contains(QStringLiteral("no Basic auth")), qPrintable(refused.first().at(3).toString()));
    }
}

QTEST_GUILESS_MAIN(TestAdmission)
#include "tst_admission.moc"
