// The local CA: root, server and client certificates, validity, CSR signing, keys and files.
// Every certificate is checked by the openssl command (the independent oracle) and parsed by
// QSslCertificate, not only by the library that made it.
#include "opensslcli.h"
#include "pki/certificateauthority.h"
#include "pki/certificaterequest.h"
#include "pki/certificateverification.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSslCertificate>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

using namespace cb;
using namespace cb::pki;
using cb::test::openssl;

Q_DECLARE_METATYPE(cb::pki::KeyType)
Q_DECLARE_METATYPE(cb::pki::CertificateUsage)

namespace {

QString write(const QTemporaryDir &dir, const QString &name, const QByteArray &data)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

// `openssl x509 -noout <args>` on a certificate.
QString x509(const QString &certPath, const QStringList &args)
{
    const auto run = openssl(QStringList{QStringLiteral("x509"), QStringLiteral("-noout"), QStringLiteral("-in"), certPath} + args);
    return run.ok() ? QString::fromUtf8(run.output) : QStringLiteral("openssl failed: ") + run.text();
}

QString extensions(const QString &certPath, const QString &names)
{
    return x509(certPath, {QStringLiteral("-ext"), names});
}

// `openssl verify` with a CA file and extra options; returns the run.
test::OpensslRun verify(const QString &caPath, const QString &certPath, const QStringList &options = {})
{
    return openssl(QStringList{QStringLiteral("verify"), QStringLiteral("-CAfile"), caPath} + options + QStringList{certPath});
}

template<typename T>
QByteArray failure(const Result<T> &r)
{
    return r.ok() ? QByteArray() : r.error().text().toUtf8();
}

CertificateAuthority makeCa(KeyType type = KeyType::EcP256, bool rsaPss = false)
{
    RootCaOptions o;
    o.subject = {QStringLiteral("Test Root"), QStringLiteral("ChargeBench Test"), QStringLiteral("Bench"), QStringLiteral("DE")};
    o.keyType = type;
    o.rsaPss = rsaPss;
    auto ca = CertificateAuthority::createRoot(o);
    if (!ca)
        qFatal("CA: %s", qPrintable(ca.error().text()));
    return ca.value();
}

} // namespace

class TestCertificateAuthority : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void rootCa_data();
    void rootCa();
    void serverCertificate_data();
    void serverCertificate();
    void clientCertificate();
    void validityPeriods_data();
    void validityPeriods();
    void unknownCaFails();
    void csrRoundTrip_data();
    void csrRoundTrip();
    void csrFromOpensslCli();
    void tamperedCsrRejected();
    void csrRules();
    void encryptedKeyRoundTrip();
    void keyFromOpensslCli();
    void weakKeysRejected();
    void loadCa();
    void writeFilesPermissions();
    void displayFields();
    void invalidInput();
    void concurrentIssuing();

private:
    CertificateAuthority m_ca;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_caPath;
};

void TestCertificateAuthority::initTestCase()
{
    QVERIFY2(openssl({QStringLiteral("version")}).ok(), "the openssl command is needed as the test oracle");
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_ca = makeCa();
    m_caPath = write(*m_dir, QStringLiteral("ca.pem"), m_ca.certificate().toPem());
}

void TestCertificateAuthority::rootCa_data()
{
    QTest::addColumn<KeyType>("keyType");
    QTest::addColumn<bool>("rsaPss");
    QTest::addColumn<QString>("signature");
    QTest::addColumn<QString>("publicKey");
    QTest::newRow("EC P-256") << KeyType::EcP256 << false << QStringLiteral("ecdsa-with-SHA256") << QStringLiteral("(256 bit)");
    QTest::newRow("EC P-384") << KeyType::EcP384 << false << QStringLiteral("ecdsa-with-SHA384") << QStringLiteral("(384 bit)");
    QTest::newRow("RSA 2048") << KeyType::Rsa2048 << false << QStringLiteral("sha256WithRSAEncryption")
                              << QStringLiteral("(2048 bit)");
    QTest::newRow("RSA 3072 PSS") << KeyType::Rsa3072 << true << QStringLiteral("rsassaPss") << QStringLiteral("(3072 bit)");
}

void TestCertificateAuthority::rootCa()
{
    QFETCH(KeyType, keyType);
    QFETCH(bool, rsaPss);
    QFETCH(QString, signature);
    QFETCH(QString, publicKey);

    const CertificateAuthority ca = makeCa(keyType, rsaPss);
    const QString path = write(*m_dir, QStringLiteral("root.pem"), ca.certificate().toPem());

    // openssl: self-signed chain of one verifies; CA extensions critical as required.
    const auto self = verify(path, path);
    QVERIFY2(self.ok(), qPrintable(self.text()));
    const QString ext = extensions(path, QStringLiteral("basicConstraints,keyUsage,subjectKeyIdentifier,authorityKeyIdentifier"));
    QVERIFY2(ext.contains(QLatin1String("X509v3 Basic Constraints: critical\n    CA:TRUE")), qPrintable(ext));
    QVERIFY2(ext.contains(QLatin1String("X509v3 Key Usage: critical\n    Certificate Sign, CRL Sign")), qPrintable(ext));
    QVERIFY2(ext.contains(QLatin1String("X509v3 Subject Key Identifier")), qPrintable(ext));
    QVERIFY2(ext.contains(QLatin1String("X509v3 Authority Key Identifier")), qPrintable(ext));
    const QString text = x509(path, {QStringLiteral("-text")});
    QVERIFY2(text.contains(QLatin1String("Signature Algorithm: ") + signature), qPrintable(text));
    QVERIFY2(text.contains(publicKey), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("Version: 3 (0x2)")), qPrintable(text));
    const QString subject = x509(path, {QStringLiteral("-subject"), QStringLiteral("-nameopt"), QStringLiteral("RFC2253")});
    QCOMPARE(subject.trimmed(), QStringLiteral("subject=CN=Test Root,OU=Bench,O=ChargeBench Test,C=DE"));

    // The SKI equals the AKI (self-signed), as openssl prints them.
    const QString ski = extensions(path, QStringLiteral("subjectKeyIdentifier")).section(QLatin1Char('\n'), 1).trimmed();
    QVERIFY(!ski.isEmpty());
    QVERIFY2(extensions(path, QStringLiteral("authorityKeyIdentifier")).contains(ski), qPrintable(ext));

    // Qt sees the same.
    const QSslCertificate q(ca.certificate().toPem(), QSsl::Pem);
    QVERIFY(!q.isNull());
    QVERIFY(q.isSelfSigned());
    QCOMPARE(q.subjectInfo(QSslCertificate::CommonName), QStringList{QStringLiteral("Test Root")});
    QCOMPARE(q.subjectInfo(QSslCertificate::Organization), QStringList{QStringLiteral("ChargeBench Test")});

    // And the library about itself.
    QVERIFY(ca.certificate().isCa());
    QVERIFY(ca.certificate().isSelfSigned());
    QVERIFY(ca.certificate().matchesPrivateKey(ca.privateKey()));
    QCOMPARE(ca.certificate().subjectText(), QStringLiteral("CN=Test Root,OU=Bench,O=ChargeBench Test,C=DE"));
    QCOMPARE(ca.certificate().issuerText(), ca.certificate().subjectText());
    QCOMPARE(ca.privateKey().algorithmName(), keyTypeName(keyType));
    QCOMPARE(ca.certificate().publicKeyAlgorithmName(), keyTypeName(keyType));
    QVERIFY(verifyCertificate(ca.certificate(), {ca.certificate()}).ok());
}

void TestCertificateAuthority::serverCertificate_data()
{
    QTest::addColumn<KeyType>("keyType");
    QTest::addColumn<QString>("keyUsage");
    QTest::newRow("EC") << KeyType::EcP256 << QStringLiteral("critical\n    Digital Signature\n");
    // RSA keys may be used for the TLS_RSA_* key exchange OCPP lists, which needs keyEncipherment.
    QTest::newRow("RSA") << KeyType::Rsa2048 << QStringLiteral("critical\n    Digital Signature, Key Encipherment\n");
}

void TestCertificateAuthority::serverCertificate()
{
    QFETCH(KeyType, keyType);
    QFETCH(QString, keyUsage);

    ServerCertificateOptions o;
    o.subject = {QStringLiteral("csms.example"), QStringLiteral("ChargeBench Test")};
    o.keyType = keyType;
    o.dnsNames = {QStringLiteral("localhost"), QStringLiteral("csms.example")};
    o.ipAddresses = {QHostAddress(QStringLiteral("127.0.0.1")), QHostAddress(QStringLiteral("::1")),
                     QHostAddress(QStringLiteral("fd00::12:34"))};
    const auto issued = m_ca.issueServerCertificate(o);
    QVERIFY2(issued.ok(), failure(issued));
    const QString path = write(*m_dir, QStringLiteral("server.pem"), issued.value().certificatePem());

    auto run = verify(m_caPath, path, {QStringLiteral("-purpose"), QStringLiteral("sslserver")});
    QVERIFY2(run.ok(), qPrintable(run.text()));
    // Not a client certificate.
    QVERIFY(!verify(m_caPath, path, {QStringLiteral("-purpose"), QStringLiteral("sslclient")}).ok());
    // Host checks as a TLS client makes them.
    for (const QStringList &ok : {QStringList{QStringLiteral("-verify_ip"), QStringLiteral("127.0.0.1")},
                                  QStringList{QStringLiteral("-verify_ip"), QStringLiteral("::1")},
                                  QStringList{QStringLiteral("-verify_ip"), QStringLiteral("fd00::12:34")},
                                  QStringList{QStringLiteral("-verify_hostname"), QStringLiteral("localhost")},
                                  QStringList{QStringLiteral("-verify_hostname"), QStringLiteral("csms.example")}}) {
        run = verify(m_caPath, path, ok);
        QVERIFY2(run.ok(), qPrintable(ok.join(QLatin1Char(' ')) + QLatin1Char(' ') + run.text()));
    }
    for (const QStringList &bad : {QStringList{QStringLiteral("-verify_ip"), QStringLiteral("127.0.0.2")},
                                   QStringList{QStringLiteral("-verify_hostname"), QStringLiteral("other.example")}}) {
        run = verify(m_caPath, path, bad);
        QVERIFY2(!run.ok(), qPrintable(bad.join(QLatin1Char(' '))));
        QVERIFY2(run.text().contains(QLatin1String("mismatch")), qPrintable(run.text()));
    }

    const QString san = extensions(path, QStringLiteral("subjectAltName"));
    QVERIFY2(san.contains(QLatin1String("DNS:localhost, DNS:csms.example, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, "
                                        "IP Address:FD00:0:0:0:0:0:12:34")),
             qPrintable(san));
    QCOMPARE(extensions(path, QStringLiteral("extendedKeyUsage")).section(QLatin1Char('\n'), 1).trimmed(),
             QStringLiteral("TLS Web Server Authentication"));
    const QString ku = extensions(path, QStringLiteral("keyUsage"));
    QVERIFY2(ku.endsWith(keyUsage), qPrintable(ku));
    QVERIFY2(extensions(path, QStringLiteral("basicConstraints")).contains(QLatin1String("critical\n    CA:FALSE")), "CA:FALSE");

    const QSslCertificate q(issued.value().certificatePem(), QSsl::Pem);
    const auto alt = q.subjectAlternativeNames();
    QCOMPARE(alt.values(QSsl::DnsEntry), (QList<QString>{QStringLiteral("csms.example"), QStringLiteral("localhost")}));
    QCOMPARE(alt.values(QSsl::IpAddressEntry).size(), 3);
    QCOMPARE(q.issuerInfo(QSslCertificate::CommonName), QStringList{QStringLiteral("Test Root")});
    QVERIFY(!q.isSelfSigned());

    QCOMPARE(issued.value().certificate.dnsNames(), o.dnsNames);
    QCOMPARE(issued.value().certificate.ipAddresses(), o.ipAddresses);
    QVERIFY(!issued.value().certificate.isCa());
    QVERIFY(issued.value().certificate.matchesPrivateKey(issued.value().privateKey));
    QVERIFY(!issued.value().certificate.matchesPrivateKey(m_ca.privateKey()));
    QCOMPARE(issued.value().privateKey.algorithmName(), keyTypeName(keyType));
}

void TestCertificateAuthority::clientCertificate()
{
    ClientCertificateOptions o;
    o.subject = {QStringLiteral("CP-001"), QStringLiteral("Example CPO")};
    const auto issued = m_ca.issueClientCertificate(o);
    QVERIFY2(issued.ok(), failure(issued));
    const QString path = write(*m_dir, QStringLiteral("client.pem"), issued.value().certificatePem());

    const auto run = verify(m_caPath, path, {QStringLiteral("-purpose"), QStringLiteral("sslclient")});
    QVERIFY2(run.ok(), qPrintable(run.text()));
    QVERIFY(!verify(m_caPath, path, {QStringLiteral("-purpose"), QStringLiteral("sslserver")}).ok());
    QCOMPARE(extensions(path, QStringLiteral("extendedKeyUsage")).section(QLatin1Char('\n'), 1).trimmed(),
             QStringLiteral("TLS Web Client Authentication"));
    // A station certificate carries no subjectAltName (1.6 security whitepaper A00.FR.511).
    QVERIFY(!extensions(path, QStringLiteral("subjectAltName")).contains(QLatin1String("Alternative")));
    QCOMPARE(x509(path, {QStringLiteral("-subject"), QStringLiteral("-nameopt"), QStringLiteral("RFC2253")}).trimmed(),
             QStringLiteral("subject=CN=CP-001,O=Example CPO"));
    QCOMPARE(x509(path, {QStringLiteral("-issuer"), QStringLiteral("-nameopt"), QStringLiteral("RFC2253")}).trimmed(),
             QStringLiteral("issuer=CN=Test Root,OU=Bench,O=ChargeBench Test,C=DE"));

    const QSslCertificate q(issued.value().certificatePem(), QSsl::Pem);
    QCOMPARE(q.subjectInfo(QSslCertificate::CommonName), QStringList{QStringLiteral("CP-001")});
    QCOMPARE(q.subjectInfo(QSslCertificate::Organization), QStringList{QStringLiteral("Example CPO")});
    const QSslKey key(issued.value().privateKeyPem(), QSsl::Ec, QSsl::Pem);
    QVERIFY(!key.isNull());
    QCOMPARE(key.length(), 256);
    QCOMPARE(issued.value().certificate.subjectCommonName(), QStringLiteral("CP-001"));
    QCOMPARE(issued.value().certificate.issuer(), m_ca.certificate().subject());
}

void TestCertificateAuthority::validityPeriods_data()
{
    QTest::addColumn<qint64>("notBeforeSecs");
    QTest::addColumn<qint64>("notAfterSecs");
    QTest::addColumn<QString>("opensslError"); // empty: must verify

    const auto v = [](const Validity &x) { return std::pair<qint64, qint64>{x.notBeforeOffset.count(), x.notAfterOffset.count()}; };
    QTest::newRow("default") << v(Validity{}).first << v(Validity{}).second << QString();
    QTest::newRow("expired") << v(Validity::expired()).first << v(Validity::expired()).second
                             << QStringLiteral("certificate has expired");
    QTest::newRow("not yet valid") << v(Validity::notYetValid()).first << v(Validity::notYetValid()).second
                                   << QStringLiteral("certificate is not yet valid");
    QTest::newRow("ten years") << v(Validity::days(3650)).first << v(Validity::days(3650)).second << QString();
}

void TestCertificateAuthority::validityPeriods()
{
    QFETCH(qint64, notBeforeSecs);
    QFETCH(qint64, notAfterSecs);
    QFETCH(QString, opensslError);

    ClientCertificateOptions o;
    o.subject = {QStringLiteral("CP-time"), QStringLiteral("Example CPO")};
    o.validity = {std::chrono::seconds(notBeforeSecs), std::chrono::seconds(notAfterSecs)};
    const QDateTime before = QDateTime::currentDateTimeUtc();
    const auto issued = m_ca.issueClientCertificate(o);
    const QDateTime after = QDateTime::currentDateTimeUtc();
    QVERIFY2(issued.ok(), failure(issued));
    const Certificate &c = issued.value().certificate;
    const QString path = write(*m_dir, QStringLiteral("timed.pem"), c.toPem());

    // The library's and Qt's reading of the dates agree and match the requested offsets.
    const QSslCertificate q(c.toPem(), QSsl::Pem);
    QCOMPARE(c.notBefore(), q.effectiveDate().toUTC());
    QCOMPARE(c.notAfter(), q.expiryDate().toUTC());
    QVERIFY(c.notBefore() >= before.addSecs(notBeforeSecs - 1) && c.notBefore() <= after.addSecs(notBeforeSecs + 1));
    QVERIFY(c.notAfter() >= before.addSecs(notAfterSecs - 1) && c.notAfter() <= after.addSecs(notAfterSecs + 1));

    const auto run = verify(m_caPath, path);
    const auto ours = verifyCertificate(c, {m_ca.certificate()});
    if (opensslError.isEmpty()) {
        QVERIFY2(run.ok(), qPrintable(run.text()));
        QVERIFY2(ours.ok(), qPrintable(ours.ok() ? QString() : ours.error().text()));
        QVERIFY(c.isValidAt(QDateTime::currentDateTimeUtc()));
    } else {
        QVERIFY(!run.ok());
        QVERIFY2(run.text().contains(opensslError), qPrintable(run.text()));
        QVERIFY(!ours.ok());
        QVERIFY2(ours.error().message.contains(opensslError), qPrintable(ours.error().text()));
        QVERIFY(!ours.error().hint.isEmpty());
        QVERIFY(!c.isValidAt(QDateTime::currentDateTimeUtc()));
        // At a time inside its period (and the CA's) the same certificate is fine.
        if (notBeforeSecs > 0)
            QVERIFY(verifyCertificate(c, {m_ca.certificate()}, {}, c.notBefore().addSecs(60)).ok());
    }
}

void TestCertificateAuthority::unknownCaFails()
{
    const CertificateAuthority other = makeCa();
    ClientCertificateOptions o;
    o.subject = {QStringLiteral("CP-002"), QStringLiteral("Elsewhere")};
    const auto issued = other.issueClientCertificate(o);
    QVERIFY2(issued.ok(), failure(issued));
    const QString path = write(*m_dir, QStringLiteral("foreign.pem"), issued.value().certificatePem());
    const auto run = verify(m_caPath, path);
    QVERIFY(!run.ok());
    QVERIFY2(run.text().contains(QLatin1String("unable to get local issuer certificate")), qPrintable(run.text()));
    const auto ours = verifyCertificate(issued.value().certificate, {m_ca.certificate()});
    QVERIFY(!ours.ok());
    QVERIFY2(ours.error().hint.contains(QLatin1String("trusted CA")), qPrintable(ours.error().text()));
    QVERIFY(verifyCertificate(issued.value().certificate, {other.certificate()}).ok());
}

void TestCertificateAuthority::csrRoundTrip_data()
{
    QTest::addColumn<KeyType>("keyType");
    QTest::addColumn<CertificateUsage>("usage");
    QTest::addColumn<QString>("eku");
    QTest::newRow("EC client") << KeyType::EcP256 << CertificateUsage::ClientAuth << QStringLiteral("TLS Web Client Authentication");
    QTest::newRow("RSA client") << KeyType::Rsa2048 << CertificateUsage::ClientAuth << QStringLiteral("TLS Web Client Authentication");
    QTest::newRow("EC server") << KeyType::EcP384 << CertificateUsage::ServerAuth << QStringLiteral("TLS Web Server Authentication");
    QTest::newRow("both") << KeyType::EcP256 << CertificateUsage::ServerAndClientAuth
                          << QStringLiteral("TLS Web Server Authentication, TLS Web Client Authentication");
    QTest::newRow("code signing") << KeyType::EcP256 << CertificateUsage::CodeSigning << QStringLiteral("Code Signing");
}

void TestCertificateAuthority::csrRoundTrip()
{
    QFETCH(KeyType, keyType);
    QFETCH(CertificateUsage, usage);
    QFETCH(QString, eku);

    const auto key = PrivateKey::generate(keyType);
    QVERIFY2(key.ok(), failure(key));
    const auto csr = createCsr(key.value(), {QStringLiteral("CP-CSR-7"), QStringLiteral("Example CPO")});
    QVERIFY2(csr.ok(), failure(csr));
    QVERIFY(csr.value().startsWith("-----BEGIN CERTIFICATE REQUEST-----"));
    const QString csrPath = write(*m_dir, QStringLiteral("req.pem"), csr.value());
    auto run = openssl({QStringLiteral("req"), QStringLiteral("-verify"), QStringLiteral("-noout"), QStringLiteral("-subject"),
                        QStringLiteral("-nameopt"), QStringLiteral("RFC2253"), QStringLiteral("-in"), csrPath});
    QVERIFY2(run.ok(), qPrintable(run.text()));
    QVERIFY2(run.text().contains(QLatin1String("verify OK")), qPrintable(run.text()));
    QVERIFY2(run.text().contains(QLatin1String("subject=CN=CP-CSR-7,O=Example CPO")), qPrintable(run.text()));

    CsrSigningOptions o;
    o.usage = usage;
    o.requiredCommonName = QStringLiteral("CP-CSR-7");
    const auto signedCert = m_ca.signCsr(csr.value(), o);
    QVERIFY2(signedCert.ok(), failure(signedCert));
    const QString path = write(*m_dir, QStringLiteral("signed.pem"), signedCert.value().toPem());
    run = verify(m_caPath, path);
    QVERIFY2(run.ok(), qPrintable(run.text()));
    QCOMPARE(extensions(path, QStringLiteral("extendedKeyUsage")).section(QLatin1Char('\n'), 1).trimmed(), eku);
    QCOMPARE(x509(path, {QStringLiteral("-subject"), QStringLiteral("-nameopt"), QStringLiteral("RFC2253")}).trimmed(),
             QStringLiteral("subject=CN=CP-CSR-7,O=Example CPO"));
    // The certificate carries the requester's key: openssl prints the same public key for both.
    const auto certKey = openssl({QStringLiteral("x509"), QStringLiteral("-noout"), QStringLiteral("-pubkey"), QStringLiteral("-in"), path});
    const auto csrKey = openssl({QStringLiteral("req"), QStringLiteral("-noout"), QStringLiteral("-pubkey"), QStringLiteral("-in"), csrPath});
    QVERIFY(certKey.ok() && csrKey.ok());
    QCOMPARE(certKey.output, csrKey.output);
    QCOMPARE(certKey.output, key.value().publicKeyPem());
    QVERIFY(signedCert.value().matchesPrivateKey(key.value()));
}

void TestCertificateAuthority::csrFromOpensslCli()
{
    // A CSR made by someone else's tooling, like a charger's.
    const QString keyPath = m_dir->filePath(QStringLiteral("cli.key"));
    const QString csrPath = m_dir->filePath(QStringLiteral("cli.csr"));
    const auto run = openssl({QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                              QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
                              QStringLiteral("-keyout"), keyPath, QStringLiteral("-out"), csrPath, QStringLiteral("-subj"),
                              QStringLiteral("/O=Example CPO/CN=CP-CLI-1")});
    QVERIFY2(run.ok(), qPrintable(run.text()));
    QFile f(csrPath);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray csr = f.readAll();
    const auto parsed = CertificateRequest::fromPem(csr);
    QVERIFY2(parsed.ok(), failure(parsed));
    QCOMPARE(parsed.value().subject().commonName, QStringLiteral("CP-CLI-1"));
    QCOMPARE(parsed.value().subject().organization, QStringLiteral("Example CPO"));
    QCOMPARE(parsed.value().publicKeyAlgorithmName(), QStringLiteral("EC P-256"));
    const auto cert = m_ca.signCsr(csr);
    QVERIFY2(cert.ok(), failure(cert));
    const QString path = write(*m_dir, QStringLiteral("cli.pem"), cert.value().toPem());
    const auto v = verify(m_caPath, path, {QStringLiteral("-purpose"), QStringLiteral("sslclient")});
    QVERIFY2(v.ok(), qPrintable(v.text()));

    // Chargers' PEM comes in many shapes: the old "NEW CERTIFICATE REQUEST" label, CRLF line
    // ends, the base64 on one line, no final newline.
    QByteArray body = csr;
    body.replace("-----BEGIN CERTIFICATE REQUEST-----", "").replace("-----END CERTIFICATE REQUEST-----", "");
    body = body.simplified().replace(" ", "");
    const QByteArray shapes[] = {
        QByteArray(csr).replace("CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"),
        QByteArray(csr).replace("\n", "\r\n"),
        "-----BEGIN CERTIFICATE REQUEST-----\n" + body + "\n-----END CERTIFICATE REQUEST-----",
    };
    for (const QByteArray &shape : shapes) {
        const auto again = CertificateRequest::fromPem(shape);
        QVERIFY2(again.ok(), failure(again).append('\n').append(shape));
        QCOMPARE(again.value().subject().commonName, QStringLiteral("CP-CLI-1"));
    }
}

void TestCertificateAuthority::tamperedCsrRejected()
{
    const auto key = PrivateKey::generate();
    QVERIFY2(key.ok(), failure(key));
    const auto csr = CertificateRequest::create(key.value(), {QStringLiteral("CP-AAAA"), QStringLiteral("Example CPO")});
    QVERIFY2(csr.ok(), failure(csr));

    // Change one letter of the CN inside the signed part, and wrap it up as PEM again.
    const QByteArray pem = csr.value().toPem();
    QByteArray der = QByteArray::fromBase64(pem.split('\n').mid(1, pem.split('\n').size() - 3).join());
    const qsizetype at = der.indexOf("CP-AAAA");
    QVERIFY(at > 0);
    der[at + 3] = 'B';
    QByteArray tampered = "-----BEGIN CERTIFICATE REQUEST-----\n";
    const QByteArray b64 = der.toBase64();
    for (qsizetype i = 0; i < b64.size(); i += 64)
        tampered += b64.mid(i, 64) + '\n';
    tampered += "-----END CERTIFICATE REQUEST-----\n";

    // The oracle agrees that it no longer verifies (openssl 3.0 exits with 0 either way, so
    // read what it says).
    const QString path = write(*m_dir, QStringLiteral("tampered.csr"), tampered);
    const auto run = openssl({QStringLiteral("req"), QStringLiteral("-verify"), QStringLiteral("-noout"), QStringLiteral("-in"), path});
    QVERIFY2(run.text().contains(QLatin1String("verify failure")) && !run.text().contains(QLatin1String("verify OK")),
             qPrintable(run.text()));

    const auto parsed = CertificateRequest::fromPem(tampered);
    QVERIFY(!parsed.ok());
    QVERIFY2(parsed.error().message.contains(QLatin1String("does not verify")), qPrintable(parsed.error().text()));
    const auto signedCert = m_ca.signCsr(tampered);
    QVERIFY(!signedCert.ok());
    QVERIFY2(signedCert.error().message.contains(QLatin1String("does not verify")), qPrintable(signedCert.error().text()));
    QVERIFY(!signedCert.error().hint.isEmpty());

    // Not a CSR at all.
    const auto garbage = m_ca.signCsr("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n");
    QVERIFY(!garbage.ok());
    QVERIFY2(garbage.error().message.contains(QLatin1String("not a PEM certificate signing request")), qPrintable(garbage.error().text()));
    QVERIFY(!m_ca.signCsr(m_ca.certificate().toPem()).ok());
    QVERIFY(!m_ca.signCsr(QByteArray()).ok());
}

void TestCertificateAuthority::csrRules()
{
    const auto key = PrivateKey::generate();
    QVERIFY2(key.ok(), failure(key));
    const auto csr = createCsr(key.value(), {QStringLiteral("CP-A"), QStringLiteral("Example CPO")});
    QVERIFY2(csr.ok(), failure(csr));
    CsrSigningOptions o;
    o.requiredCommonName = QStringLiteral("CP-B");
    const auto wrongIdentity = m_ca.signCsr(csr.value(), o);
    QVERIFY(!wrongIdentity.ok());
    QVERIFY2(wrongIdentity.error().message.contains(QLatin1String("\"CP-A\"")), qPrintable(wrongIdentity.error().text()));

    // A 1024-bit RSA CSR (made by the openssl command) is refused: OCPP needs 2048 bits.
    const QString csrPath = m_dir->filePath(QStringLiteral("weak.csr"));
    const auto run = openssl({QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-newkey"), QStringLiteral("rsa:1024"),
                              QStringLiteral("-nodes"), QStringLiteral("-keyout"), m_dir->filePath(QStringLiteral("weak.key")),
                              QStringLiteral("-out"), csrPath, QStringLiteral("-subj"), QStringLiteral("/CN=CP-WEAK")});
    QVERIFY2(run.ok(), qPrintable(run.text()));
    QFile f(csrPath);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const auto weak = m_ca.signCsr(f.readAll());
    QVERIFY(!weak.ok());
    QVERIFY2(weak.error().message.contains(QLatin1String("2048")), qPrintable(weak.error().text()));
}

void TestCertificateAuthority::encryptedKeyRoundTrip()
{
    const auto key = PrivateKey::generate();
    QVERIFY2(key.ok(), failure(key));
    const QByteArray passphrase = "correct horse battery staple";
    const auto encrypted = key.value().toEncryptedPem(passphrase);
    QVERIFY2(encrypted.ok(), failure(encrypted));
    QVERIFY(encrypted.value().startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    QVERIFY(!encrypted.value().contains(key.value().toPem().mid(30, 40)));
    const QString path = write(*m_dir, QStringLiteral("enc.key"), encrypted.value());

    // openssl: AES-256-CBC inside PBES2, opens with the right passphrase only, same key.
    const auto structure = openssl({QStringLiteral("asn1parse"), QStringLiteral("-in"), path});
    QVERIFY2(structure.text().contains(QLatin1String("PBES2")) && structure.text().contains(QLatin1String("aes-256-cbc")),
             qPrintable(structure.text()));
    const auto right = openssl({QStringLiteral("pkey"), QStringLiteral("-in"), path, QStringLiteral("-passin"),
                                QStringLiteral("pass:") + QString::fromUtf8(passphrase), QStringLiteral("-pubout")});
    QVERIFY2(right.ok(), qPrintable(right.text()));
    QCOMPARE(right.output, key.value().publicKeyPem());
    QVERIFY(!openssl({QStringLiteral("pkey"), QStringLiteral("-in"), path, QStringLiteral("-passin"), QStringLiteral("pass:wrong"),
                      QStringLiteral("-pubout")})
                 .ok());

    // The library: right, wrong, and no passphrase.
    const auto back = PrivateKey::fromPem(encrypted.value(), passphrase);
    QVERIFY2(back.ok(), failure(back));
    QCOMPARE(back.value().publicKeyDer(), key.value().publicKeyDer());
    const auto wrong = PrivateKey::fromPem(encrypted.value(), "wrong");
    QVERIFY(!wrong.ok());
    QVERIFY2(wrong.error().message.contains(QLatin1String("passphrase is wrong")), qPrintable(wrong.error().text()));
    const auto none = PrivateKey::fromPem(encrypted.value());
    QVERIFY(!none.ok());
    QVERIFY2(none.error().message.contains(QLatin1String("encrypted")), qPrintable(none.error().text()));
    QVERIFY(!key.value().toEncryptedPem({}).ok());

    // Qt reads it too (what a TLS setup with a protected key would do).
    const QSslKey q(encrypted.value(), QSsl::Ec, QSsl::Pem, QSsl::PrivateKey, passphrase);
    QVERIFY(!q.isNull());

    // A CA whose key is stored encrypted.
    const auto caKey = m_ca.privateKey().toEncryptedPem(passphrase);
    QVERIFY2(caKey.ok(), failure(caKey));
    QVERIFY(CertificateAuthority::fromPem(m_ca.certificate().toPem(), caKey.value(), passphrase).ok());
    QVERIFY(!CertificateAuthority::fromPem(m_ca.certificate().toPem(), caKey.value(), "nope").ok());
}

void TestCertificateAuthority::keyFromOpensslCli()
{
    // Keys written by the openssl command, plain (traditional and PKCS #8) and encrypted.
    const struct
    {
        QStringList args;
        QByteArray passphrase;
        QString algorithm;
    } cases[] = {
        {{QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("EC"), QStringLiteral("-pkeyopt"),
          QStringLiteral("ec_paramgen_curve:P-384")},
         {},
         QStringLiteral("EC P-384")},
        {{QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("RSA"), QStringLiteral("-pkeyopt"),
          QStringLiteral("rsa_keygen_bits:2048"), QStringLiteral("-aes256"), QStringLiteral("-pass"), QStringLiteral("pass:s3cret")},
         "s3cret",
         QStringLiteral("RSA 2048")},
        {{QStringLiteral("ecparam"), QStringLiteral("-genkey"), QStringLiteral("-name"), QStringLiteral("prime256v1"),
          QStringLiteral("-noout")},
         {},
         QStringLiteral("EC P-256")},
    };
    for (const auto &c : cases) {
        const auto run = openssl(c.args);
        QVERIFY2(run.ok(), qPrintable(run.text()));
        const auto key = PrivateKey::fromPem(run.output, c.passphrase);
        QVERIFY2(key.ok(), failure(key));
        QCOMPARE(key.value().algorithmName(), c.algorithm);
        QVERIFY(key.value().checkOcppStrength().ok());
    }
    QVERIFY(!PrivateKey::fromPem("not a key").ok());
    QVERIFY(!PrivateKey::fromPem(m_ca.certificate().toPem()).ok());
}

void TestCertificateAuthority::weakKeysRejected()
{
    const auto run = openssl({QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("RSA"), QStringLiteral("-pkeyopt"),
                              QStringLiteral("rsa_keygen_bits:1024")});
    QVERIFY2(run.ok(), qPrintable(run.text()));
    const auto key = PrivateKey::fromPem(run.output);
    QVERIFY2(key.ok(), failure(key));
    QVERIFY(!key.value().checkOcppStrength().ok());
    ClientCertificateOptions o;
    o.subject.commonName = QStringLiteral("CP-1024");
    o.key = key.value();
    const auto issued = m_ca.issueClientCertificate(o);
    QVERIFY(!issued.ok());
    QVERIFY2(issued.error().message.contains(QLatin1String("2048")), qPrintable(issued.error().text()));

    const auto curve = openssl({QStringLiteral("ecparam"), QStringLiteral("-genkey"), QStringLiteral("-name"),
                                QStringLiteral("prime192v1"), QStringLiteral("-noout")});
    QVERIFY2(curve.ok(), qPrintable(curve.text()));
    const auto small = PrivateKey::fromPem(curve.output);
    QVERIFY2(small.ok(), failure(small));
    QVERIFY(!small.value().checkOcppStrength().ok());
}

void TestCertificateAuthority::loadCa()
{
    const auto loaded = CertificateAuthority::fromPem(m_ca.certificate().toPem(), m_ca.privateKey().toPem());
    QVERIFY2(loaded.ok(), failure(loaded));
    ClientCertificateOptions o;
    o.subject.commonName = QStringLiteral("CP-LOADED");
    const auto issued = loaded.value().issueClientCertificate(o);
    QVERIFY2(issued.ok(), failure(issued));
    const QString path = write(*m_dir, QStringLiteral("loaded.pem"), issued.value().certificatePem());
    QVERIFY(verify(m_caPath, path).ok());

    const CertificateAuthority other = makeCa();
    const auto mismatch = CertificateAuthority::fromPem(m_ca.certificate().toPem(), other.privateKey().toPem());
    QVERIFY(!mismatch.ok());
    QVERIFY2(mismatch.error().message.contains(QLatin1String("does not belong")), qPrintable(mismatch.error().text()));
    const auto notCa = CertificateAuthority::fromPem(issued.value().certificatePem(), issued.value().privateKeyPem());
    QVERIFY(!notCa.ok());
    QVERIFY2(notCa.error().message.contains(QLatin1String("not a CA")), qPrintable(notCa.error().text()));
    QVERIFY(!CertificateAuthority().issueClientCertificate(o).ok());
}

void TestCertificateAuthority::writeFilesPermissions()
{
    ClientCertificateOptions o;
    o.subject.commonName = QStringLiteral("CP-FILES");
    const auto issued = m_ca.issueClientCertificate(o);
    QVERIFY2(issued.ok(), failure(issued));
    const QString dir = m_dir->filePath(QStringLiteral("out/nested"));
    // A world-readable file of the same name must not keep its mode.
    QVERIFY(QDir().mkpath(dir));
    write(*m_dir, QStringLiteral("out/nested/station.key"), "old");
    QVERIFY(QFile::setPermissions(dir + QStringLiteral("/station.key"), QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                                                           | QFileDevice::ReadGroup | QFileDevice::ReadOther));

    const auto files = issued.value().writeFiles(dir, QStringLiteral("station"));
    QVERIFY2(files.ok(), failure(files));
    QCOMPARE(files.value().certificatePath, dir + QStringLiteral("/station.pem"));
    QCOMPARE(files.value().privateKeyPath, dir + QStringLiteral("/station.key"));
    const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
                                          | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    QCOMPARE(QFileInfo(files.value().privateKeyPath).permissions() & others, QFileDevice::Permissions());
    QVERIFY(QFileInfo(files.value().privateKeyPath).permissions() & QFileDevice::ReadOwner);
    QVERIFY(QFileInfo(files.value().certificatePath).permissions() & QFileDevice::ReadOther); // public

    // openssl reads both and they belong together.
    const auto certKey = openssl({QStringLiteral("x509"), QStringLiteral("-noout"), QStringLiteral("-pubkey"), QStringLiteral("-in"),
                                  files.value().certificatePath});
    const auto keyPub = openssl({QStringLiteral("pkey"), QStringLiteral("-pubout"), QStringLiteral("-in"), files.value().privateKeyPath});
    QVERIFY2(certKey.ok() && keyPub.ok(), qPrintable(certKey.text() + keyPub.text()));
    QCOMPARE(certKey.output, keyPub.output);

    // Encrypted on request.
    const auto enc = issued.value().writeFiles(dir, QStringLiteral("station-enc"), "pw");
    QVERIFY2(enc.ok(), failure(enc));
    QFile f(enc.value().privateKeyPath);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.readAll().startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    QCOMPARE(QFileInfo(enc.value().privateKeyPath).permissions() & others, QFileDevice::Permissions());

    // A folder that cannot be made.
    const auto bad = issued.value().writeFiles(m_caPath + QStringLiteral("/sub"), QStringLiteral("x"));
    QVERIFY(!bad.ok());
    QVERIFY(!bad.error().hint.isEmpty());
}

void TestCertificateAuthority::displayFields()
{
    ServerCertificateOptions o;
    o.subject = {QStringLiteral("Zähler GmbH Server"), QStringLiteral("Zähler GmbH")};
    o.serialNumber = QByteArray::fromHex("0a1b2c3d");
    const auto issued = m_ca.issueServerCertificate(o);
    QVERIFY2(issued.ok(), failure(issued));
    const Certificate &c = issued.value().certificate;
    const QString path = write(*m_dir, QStringLiteral("display.pem"), c.toPem());

    QCOMPARE(x509(path, {QStringLiteral("-serial")}).trimmed(), QStringLiteral("serial=0A1B2C3D"));
    QCOMPARE(c.serialNumber(), QByteArray::fromHex("0a1b2c3d"));
    QCOMPARE(c.serialNumberHex(), QStringLiteral("a1b2c3d"));
    QCOMPARE(x509(path, {QStringLiteral("-fingerprint"), QStringLiteral("-sha256")}).trimmed(),
             QStringLiteral("sha256 Fingerprint=") + c.sha256FingerprintText());
    QCOMPARE(c.sha256Fingerprint(), QSslCertificate(c.toPem(), QSsl::Pem).digest(QCryptographicHash::Sha256));
    QCOMPARE(c.subjectCommonName(), QStringLiteral("Zähler GmbH Server"));
    QCOMPARE(QSslCertificate(c.toPem(), QSsl::Pem).subjectInfo(QSslCertificate::Organization),
             QStringList{QStringLiteral("Zähler GmbH")});
    QCOMPARE(c.subjectText(), QStringLiteral("CN=Zähler GmbH Server,O=Zähler GmbH"));
    QCOMPARE(c.issuerText(), m_ca.certificate().subjectText());

    // PEM and DER round trips, and a chain in one PEM text.
    const auto der = Certificate::fromDer(c.toDer());
    QVERIFY2(der.ok(), failure(der));
    QCOMPARE(der.value().toPem(), c.toPem());
    const auto chain = Certificate::listFromPem(c.toPem() + m_ca.certificate().toPem());
    QVERIFY2(chain.ok(), failure(chain));
    QCOMPARE(chain.value().size(), 2);
    QCOMPARE(chain.value().at(1).sha256Fingerprint(), m_ca.certificate().sha256Fingerprint());
    QVERIFY(!Certificate::listFromPem("nothing").ok());
    QVERIFY(!Certificate::fromPem(QByteArray()).ok());
}

void TestCertificateAuthority::invalidInput()
{
    ClientCertificateOptions o;
    auto r = m_ca.issueClientCertificate(o);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.contains(QLatin1String("common name")), qPrintable(r.error().text()));

    o.subject.commonName = QString(65, QLatin1Char('x')); // ub-common-name is 64
    r = m_ca.issueClientCertificate(o);
    QVERIFY(!r.ok());
    QVERIFY(!r.error().hint.isEmpty());

    o.subject = {QStringLiteral("CP"), {}, {}, QStringLiteral("DEU")};
    r = m_ca.issueClientCertificate(o);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.contains(QLatin1String("two-letter")), qPrintable(r.error().text()));

    o.subject = {QStringLiteral("CP")};
    o.validity = {std::chrono::days(2), std::chrono::days(1)};
    QVERIFY(!m_ca.issueClientCertificate(o).ok());
    o.validity = {};
    o.serialNumber = QByteArray(21, '\x01');
    QVERIFY(!m_ca.issueClientCertificate(o).ok());
    o.serialNumber = QByteArray(3, '\0');
    QVERIFY(!m_ca.issueClientCertificate(o).ok());

    ServerCertificateOptions s;
    s.subject.commonName = QStringLiteral("x");
    s.dnsNames = {QStringLiteral("bad name")};
    QVERIFY(!m_ca.issueServerCertificate(s).ok());
    s.dnsNames = {QStringLiteral("bücher.example")};
    QVERIFY(!m_ca.issueServerCertificate(s).ok());
    s.dnsNames = {};
    s.ipAddresses = {QHostAddress()};
    QVERIFY(!m_ca.issueServerCertificate(s).ok());
}

void TestCertificateAuthority::concurrentIssuing()
{
    // One CA shared by workers, each generating keys (RSA too) and issuing: no global state,
    // nothing crosses threads but the const CA.
    const CertificateAuthority ca = m_ca;
    constexpr int kWorkers = 4;
    QList<QByteArray> pems(kWorkers);
    QList<QString> errors(kWorkers);
    std::vector<std::unique_ptr<QThread>> threads;
    for (int i = 0; i < kWorkers; ++i) {
        threads.emplace_back(QThread::create([&, i] {
            for (int n = 0; n < 5; ++n) {
                ClientCertificateOptions o;
                o.subject.commonName = QStringLiteral("CP-T%1-%2").arg(i).arg(n);
                o.keyType = (i == 0 && n == 0) ? KeyType::Rsa2048 : KeyType::EcP256;
                const auto issued = ca.issueClientCertificate(o);
                if (!issued) {
                    errors[i] = issued.error().text();
                    return;
                }
                pems[i] += issued.value().certificatePem();
            }
        }));
        threads.back()->start();
    }
    for (auto &t : threads)
        QVERIFY(t->wait(120000));
    for (int i = 0; i < kWorkers; ++i) {
        QVERIFY2(errors[i].isEmpty(), qPrintable(errors[i]));
        const auto chain = Certificate::listFromPem(pems[i]);
        QVERIFY2(chain.ok(), failure(chain));
        QCOMPARE(chain.value().size(), 5);
        for (const Certificate &c : chain.value()) {
            const QString path = write(*m_dir, QStringLiteral("thread.pem"), c.toPem());
            const auto run = verify(m_caPath, path);
            QVERIFY2(run.ok(), qPrintable(run.text()));
        }
    }
}

QTEST_GUILESS_MAIN(TestCertificateAuthority)
#include "tst_certificateauthority.moc"
