// Security profiles 2 and 3 over real TLS on loopback, with certificates made by the project's
// PKI: TLS versions and OCPP cipher suites, Basic auth inside TLS, client certificates (CN must be
// the identity, chain to the configured CA, be valid), and clear errors for bad files.
#include "testpki.h"
#include "transport/csmsserver.h"
#include "transport/stationclient.h"
#include "transport/tlsfiles.h"

#include <QSignalSpy>
#include <QSslCipher>
#include <QTest>

using namespace cb;
using namespace std::chrono_literals;

namespace {

ServerConfig tlsConfig(const test::TestPki &pki, SecurityProfile profile)
{
    ServerConfig c;
    c.address = QHostAddress::LocalHost;
    c.port = 0;
    c.pingInterval = 0ms;
    c.profile = profile;
    c.tlsCertificateFile = pki.server().certificatePath;
    c.tlsKeyFile = pki.server().keyPath;
    c.caFile = pki.caCertificatePath();
    return c;
}

ClientConfig client(const CsmsServer &server, const QString &id, const QSslConfiguration &tls, const QByteArray &password = {})
{
    ClientConfig c;
    c.baseUrl = QUrl(QStringLiteral("wss://localhost:%1/ocpp").arg(server.port()));
    c.identity = id;
    c.tls = tls;
    c.password = password;
    return c;
}

// Connects and returns the refusal reason the server logged ("" when the connection opened).
QString attempt(CsmsServer &server, const ClientConfig &cfg, StationConnection **opened = nullptr)
{
    QSignalSpy refused(&server, &CsmsServer::connectionRefused);
    QSignalSpy open(&server, &CsmsServer::connectionOpened);
    StationClient c;
    QSignalSpy up(&c, &StationClient::connected), failed(&c, &StationClient::failed);
    c.open(cfg);
    if (!QTest::qWaitFor([&] { return !up.isEmpty() || !failed.isEmpty(); }, 15000))
        return QStringLiteral("<no outcome>");
    if (!up.isEmpty()) {
        if (!QTest::qWaitFor([&] { return !open.isEmpty(); }, 5000))
            return QStringLiteral("<client connected, server did not report it>");
        if (opened)
            *opened = open.first().first().value<StationConnection *>();
        return {};
    }
    if (!QTest::qWaitFor([&] { return !refused.isEmpty(); }, 5000))
        return QStringLiteral("<failed without a logged reason: ") + failed.first().first().toString() + QLatin1Char('>');
    return refused.first().at(3).toString();
}

} // namespace

class TestCsmsServerTls : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void profile2PasswordInsideTls();
    void tls12UsesAnOcppSuite();
    void oldTlsIsRefused();
    void profile3ClientCertificates();
    void badFilesAreExplained();

private:
    std::unique_ptr<test::TestPki> m_pki;
};

void TestCsmsServerTls::initTestCase()
{
    m_pki = std::make_unique<test::TestPki>();
    QVERIFY2(m_pki->isValid(), qPrintable(m_pki->errorString()));
}

void TestCsmsServerTls::profile2PasswordInsideTls()
{
    CsmsServer server;
    server.setPasswordLookup([](const QString &id, auto done) { done(id == QLatin1String("P2") ? std::optional(QByteArray("0123456789abcdef")) : std::nullopt); });
    QVERIFY(server.start(tlsConfig(*m_pki, SecurityProfile::TlsBasicAuth)).ok());
    QCOMPARE(server.urls().first().left(6), QStringLiteral("wss://"));
    StationConnection *c = nullptr;
    QCOMPARE(attempt(server, client(server, QStringLiteral("P2"), m_pki->clientConfiguration(), "0123456789abcdef"), &c), QString());
    QVERIFY(c->info().tlsProtocol == QLatin1String("TLS 1.3") || c->info().tlsProtocol == QLatin1String("TLS 1.2"));
    QVERIFY2(ocppCipherNames().contains(c->info().tlsCipher), qPrintable(c->info().tlsCipher));
    QVERIFY(attempt(server, client(server, QStringLiteral("P2"), m_pki->clientConfiguration(), "wrong-password-xx")).contains(QStringLiteral("wrong password")));
    QVERIFY(attempt(server, client(server, QStringLiteral("P2"), m_pki->clientConfiguration())).contains(QStringLiteral("no Basic auth")));
}

void TestCsmsServerTls::tls12UsesAnOcppSuite()
{
    CsmsServer server;
    server.setPasswordLookup([](const QString &, auto done) { done(QByteArray("0123456789abcdef")); });
    QVERIFY(server.start(tlsConfig(*m_pki, SecurityProfile::TlsBasicAuth)).ok());
    QSslConfiguration tls = m_pki->clientConfiguration();
    tls.setProtocol(QSsl::TlsV1_2);
    StationConnection *c = nullptr;
    QCOMPARE(attempt(server, client(server, QStringLiteral("T12"), tls, "0123456789abcdef"), &c), QString());
    QCOMPARE(c->info().tlsProtocol, QStringLiteral("TLS 1.2"));
    // EC server key: one of the two ECDHE-ECDSA AES-GCM suites of the OCPP security specification.
    QVERIFY2(c->info().tlsCipher.startsWith(QLatin1String("ECDHE-ECDSA-AES")), qPrintable(c->info().tlsCipher));

    // A client offering only a suite OCPP does not allow gets no connection.
    QSslConfiguration weak = tls;
    weak.setCiphers({QSslCipher(QStringLiteral("ECDHE-ECDSA-CHACHA20-POLY1305"))});
    QVERIFY(!attempt(server, client(server, QStringLiteral("T12"), weak, "0123456789abcdef")).isEmpty());
}

void TestCsmsServerTls::oldTlsIsRefused()
{
    CsmsServer server;
    QVERIFY(server.start(tlsConfig(*m_pki, SecurityProfile::TlsBasicAuth)).ok());
    QSslConfiguration tls = m_pki->clientConfiguration();
    // Deliberately outdated: OCPP requires TLS 1.2 or later.
    QT_WARNING_PUSH
    QT_WARNING_DISABLE_DEPRECATED
    tls.setProtocol(QSsl::TlsV1_1);
    QT_WARNING_POP
    StationClient c;
    QSignalSpy up(&c, &StationClient::connected), failed(&c, &StationClient::failed);
    c.open(client(server, QStringLiteral("old"), tls, "0123456789abcdef"));
    QVERIFY(failed.wait(15000));
    QVERIFY(up.isEmpty());
}

void TestCsmsServerTls::profile3ClientCertificates()
{
    CsmsServer server;
    QVERIFY(server.start(tlsConfig(*m_pki, SecurityProfile::MutualTls)).ok());

    auto good = m_pki->clientCertificate(QStringLiteral("CP-3"));
    QVERIFY(good.ok());
    StationConnection *c = nullptr;
    QCOMPARE(attempt(server, client(server, QStringLiteral("CP-3"), m_pki->clientConfiguration(&good.value())), &c), QString());
    QVERIFY(c->info().clientCertificateSubject.contains(QStringLiteral("CP-3")));

    // The certificate is fine, but it belongs to another station.
    QVERIFY(attempt(server, client(server, QStringLiteral("CP-4"), m_pki->clientConfiguration(&good.value())))
                .contains(QStringLiteral("does not match")));

    auto stranger = m_pki->clientCertificate(QStringLiteral("CP-3"), test::TestPki::Kind::UnknownCa);
    QVERIFY(stranger.ok());
    const QString unknownCa = attempt(server, client(server, QStringLiteral("CP-3"), m_pki->clientConfiguration(&stranger.value())));
    QVERIFY2(unknownCa.contains(QStringLiteral("does not chain")), qPrintable(unknownCa));

    auto expired = m_pki->clientCertificate(QStringLiteral("CP-3"), test::TestPki::Kind::Expired);
    QVERIFY(expired.ok());
    const QString old = attempt(server, client(server, QStringLiteral("CP-3"), m_pki->clientConfiguration(&expired.value())));
    QVERIFY2(old.contains(QStringLiteral("expired")), qPrintable(old));

    const QString none = attempt(server, client(server, QStringLiteral("CP-3"), m_pki->clientConfiguration()));
    QVERIFY2(none.contains(QStringLiteral("no client certificate")), qPrintable(none));
}

void TestCsmsServerTls::badFilesAreExplained()
{
    CsmsServer server;
    ServerConfig cfg = tlsConfig(*m_pki, SecurityProfile::TlsBasicAuth);
    cfg.tlsCertificateFile = m_pki->directory() + QStringLiteral("/missing.pem");
    auto r = server.start(cfg);
    QVERIFY(!r.ok());
    QVERIFY(r.error().message.contains(QStringLiteral("missing.pem")));

    // A key that belongs to another certificate.
    auto other = m_pki->clientCertificate(QStringLiteral("someone"));
    QVERIFY(other.ok());
    cfg = tlsConfig(*m_pki, SecurityProfile::TlsBasicAuth);
    cfg.tlsKeyFile = other.value().keyPath;
    r = server.start(cfg);
    QVERIFY(!r.ok());
    QVERIFY(r.error().message.contains(QStringLiteral("does not belong")));

    cfg = tlsConfig(*m_pki, SecurityProfile::MutualTls);
    cfg.caFile.clear();
    r = server.start(cfg);
    QVERIFY(!r.ok());
    QVERIFY(r.error().message.contains(QStringLiteral("CA certificate")));
}

QTEST_GUILESS_MAIN(TestCsmsServerTls)
#include "tst_csmsservertls.moc"
