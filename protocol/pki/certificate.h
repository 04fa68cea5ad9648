#pragma once

#include "common/result.h"
#include "distinguishedname.h"

#include <QByteArray>
#include <QDateTime>
#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>

#include <openssl/types.h>

#include <memory>

namespace cb::pki {

class PrivateKey;

// An X.509 certificate. Immutable, cheap to copy (shared), safe to read from several threads.
class Certificate
{
public:
    Certificate() = default;

    // The first certificate in PEM data.
    static Result<Certificate> fromPem(const QByteArray &pem);
    // Every certificate in PEM data, in order (a chain such as CertificateSigned's
    // certificateChain); fails if there is none.
    static Result<QList<Certificate>> listFromPem(const QByteArray &pem);
    static Result<Certificate> fromDer(const QByteArray &der);
    // Takes ownership of `certificate` (internal use by the library).
    static Certificate adopt(X509 *certificate);

    bool isNull() const { return !m_x509; }
    QByteArray toPem() const;
    QByteArray toDer() const;

    DistinguishedName subject() const;
    DistinguishedName issuer() const;
    QString subjectCommonName() const { return subject().commonName; }
    // RFC 2253, e.g. "CN=CP001,O=Example CPO".
    QString subjectText() const;
    QString issuerText() const;

    QDateTime notBefore() const; // UTC
    QDateTime notAfter() const;  // UTC
    bool isValidAt(const QDateTime &time) const;

    // Big-endian magnitude of the (positive) serial number, no leading zero bytes.
    QByteArray serialNumber() const;
    // Lower-case hex without leading zeroes, as OCPP's CertificateHashData wants it.
    QString serialNumberHex() const;

    QByteArray sha256Fingerprint() const;
    // "AB:CD:...", as browsers and `openssl x509 -fingerprint` show it.
    QString sha256FingerprintText() const;

    bool isCa() const;
    bool isSelfSigned() const;
    QStringList dnsNames() const;
    QList<QHostAddress> ipAddresses() const;
    // "EC P-256", "RSA 2048".
    QString publicKeyAlgorithmName() const;
    bool matchesPrivateKey(const PrivateKey &key) const;

    X509 *handle() const { return m_x509.get(); }

private:
    std::shared_ptr<X509> m_x509;
};

} // namespace cb::pki
