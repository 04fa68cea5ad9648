#pragma once

// Internal to protocol/pki: assembles one X.509 v3 certificate, step by step, and signs it.

#include "certificate.h"
#include "opensslhandles.h"
#include "validity.h"

namespace cb::pki {

class PrivateKey;

namespace detail {

class X509Builder
{
public:
    X509Builder();

    // Empty: 16 random bytes (positive, at most 20 octets as RFC 5280 allows).
    Status<> setSerialNumber(const QByteArray &bigEndian);
    Status<> setValidity(const Validity &validity);
    Status<> setSubject(const DistinguishedName &subject);
    Status<> setSubject(const X509_NAME *subject);
    Status<> setPublicKey(EVP_PKEY *key);
    // The issuing CA's certificate; without one the certificate is self-signed. Call after
    // setSubject and setPublicKey, before adding extensions (AKI is taken from the issuer).
    Status<> setIssuer(X509 *issuer);
    // An extension in OpenSSL's configuration syntax, e.g. ("critical,CA:TRUE").
    Status<> addExtension(int nid, const char *value);
    // Built directly, not through the configuration syntax, so a name can never inject another
    // entry (a DNS name holding a comma, say).
    Status<> addSubjectAltNames(const QStringList &dnsNames, const QList<QHostAddress> &ipAddresses);

    // Signs with the issuer's key: ECDSA with SHA-256 (SHA-384 for P-384 and larger), RSA with
    // SHA-256 and PKCS #1 v1.5 or, if rsaPss, RSA-PSS.
    Result<Certificate> sign(const PrivateKey &issuerKey, bool rsaPss);

private:
    X509Ptr m_x509;
    X509 *m_issuer = nullptr;
};

} // namespace detail
} // namespace cb::pki
