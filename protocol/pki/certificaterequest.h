#pragma once

#include "common/result.h"
#include "distinguishedname.h"
#include "privatekey.h"

#include <QByteArray>

#include <openssl/x509.h>

#include <memory>

namespace cb::pki {

// A PKCS #10 certificate signing request, as a charger sends it in SignCertificate (OCPP 2.0.1
// csr, 1.6 security extension csr) and as the virtual station makes it.
class CertificateRequest
{
public:
    CertificateRequest() = default;

    // Signed with `key` (SHA-256; SHA-384 for P-384 keys).
    static Result<CertificateRequest> create(const PrivateKey &key, const DistinguishedName &subject);
    // Parses PEM ("BEGIN CERTIFICATE REQUEST"; also "NEW CERTIFICATE REQUEST") and checks that
    // the request is signed by the key it carries: a CSR that was altered after signing, or is
    // not a CSR at all, fails with an error that says which.
    static Result<CertificateRequest> fromPem(const QByteArray &pem);

    bool isNull() const { return !m_request; }
    QByteArray toPem() const;
    DistinguishedName subject() const;
    QString subjectText() const;
    // "EC P-256", "RSA 2048".
    QString publicKeyAlgorithmName() const;
    // The requester's key is at least as strong as OCPP requires (see PrivateKey).
    Status<> checkOcppKeyStrength() const;
    bool matchesPrivateKey(const PrivateKey &key) const;

    X509_REQ *handle() const { return m_request.get(); }

private:
    std::shared_ptr<X509_REQ> m_request;
};

// Convenience for the station side: a PEM CSR for `subject`, signed with `key`.
Result<QByteArray> createCsr(const PrivateKey &key, const DistinguishedName &subject);

} // namespace cb::pki
