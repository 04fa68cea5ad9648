// Real TLS on loopback with certificates from the PKI (through TestPki, the helper other tests
// use): QSslServer as the CSMS, QSslSocket and the openssl command as charging stations. Mutual
// TLS (security profile 3) over TLS 1.2 and 1.3 with EC and RSA keys and the OCPP cipher suites;
// client certificates from an unknown CA, expired or missing are refused by the server, and a
// client refuses server certificates that are foreign, expired or for another host.
#include "opensslcli.h"
#include "testpki.h"

#include <QProcess>
#include <QSslCipher>
#include <QSslServer>
#include <QSslSocket>
#include <QTest>

#include <map>
#include <memory>

using namespace cb;
using cb::test::TestPki;
using cb::test::TlsCredentials;

Q_DECLARE_METATYPE(cb::pki::KeyType)
Q_DECLARE_METATYPE(cb::test::TestPki::Kind)
Q_DECLARE_METATYPE(QSsl::SslProtocol)
Q_DECLARE_METATYPE(QSslError::SslError)

namespace {

// A QSslServer that records what happened to each incoming connection.
struct Server
{
    explicit Server(const QSslConfiguration &configuration)
    {
        server.setSslConfiguration(configuration);
        QObject::connect(&server, &QSslServer::pendingConnectionAvailable, &server, [this] {
            while (QTcpSocket *s = server.nextPendingConnection())
                accepted << qobject_cast<QSslSocket *>(s);
        });
        QObject::connect(&server, &QSslServer::sslErrors, &server, [this](QSslSocket *, const QList<QSslError> &errors) {
            for (const QSslError &e : errors)
                problems << e.errorString();
        });
        QObject::connect(&server, &QSslServer::errorOccurred, &server,
                         [this](QSslSocket *s, QAbstractSocket::SocketError) { problems << s->errorString(); });
    }
    bool listen() { return server.listen(QHostAddress::Any, 0); }
    quint16 port() const { return server.serverPort(); }

    QSslServer server;
    QList<QSslSocket *> accepted;
    QStringList problems;
};

// A client socket that records its errors.
struct Client
{
    explicit Client(const QSslConfiguration &configuration)
    {
        socket.setSslConfiguration(configuration);
        QObject::connect(&socket, &QSslSocket::sslErrors, &socket, [this](const QList<QSslError> &errors) {
            for (const QSslError &e : errors)
                sslErrors << e.error();
        });
        QObject::connect(&socket, &QSslSocket::errorOccurred, &socket, [this](QAbstractSocket::SocketError e) { errors << e; });
    }
    QSslSocket socket;
    QList<QSslError::SslError> sslErrors;
    QList<QAbstractSocket::SocketError> errors;
};

QSslConfiguration withProtocol(QSslConfiguration c, QSsl::SslProtocol protocol, const QString &cipher = {})
{
    c.setProtocol(protocol);
    if (!cipher.isEmpty())
        c.setCiphers({QSslCipher(cipher)});
    return c;
}

QSslConfiguration serverWith(const TestPki &pki, const TlsCredentials &credentials)
{
    QSslConfiguration c = pki.serverConfiguration(false);
    c.setLocalCertificate(credentials.certificate);
    c.setPrivateKey(credentials.key);
    return c;
}

} // namespace

class TestTlsHandshake : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void mutualTls_data();
    void mutualTls();
    void clientRefused_data();
    void clientRefused();
    void serverRefused_data();
    void serverRefused();
    void opensslClient_data();
    void opensslClient();

private:
    TestPki &pki(pki::KeyType type);
    std::map<pki::KeyType, std::unique_ptr<TestPki>> m_pkis;
};

TestPki &TestTlsHandshake::pki(pki::KeyType type)
{
    auto &p = m_pkis[type];
    if (!p)
        p = std::make_unique<TestPki>(type);
    return *p;
}

void TestTlsHandshake::initTestCase()
{
    QVERIFY2(QSslSocket::supportsSsl(), "Qt has no TLS backend");
    for (pki::KeyType type : {pki::KeyType::EcP256, pki::KeyType::Rsa2048})
        QVERIFY2(pki(type).isValid(), qPrintable(pki(type).errorString()));
}

void TestTlsHandshake::mutualTls_data()
{
    QTest::addColumn<pki::KeyType>("keyType");
    QTest::addColumn<QSsl::SslProtocol>("protocol");
    QTest::addColumn<QString>("cipher"); // TLS 1.2 only: the one suite the client offers
    QTest::addColumn<QString>("host");

    const QString any;
    QTest::newRow("EC TLS 1.3 127.0.0.1") << pki::KeyType::EcP256 << QSsl::TlsV1_3 << any << QStringLiteral("127.0.0.1");
    QTest::newRow("EC TLS 1.3 ::1") << pki::KeyType::EcP256 << QSsl::TlsV1_3 << any << QStringLiteral("::1");
    QTest::newRow("EC TLS 1.3 localhost") << pki::KeyType::EcP256 << QSsl::TlsV1_3 << any << QStringLiteral("localhost");
    QTest::newRow("RSA TLS 1.3") << pki::KeyType::Rsa2048 << QSsl::TlsV1_3 << any << QStringLiteral("127.0.0.1");
    // The TLS 1.2 suites of the OCPP security specifications.
    QTest::newRow("EC ECDHE-ECDSA-AES128-GCM-SHA256") << pki::KeyType::EcP256 << QSsl::TlsV1_2
                                                      << QStringLiteral("ECDHE-ECDSA-AES128-GCM-SHA256") << QStringLiteral("127.0.0.1");
    QTest::newRow("EC ECDHE-ECDSA-AES256-GCM-SHA384") << pki::KeyType::EcP256 << QSsl::TlsV1_2
                                                      << QStringLiteral("ECDHE-ECDSA-AES256-GCM-SHA384") << QStringLiteral("::1");
    QTest::newRow("RSA AES128-GCM-SHA256") << pki::KeyType::Rsa2048 << QSsl::TlsV1_2 << QStringLiteral("AES128-GCM-SHA256")
                                           << QStringLiteral("127.0.0.1");
    QTest::newRow("RSA AES256-GCM-SHA384") << pki::KeyType::Rsa2048 << QSsl::TlsV1_2 << QStringLiteral("AES256-GCM-SHA384")
                                           << QStringLiteral("localhost");
    QTest::newRow("RSA ECDHE-RSA-AES128-GCM-SHA256") << pki::KeyType::Rsa2048 << QSsl::TlsV1_2
                                                     << QStringLiteral("ECDHE-RSA-AES128-GCM-SHA256") << QStringLiteral("127.0.0.1");
}

void TestTlsHandshake::mutualTls()
{
    QFETCH(pki::KeyType, keyType);
    QFETCH(QSsl::SslProtocol, protocol);
    QFETCH(QString, cipher);
    QFETCH(QString, host);
    if (!cipher.isEmpty() && QSslCipher(cipher).isNull())
        QSKIP("cipher not available in this OpenSSL build");

    TestPki &p = pki(keyType);
    const auto station = p.clientCertificate(QStringLiteral("CP-001"));
    QVERIFY2(station.ok(), qPrintable(station.ok() ? QString() : station.error().text()));

    Server server(p.serverConfiguration(true));
    QVERIFY2(server.listen(), qPrintable(server.server.errorString()));
    Client client(withProtocol(p.clientConfiguration(&station.value()), protocol, cipher));
    client.socket.connectToHostEncrypted(host, server.port());

    QTRY_VERIFY2(client.socket.isEncrypted() || !client.errors.isEmpty(), "client handshake did not finish");
    QVERIFY2(client.errors.isEmpty(), qPrintable(client.socket.errorString()));
    QTRY_COMPARE(server.accepted.size(), 1);
    QVERIFY2(server.problems.isEmpty(), qPrintable(server.problems.join(QLatin1Char('\n'))));
    QSslSocket *serverSide = server.accepted.first();

    // Both ends know who the other is.
    QCOMPARE(serverSide->peerCertificate().subjectInfo(QSslCertificate::CommonName), QStringList{QStringLiteral("CP-001")});
    QCOMPARE(client.socket.peerCertificate().subjectInfo(QSslCertificate::CommonName), QStringList{QStringLiteral("localhost")});
    QCOMPARE(client.socket.sessionProtocol(), protocol);
    QCOMPARE(serverSide->sessionProtocol(), protocol);
    if (!cipher.isEmpty())
        QCOMPARE(client.socket.sessionCipher().name(), cipher);

    // And data flows both ways.
    client.socket.write("BootNotification");
    QTRY_COMPARE(serverSide->bytesAvailable(), qint64(16));
    QCOMPARE(serverSide->readAll(), QByteArray("BootNotification"));
    serverSide->write("Accepted");
    QTRY_COMPARE(client.socket.bytesAvailable(), qint64(8));
    QCOMPARE(client.socket.readAll(), QByteArray("Accepted"));
}

void TestTlsHandshake::clientRefused_data()
{
    QTest::addColumn<TestPki::Kind>("kind");
    QTest::addColumn<bool>("presentCertificate");
    QTest::addColumn<QSsl::SslProtocol>("protocol");
    for (QSsl::SslProtocol protocol : {QSsl::TlsV1_2, QSsl::TlsV1_3}) {
        const char *v = protocol == QSsl::TlsV1_2 ? "TLS 1.2" : "TLS 1.3";
        QTest::addRow("unknown CA %s", v) << TestPki::Kind::UnknownCa << true << protocol;
        QTest::addRow("expired %s", v) << TestPki::Kind::Expired << true << protocol;
        QTest::addRow("not yet valid %s", v) << TestPki::Kind::NotYetValid << true << protocol;
        QTest::addRow("no certificate %s", v) << TestPki::Kind::Valid << false << protocol;
    }
}

void TestTlsHandshake::clientRefused()
{
    QFETCH(TestPki::Kind, kind);
    QFETCH(bool, presentCertificate);
    QFETCH(QSsl::SslProtocol, protocol);

    TestPki &p = pki(pki::KeyType::EcP256);
    const auto station = p.clientCertificate(QStringLiteral("CP-BAD"), kind);
    QVERIFY2(station.ok(), qPrintable(station.ok() ? QString() : station.error().text()));

    Server server(p.serverConfiguration(true));
    QVERIFY2(server.listen(), qPrintable(server.server.errorString()));
    Client client(withProtocol(p.clientConfiguration(presentCertificate ? &station.value() : nullptr), protocol));
    client.socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), server.port());

    // The server refuses the handshake and never hands out the connection; the client is cut
    // off (with TLS 1.3 it may first believe it is through: the server checks the client
    // certificate after the client has finished its side).
    QTRY_VERIFY2(!server.problems.isEmpty(), "the server accepted the client certificate");
    QTRY_VERIFY(client.socket.state() == QAbstractSocket::UnconnectedState || !client.errors.isEmpty());
    QVERIFY(server.accepted.isEmpty());
    QVERIFY2(client.sslErrors.isEmpty(), "the client itself had nothing to complain about");
}

void TestTlsHandshake::serverRefused_data()
{
    QTest::addColumn<TestPki::Kind>("kind");
    QTest::addColumn<QString>("verifyName");
    QTest::addColumn<QSslError::SslError>("expected");
    QTest::newRow("unknown CA") << TestPki::Kind::UnknownCa << QString() << QSslError::UnableToGetLocalIssuerCertificate;
    QTest::newRow("expired") << TestPki::Kind::Expired << QString() << QSslError::CertificateExpired;
    QTest::newRow("not yet valid") << TestPki::Kind::NotYetValid << QString() << QSslError::CertificateNotYetValid;
    QTest::newRow("other host") << TestPki::Kind::Valid << QStringLiteral("csms.example") << QSslError::HostNameMismatch;
}

void TestTlsHandshake::serverRefused()
{
    QFETCH(TestPki::Kind, kind);
    QFETCH(QString, verifyName);
    QFETCH(QSslError::SslError, expected);

    TestPki &p = pki(pki::KeyType::EcP256);
    const auto credentials = kind == TestPki::Kind::Valid ? Result<TlsCredentials>(p.server()) : p.serverCertificate(kind);
    QVERIFY2(credentials.ok(), qPrintable(credentials.ok() ? QString() : credentials.error().text()));
    Server server(serverWith(p, credentials.value()));
    QVERIFY2(server.listen(), qPrintable(server.server.errorString()));
    Client client(p.clientConfiguration());
    client.socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), server.port(), verifyName);

    QTRY_VERIFY2(!client.sslErrors.isEmpty(), "the client accepted the server certificate");
    QVERIFY2(client.sslErrors.contains(expected), qPrintable(QString::number(int(client.sslErrors.first()))));
    QTRY_VERIFY(client.socket.state() == QAbstractSocket::UnconnectedState);
    QVERIFY(!client.socket.isEncrypted());
    QVERIFY(server.accepted.isEmpty());
}

void TestTlsHandshake::opensslClient_data()
{
    QTest::addColumn<QString>("protocolOption");
    QTest::addColumn<QString>("protocolName");
    QTest::addColumn<bool>("trusted");
    QTest::newRow("TLS 1.2 trusted") << QStringLiteral("-tls1_2") << QStringLiteral("TLSv1.2") << true;
    QTest::newRow("TLS 1.3 trusted") << QStringLiteral("-tls1_3") << QStringLiteral("TLSv1.3") << true;
    QTest::newRow("TLS 1.2 unknown CA") << QStringLiteral("-tls1_2") << QStringLiteral("TLSv1.2") << false;
    QTest::newRow("TLS 1.3 unknown CA") << QStringLiteral("-tls1_3") << QStringLiteral("TLSv1.3") << false;
}

void TestTlsHandshake::opensslClient()
{
    // The reference implementation as the station: it checks our server certificate against
    // the CA file, and presents a certificate from the same PKI (or from an unknown CA).
    QFETCH(QString, protocolOption);
    QFETCH(QString, protocolName);
    QFETCH(bool, trusted);

    TestPki &p = pki(pki::KeyType::EcP256);
    const auto station = p.clientCertificate(QStringLiteral("CP-OPENSSL"), trusted ? TestPki::Kind::Valid : TestPki::Kind::UnknownCa);
    QVERIFY2(station.ok(), qPrintable(station.ok() ? QString() : station.error().text()));
    Server server(p.serverConfiguration(true));
    QVERIFY2(server.listen(), qPrintable(server.server.errorString()));

    QProcess s;
    s.setProcessChannelMode(QProcess::MergedChannels);
    s.start(test::opensslProgram(),
            {QStringLiteral("s_client"), QStringLiteral("-connect"), QStringLiteral("127.0.0.1:%1").arg(server.port()), protocolOption,
             QStringLiteral("-CAfile"), p.caCertificatePath(), QStringLiteral("-verify_return_error"), QStringLiteral("-verify_ip"),
             QStringLiteral("127.0.0.1"), QStringLiteral("-cert"), station.value().certificatePath, QStringLiteral("-key"),
             station.value().keyPath, QStringLiteral("-brief")});
    QVERIFY(s.waitForStarted());
    s.write("hello from openssl\n");
    if (trusted) {
        QTRY_COMPARE(server.accepted.size(), 1);
        QSslSocket *serverSide = server.accepted.first();
        QCOMPARE(serverSide->peerCertificate().subjectInfo(QSslCertificate::CommonName), QStringList{QStringLiteral("CP-OPENSSL")});
        QTRY_VERIFY(serverSide->canReadLine());
        QCOMPARE(serverSide->readLine(), QByteArray("hello from openssl\n"));
    } else {
        QTRY_VERIFY2(!server.problems.isEmpty(), "the server accepted a client certificate from an unknown CA");
    }
    s.closeWriteChannel(); // s_client quits at the end of its input
    QTRY_VERIFY(s.state() == QProcess::NotRunning);
    const QString out = QString::fromUtf8(s.readAll());
    if (trusted) {
        // s_client checked our server certificate and the IP address in it.
        QVERIFY2(out.contains(QLatin1String("Verification: OK")), qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("Protocol version: ") + protocolName), qPrintable(out));
    } else {
        QVERIFY(server.accepted.isEmpty());
        // With TLS 1.2 the server refuses before the handshake ends; with 1.3 the client has
        // finished its side before the server looks at the certificate, and is cut off after.
        if (protocolName == QLatin1String("TLSv1.2"))
            QVERIFY2(!out.contains(QLatin1String("CONNECTION ESTABLISHED")), qPrintable(out));
    }
}

QTEST_GUILESS_MAIN(TestTlsHandshake)
#include "tst_tlshandshake.moc"
