#pragma once

// Certificates for tests that need real TLS: a CA in a temporary folder, a server certificate for
// localhost / 127.0.0.1 / ::1, and on demand client certificates (valid, expired, not yet valid,
// or from a CA nobody trusts), as files (for ServerConfig and the CLI) and as Qt objects (for
// QSslConfiguration). Link `chargebench_testsupport_pki`.
//
//     cb::test::TestPki pki;
//     QVERIFY2(pki.isValid(), qPrintable(pki.errorString()));
//     config.tlsCertificateFile = pki.server().certificatePath;
//     config.tlsKeyFile = pki.server().keyPath;
//     config.caFile = pki.caCertificatePath();
//     auto station = pki.clientCertificate(QStringLiteral("CP001"));
//     QVERIFY2(station.ok(), qPrintable(station.ok() ? QString() : station.error().text()));
//     socket.setSslConfiguration(pki.clientConfiguration(&station.value()));

#include "common/result.h"
#include "pki/certificateauthority.h"

#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace cb::test {

// A certificate and its key, on disk and in memory.
struct TlsCredentials
{
    QString certificatePath; // PEM, the certificate only
    QString keyPath;         // PEM, unencrypted, mode 0600
    QSslCertificate certificate;
    QSslKey key;
    pki::Issued issued;
};

class TestPki
{
public:
    enum class Kind {
        Valid,
        Expired,     // ended a day ago
        NotYetValid, // starts tomorrow
        UnknownCa,   // issued by another CA that nobody trusts
    };

    // Makes the CA and the server certificate with keys of `keyType` (EC P-256: milliseconds;
    // RSA takes longer). Check isValid().
    explicit TestPki(pki::KeyType keyType = pki::KeyType::EcP256);
    ~TestPki();

    bool isValid() const { return m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    QString directory() const;

    const pki::CertificateAuthority &ca() const { return m_ca; }
    QString caCertificatePath() const { return m_caPath; }
    QSslCertificate caCertificate() const;

    // CN "localhost", O "ChargeBench Test", SAN DNS:localhost, IP:127.0.0.1, IP:::1.
    const TlsCredentials &server() const { return m_server; }

    // A station certificate with CN = commonName (the station identity), O "ChargeBench Test".
    Result<TlsCredentials> clientCertificate(const QString &commonName, Kind kind = Kind::Valid);
    // Another server certificate for localhost, e.g. expired or from the unknown CA, to test a
    // client that must refuse it.
    Result<TlsCredentials> serverCertificate(Kind kind);

    // The CA that Kind::UnknownCa certificates come from (made on first use).
    Result<pki::CertificateAuthority> unknownCa();

    // TLS 1.2 or later with the server certificate; with requireClientCertificate the peer
    // must present a certificate issued by ca() (security profile 3).
    QSslConfiguration serverConfiguration(bool requireClientCertificate) const;
    // Trusts only ca(), verifies the server; presents `client` when given.
    QSslConfiguration clientConfiguration(const TlsCredentials *client = nullptr) const;

private:
    Result<TlsCredentials> store(const pki::Issued &issued, const QString &baseName);
    QString uniqueBaseName(const QString &prefix);

    std::unique_ptr<QTemporaryDir> m_dir;
    pki::KeyType m_keyType;
    pki::CertificateAuthority m_ca;
    pki::CertificateAuthority m_unknownCa;
    QString m_caPath;
    TlsCredentials m_server;
    QString m_error;
    int m_counter = 0;
};

} // namespace cb::test
