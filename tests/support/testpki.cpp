#include "testpki.h"

#include <QDir>
#include <QHostAddress>
#include <QRegularExpression>

namespace cb::test {

namespace {

const QString kOrganization = QStringLiteral("ChargeBench Test");

pki::Validity validityFor(TestPki::Kind kind)
{
    switch (kind) {
    case TestPki::Kind::Expired:
        return pki::Validity::expired();
    case TestPki::Kind::NotYetValid:
        return pki::Validity::notYetValid();
    case TestPki::Kind::Valid:
    case TestPki::Kind::UnknownCa:
        break;
    }
    return pki::Validity::days(30);
}

QString kindName(TestPki::Kind kind)
{
    switch (kind) {
    case TestPki::Kind::Valid:
        return QStringLiteral("valid");
    case TestPki::Kind::Expired:
        return QStringLiteral("expired");
    case TestPki::Kind::NotYetValid:
        return QStringLiteral("notyetvalid");
    case TestPki::Kind::UnknownCa:
        return QStringLiteral("unknownca");
    }
    return {};
}

} // namespace

TestPki::TestPki(pki::KeyType keyType) : m_dir(std::make_unique<QTemporaryDir>()), m_keyType(keyType)
{
    if (!m_dir->isValid()) {
        m_error = QStringLiteral("cannot create a temporary folder: ") + m_dir->errorString();
        return;
    }
    pki::RootCaOptions caOptions;
    caOptions.subject = {QStringLiteral("ChargeBench Test CA"), kOrganization};
    caOptions.keyType = keyType;
    // Valid since long before the expired certificates began, as a real CA would have been.
    caOptions.validity = {std::chrono::days(-400), std::chrono::days(3650)};
    auto ca = pki::CertificateAuthority::createRoot(caOptions);
    if (!ca) {
        m_error = ca.error().text();
        return;
    }
    m_ca = ca.value();
    auto caFiles = pki::PemBundle{m_ca.certificate().toPem(), m_ca.privateKey().toPem()}.writeFiles(directory(), QStringLiteral("ca"));
    if (!caFiles) {
        m_error = caFiles.error().text();
        return;
    }
    m_caPath = caFiles.value().certificatePath;
    auto server = serverCertificate(Kind::Valid);
    if (!server) {
        m_error = server.error().text();
        return;
    }
    m_server = server.value();
}

TestPki::~TestPki() = default;

QString TestPki::directory() const { return m_dir->path(); }

QSslCertificate TestPki::caCertificate() const { return QSslCertificate(m_ca.certificate().toPem(), QSsl::Pem); }

Result<pki::CertificateAuthority> TestPki::unknownCa()
{
    if (m_unknownCa.isNull()) {
        pki::RootCaOptions options;
        options.subject = {QStringLiteral("Unknown Test CA"), QStringLiteral("Somebody Else")};
        options.keyType = m_keyType;
        options.validity = {std::chrono::days(-400), std::chrono::days(3650)};
        auto ca = pki::CertificateAuthority::createRoot(options);
        if (!ca)
            return ca.error();
        m_unknownCa = ca.value();
    }
    return m_unknownCa;
}

Result<TlsCredentials> TestPki::clientCertificate(const QString &commonName, Kind kind)
{
    pki::ClientCertificateOptions options;
    options.subject = {commonName, kOrganization};
    options.keyType = m_keyType;
    options.validity = validityFor(kind);
    const pki::CertificateAuthority *issuer = &m_ca;
    if (kind == Kind::UnknownCa) {
        auto other = unknownCa();
        if (!other)
            return other.error();
        issuer = &m_unknownCa;
    }
    auto issued = issuer->issueClientCertificate(options);
    if (!issued)
        return issued.error();
    return store(issued.value(), uniqueBaseName(QStringLiteral("client-") + commonName + QLatin1Char('-') + kindName(kind)));
}

Result<TlsCredentials> TestPki::serverCertificate(Kind kind)
{
    pki::ServerCertificateOptions options;
    options.subject = {QStringLiteral("localhost"), kOrganization};
    options.keyType = m_keyType;
    options.validity = validityFor(kind);
    options.dnsNames = {QStringLiteral("localhost")};
    options.ipAddresses = {QHostAddress(QHostAddress::LocalHost), QHostAddress(QHostAddress::LocalHostIPv6)};
    const pki::CertificateAuthority *issuer = &m_ca;
    if (kind == Kind::UnknownCa) {
        auto other = unknownCa();
        if (!other)
            return other.error();
        issuer = &m_unknownCa;
    }
    auto issued = issuer->issueServerCertificate(options);
    if (!issued)
        return issued.error();
    return store(issued.value(), kind == Kind::Valid && m_server.certificatePath.isEmpty()
                                     ? QStringLiteral("server")
                                     : uniqueBaseName(QStringLiteral("server-") + kindName(kind)));
}

QSslConfiguration TestPki::serverConfiguration(bool requireClientCertificate) const
{
    QSslConfiguration c = QSslConfiguration::defaultConfiguration();
    c.setLocalCertificate(m_server.certificate);
    c.setPrivateKey(m_server.key);
    c.setProtocol(QSsl::TlsV1_2OrLater);
    c.setCaCertificates({caCertificate()});
    c.setPeerVerifyMode(requireClientCertificate ? QSslSocket::VerifyPeer : QSslSocket::VerifyNone);
    return c;
}

QSslConfiguration TestPki::clientConfiguration(const TlsCredentials *client) const
{
    QSslConfiguration c = QSslConfiguration::defaultConfiguration();
    c.setProtocol(QSsl::TlsV1_2OrLater);
    c.setCaCertificates({caCertificate()});
    c.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (client) {
        c.setLocalCertificate(client->certificate);
        c.setPrivateKey(client->key);
    }
    return c;
}

Result<TlsCredentials> TestPki::store(const pki::Issued &issued, const QString &baseName)
{
    auto files = issued.writeFiles(directory(), baseName);
    if (!files)
        return files.error();
    TlsCredentials c;
    c.certificatePath = files.value().certificatePath;
    c.keyPath = files.value().privateKeyPath;
    c.certificate = QSslCertificate(issued.certificatePem(), QSsl::Pem);
    c.key = QSslKey(issued.privateKeyPem(), issued.privateKey.isRsa() ? QSsl::Rsa : QSsl::Ec, QSsl::Pem);
    c.issued = issued;
    if (c.certificate.isNull() || c.key.isNull())
        return Error{QStringLiteral("Qt cannot read the certificate or key written to ") + c.certificatePath, {}};
    return c;
}

QString TestPki::uniqueBaseName(const QString &prefix)
{
    QString safe = prefix;
    safe.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.-]")), QStringLiteral("_"));
    return safe + QLatin1Char('-') + QString::number(++m_counter);
}

} // namespace cb::test
