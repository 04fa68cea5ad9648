// OCPP CertificateHashData against two independent computations with the openssl command:
// an OCSP request's CertID (the same three values by definition) and the raw recipe of the spec
// (asn1parse to cut out the issuer name and the key BIT STRING, dgst to hash them).
#include "opensslcli.h"
#include "pki/certificateauthority.h"
#include "pki/certificatehashdata.h"
#include "schema/schemavalidator.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace cb;
using namespace cb::pki;
using cb::test::openssl;

Q_DECLARE_METATYPE(cb::pki::HashAlgorithm)
Q_DECLARE_METATYPE(cb::pki::KeyType)

namespace {

template<typename T>
QByteArray failure(const Result<T> &r)
{
    return r.ok() ? QByteArray() : r.error().text().toUtf8();
}

QString write(const QTemporaryDir &dir, const QString &name, const QByteArray &data)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

QString dgstName(HashAlgorithm a)
{
    return QStringLiteral("-") + hashAlgorithmName(a).toLower();
}

// Hex digest of `data` by `openssl dgst`.
QString dgst(HashAlgorithm a, const QByteArray &data)
{
    const auto run = openssl({QStringLiteral("dgst"), dgstName(a), QStringLiteral("-r")}, data);
    return run.ok() ? QString::fromLatin1(run.output).section(QLatin1Char(' '), 0, 0) : QString();
}

struct Asn1Item
{
    int offset;
    int depth;
    int headerLength;
    int length;
    QString type;
};

// `openssl asn1parse` of DER, one item per line.
QList<Asn1Item> asn1parse(const QByteArray &der)
{
    const auto run = openssl({QStringLiteral("asn1parse"), QStringLiteral("-inform"), QStringLiteral("DER")}, der);
    QList<Asn1Item> items;
    static const QRegularExpression line(QStringLiteral(R"(^\s*(\d+):d=(\d+)\s+hl=(\d+)\s+l=\s*(\d+)\s+(?:cons|prim):\s+(.*?)\s*(?::|$))"));
    for (const QString &l : QString::fromLatin1(run.output).split(QLatin1Char('\n'))) {
        const auto m = line.match(l);
        if (m.hasMatch())
            items << Asn1Item{m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt(), m.captured(4).toInt(),
                              m.captured(5).trimmed()};
    }
    return items;
}

// The spec's recipe, step by step with openssl: hash the DER issuer Name of the certificate.
QString issuerNameHashByHand(const QString &certPath, HashAlgorithm a)
{
    const auto der = openssl({QStringLiteral("x509"), QStringLiteral("-in"), certPath, QStringLiteral("-outform"), QStringLiteral("DER")});
    // TBSCertificate children (depth 2): [0] version, serialNumber, signature, issuer, ...
    QList<Asn1Item> tbs;
    for (const Asn1Item &i : asn1parse(der.output)) {
        if (i.depth == 2)
            tbs << i;
    }
    if (tbs.size() < 4 || tbs[0].type != QLatin1String("cont [ 0 ]") || tbs[3].type != QLatin1String("SEQUENCE"))
        return QStringLiteral("unexpected certificate structure");
    return dgst(a, der.output.mid(tbs[3].offset, tbs[3].headerLength + tbs[3].length));
}

// ... and hash the issuer's subjectPublicKey BIT STRING value (without the unused-bits octet).
QString issuerKeyHashByHand(const QString &issuerPath, HashAlgorithm a)
{
    const auto pub = openssl({QStringLiteral("x509"), QStringLiteral("-in"), issuerPath, QStringLiteral("-noout"), QStringLiteral("-pubkey")});
    const auto spki = openssl({QStringLiteral("pkey"), QStringLiteral("-pubin"), QStringLiteral("-outform"), QStringLiteral("DER")}, pub.output);
    for (const Asn1Item &i : asn1parse(spki.output)) {
        if (i.depth == 1 && i.type == QLatin1String("BIT STRING"))
            return dgst(a, spki.output.mid(i.offset + i.headerLength + 1, i.length - 1));
    }
    return QStringLiteral("no BIT STRING");
}

struct OcspCertId
{
    QString nameHash;
    QString keyHash;
    QString serial;
};

// The CertID of an OCSP request built by `openssl ocsp`.
OcspCertId ocspCertId(const QString &issuerPath, const QString &certPath, HashAlgorithm a)
{
    // The digest option must come before -cert.
    const auto run = openssl({QStringLiteral("ocsp"), QStringLiteral("-issuer"), issuerPath, dgstName(a), QStringLiteral("-cert"),
                              certPath, QStringLiteral("-no_nonce"), QStringLiteral("-req_text")});
    // Long hashes are wrapped with a backslash at the end of the line.
    const QString text = run.text().remove(QStringLiteral("\\\n"));
    const auto field = [&text](const char *name) {
        const auto m = QRegularExpression(QLatin1String(name) + QStringLiteral(R"(:\s*([0-9A-Fa-f]+))")).match(text);
        return m.captured(1);
    };
    return {field("Issuer Name Hash"), field("Issuer Key Hash"), field("Serial Number")};
}

QString ocpSerial(QString hex)
{
    hex = hex.toLower();
    while (hex.size() > 1 && hex.startsWith(QLatin1Char('0')))
        hex.remove(0, 1);
    return hex;
}

} // namespace

class TestCertificateHashData : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void againstOpenssl_data();
    void againstOpenssl();
    void serialNumberFormat_data();
    void serialNumberFormat();
    void wrongIssuer();
    void jsonAndSchema();
    void matching();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    CertificateAuthority m_ecCa;
    CertificateAuthority m_rsaCa;
};

void TestCertificateHashData::initTestCase()
{
    QVERIFY2(openssl({QStringLiteral("version")}).ok(), "the openssl command is needed as the test oracle");
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    RootCaOptions o;
    o.subject = {QStringLiteral("Hash Root"), QStringLiteral("ChargeBench Test"), {}, QStringLiteral("NL")};
    auto ec = CertificateAuthority::createRoot(o);
    QVERIFY2(ec.ok(), failure(ec));
    m_ecCa = ec.value();
    o.keyType = KeyType::Rsa2048;
    o.subject.commonName = QStringLiteral("Hash Root RSA");
    auto rsa = CertificateAuthority::createRoot(o);
    QVERIFY2(rsa.ok(), failure(rsa));
    m_rsaCa = rsa.value();
}

void TestCertificateHashData::againstOpenssl_data()
{
    QTest::addColumn<bool>("rsaCa");
    QTest::addColumn<bool>("root");
    QTest::addColumn<HashAlgorithm>("algorithm");
    for (HashAlgorithm a : {HashAlgorithm::Sha256, HashAlgorithm::Sha384, HashAlgorithm::Sha512}) {
        for (bool rsa : {false, true}) {
            for (bool root : {false, true}) {
                QTest::addRow("%s %s %s", rsa ? "RSA CA" : "EC CA", root ? "root" : "leaf", qPrintable(hashAlgorithmName(a)))
                    << rsa << root << a;
            }
        }
    }
}

void TestCertificateHashData::againstOpenssl()
{
    QFETCH(bool, rsaCa);
    QFETCH(bool, root);
    QFETCH(HashAlgorithm, algorithm);
    const CertificateAuthority &ca = rsaCa ? m_rsaCa : m_ecCa;
    Certificate cert = ca.certificate();
    if (!root) {
        ClientCertificateOptions o;
        o.subject = {QStringLiteral("CP-HASH"), QStringLiteral("Example CPO")};
        auto issued = ca.issueClientCertificate(o);
        QVERIFY2(issued.ok(), failure(issued));
        cert = issued.value().certificate;
    }
    const QString caPath = write(*m_dir, QStringLiteral("ca.pem"), ca.certificate().toPem());
    const QString certPath = write(*m_dir, QStringLiteral("cert.pem"), cert.toPem());

    const auto hash = certificateHashData(cert.toPem(), ca.certificate().toPem(), algorithm);
    QVERIFY2(hash.ok(), failure(hash));
    const CertificateHashData &h = hash.value();
    QCOMPARE(h.hashAlgorithm, algorithm);
    const int hexLength = algorithm == HashAlgorithm::Sha256 ? 64 : algorithm == HashAlgorithm::Sha384 ? 96 : 128;
    QCOMPARE(h.issuerNameHash.size(), hexLength);
    QCOMPARE(h.issuerKeyHash.size(), hexLength);
    QCOMPARE(h.issuerNameHash, h.issuerNameHash.toLower());

    // By hand, as the spec words it.
    QCOMPARE(h.issuerNameHash, issuerNameHashByHand(certPath, algorithm));
    QCOMPARE(h.issuerKeyHash, issuerKeyHashByHand(caPath, algorithm));
    const auto serial = openssl({QStringLiteral("x509"), QStringLiteral("-noout"), QStringLiteral("-serial"), QStringLiteral("-in"), certPath});
    QCOMPARE(h.serialNumber, ocpSerial(QString::fromLatin1(serial.output).trimmed().section(QLatin1Char('='), 1)));

    // As OCSP's CertID.
    const OcspCertId id = ocspCertId(caPath, certPath, algorithm);
    QVERIFY2(!id.nameHash.isEmpty(), "openssl ocsp printed no CertID");
    QCOMPARE(h.issuerNameHash, id.nameHash.toLower());
    QCOMPARE(h.issuerKeyHash, id.keyHash.toLower());
    QCOMPARE(h.serialNumber, ocpSerial(id.serial));
}

void TestCertificateHashData::serialNumberFormat_data()
{
    QTest::addColumn<QByteArray>("serial");
    QTest::addColumn<QString>("expected");
    // Lower-case hex without "0x" and without leading zeroes (2.0.1 errata 2023-12, 2.15.1).
    QTest::newRow("leading zero digit") << QByteArray::fromHex("0a1b2c") << QStringLiteral("a1b2c");
    QTest::newRow("leading zero byte") << QByteArray::fromHex("00ff") << QStringLiteral("ff");
    QTest::newRow("high bit") << QByteArray::fromHex("80") << QStringLiteral("80");
    QTest::newRow("trailing zeroes kept") << QByteArray::fromHex("1000") << QStringLiteral("1000");
    QTest::newRow("one") << QByteArray::fromHex("01") << QStringLiteral("1");
    QTest::newRow("20 bytes") << QByteArray::fromHex("0123456789abcdef0123456789abcdef01234567")
                              << QStringLiteral("123456789abcdef0123456789abcdef01234567");
}

void TestCertificateHashData::serialNumberFormat()
{
    QFETCH(QByteArray, serial);
    QFETCH(QString, expected);
    ClientCertificateOptions o;
    o.subject.commonName = QStringLiteral("CP-SERIAL");
    o.serialNumber = serial;
    const auto issued = m_ecCa.issueClientCertificate(o);
    QVERIFY2(issued.ok(), failure(issued));
    const auto h = CertificateHashData::compute(issued.value().certificate, m_ecCa.certificate());
    QVERIFY2(h.ok(), failure(h));
    QCOMPARE(h.value().serialNumber, expected);
    QVERIFY(h.value().serialNumber.size() <= 40);
    const QString path = write(*m_dir, QStringLiteral("serial.pem"), issued.value().certificatePem());
    const auto run = openssl({QStringLiteral("x509"), QStringLiteral("-noout"), QStringLiteral("-serial"), QStringLiteral("-in"), path});
    QCOMPARE(ocpSerial(QString::fromLatin1(run.output).trimmed().section(QLatin1Char('='), 1)), expected);
}

void TestCertificateHashData::wrongIssuer()
{
    ClientCertificateOptions o;
    o.subject.commonName = QStringLiteral("CP-X");
    const auto issued = m_ecCa.issueClientCertificate(o);
    QVERIFY2(issued.ok(), failure(issued));
    const auto h = CertificateHashData::compute(issued.value().certificate, m_rsaCa.certificate());
    QVERIFY(!h.ok());
    QVERIFY2(h.error().message.contains(QLatin1String("was not issued by")), qPrintable(h.error().text()));
    QVERIFY(!h.error().hint.isEmpty());
    // A leaf is not its own issuer.
    QVERIFY(!CertificateHashData::compute(issued.value().certificate, issued.value().certificate).ok());
    QVERIFY(!certificateHashData("junk", m_ecCa.certificate().toPem()).ok());
}

void TestCertificateHashData::jsonAndSchema()
{
    const auto h = CertificateHashData::compute(m_ecCa.certificate(), m_ecCa.certificate(), HashAlgorithm::Sha512);
    QVERIFY2(h.ok(), failure(h));
    const QJsonObject json = h.value().toJson();
    QCOMPARE(json.value(QStringLiteral("hashAlgorithm")).toString(), QStringLiteral("SHA512"));
    QCOMPARE(json.size(), 4);

    // The official schemas accept it where OCPP carries it.
    const QJsonObject request{{QStringLiteral("certificateHashData"), json}};
    for (OcppVersion v : {OcppVersion::V201, OcppVersion::V21}) {
        const auto violations = SchemaValidator::shared().validate(v, QStringLiteral("DeleteCertificate"), PayloadKind::Request, request);
        QVERIFY2(violations.isEmpty(), qPrintable(describe(violations)));
    }
    if (SchemaValidator::shared().catalog().actions(OcppVersion::V16).contains(QStringLiteral("DeleteCertificate"))) {
        const auto violations =
            SchemaValidator::shared().validate(OcppVersion::V16, QStringLiteral("DeleteCertificate"), PayloadKind::Request, request);
        QVERIFY2(violations.isEmpty(), qPrintable(describe(violations)));
    }

    const auto back = CertificateHashData::fromJson(json);
    QVERIFY2(back.ok(), failure(back));
    QVERIFY(back.value().matches(h.value()));
    QCOMPARE(back.value().serialNumber, h.value().serialNumber);

    QJsonObject bad = json;
    bad.insert(QStringLiteral("hashAlgorithm"), QStringLiteral("MD5"));
    QVERIFY(!CertificateHashData::fromJson(bad).ok());
    bad = json;
    bad.remove(QStringLiteral("issuerKeyHash"));
    QVERIFY(!CertificateHashData::fromJson(bad).ok());
    bad = json;
    bad.insert(QStringLiteral("serialNumber"), QString(41, QLatin1Char('1')));
    const auto tooLong = CertificateHashData::fromJson(bad);
    QVERIFY(!tooLong.ok());
    QVERIFY2(tooLong.error().message.contains(QLatin1String("serialNumber")), qPrintable(tooLong.error().text()));
}

void TestCertificateHashData::matching()
{
    ClientCertificateOptions o;
    o.subject.commonName = QStringLiteral("CP-MATCH");
    o.serialNumber = QByteArray::fromHex("0abc");
    const auto issued = m_ecCa.issueClientCertificate(o);
    QVERIFY2(issued.ok(), failure(issued));
    const auto h = CertificateHashData::compute(issued.value().certificate, m_ecCa.certificate());
    QVERIFY2(h.ok(), failure(h));
    QCOMPARE(h.value().serialNumber, QStringLiteral("abc"));

    // identifierString is case-insensitive; a peer that keeps leading zeroes still means the same.
    CertificateHashData peer = h.value();
    peer.issuerNameHash = peer.issuerNameHash.toUpper();
    peer.issuerKeyHash = peer.issuerKeyHash.toUpper();
    peer.serialNumber = QStringLiteral("0ABC");
    QVERIFY(h.value().matches(peer));
    QVERIFY(peer.matches(h.value()));

    peer.serialNumber = QStringLiteral("abd");
    QVERIFY(!h.value().matches(peer));
    peer = h.value();
    peer.hashAlgorithm = HashAlgorithm::Sha384;
    QVERIFY(!h.value().matches(peer));
    peer = h.value();
    peer.issuerKeyHash[0] = peer.issuerKeyHash[0] == QLatin1Char('0') ? QLatin1Char('1') : QLatin1Char('0');
    QVERIFY(!h.value().matches(peer));

    // The same certificate with another algorithm differs in the hashes, not the serial.
    const auto h384 = CertificateHashData::compute(issued.value().certificate, m_ecCa.certificate(), HashAlgorithm::Sha384);
    QVERIFY2(h384.ok(), failure(h384));
    QCOMPARE(h384.value().serialNumber, h.value().serialNumber);
    QVERIFY(!h.value().matches(h384.value()));
}

QTEST_GUILESS_MAIN(TestCertificateHashData)
#include "tst_certificatehashdata.moc"
