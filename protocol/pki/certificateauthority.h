#pragma once

#include "certificate.h"
#include "certificateoptions.h"
#include "common/result.h"
#include "issued.h"
#include "privatekey.h"

#include <QByteArray>

namespace cb::pki {

// The technician's laptop as a certificate authority: a self-signed root that issues the CSMS's
// TLS server certificate, chargers' client certificates (security profile 3) and signs chargers'
// CSRs (SignCertificate / CertificateSigned).
//
// The issuing methods are const and may be called from several threads at once on one CA
// (OpenSSL 3 objects used read-only are thread-safe, and nothing here is global); a copy is
// cheap and shares the certificate and key.
class CertificateAuthority
{
public:
    CertificateAuthority() = default;

    // Self-signed: basicConstraints CA:TRUE (critical), keyUsage keyCertSign + cRLSign
    // (critical), subject and authority key identifiers.
    static Result<CertificateAuthority> createRoot(const RootCaOptions &options = {});
    // An existing CA: its certificate, and its key (optionally encrypted). The key must belong
    // to the certificate, and the certificate must be a CA.
    static Result<CertificateAuthority> fromPem(const QByteArray &certificatePem, const QByteArray &privateKeyPem,
                                                const QByteArray &passphrase = {});

    bool isNull() const { return m_certificate.isNull(); }
    const Certificate &certificate() const { return m_certificate; }
    const PrivateKey &privateKey() const { return m_key; }
    Issued toIssued() const { return {m_certificate, m_key}; }
    // Sign with RSA-PSS when the CA key is RSA (see RootCaOptions::rsaPss).
    bool rsaPss() const { return m_rsaPss; }
    void setRsaPss(bool on) { m_rsaPss = on; }

    // TLS server certificate: serverAuth, with the given DNS names and IP addresses as
    // subjectAltName (a client checks the host it connected to against these).
    Result<Issued> issueServerCertificate(const ServerCertificateOptions &options) const;
    // TLS client certificate: clientAuth; CN is the charging station identity.
    Result<Issued> issueClientCertificate(const ClientCertificateOptions &options) const;
    // Signs a PEM CSR: the CSR's own signature must verify and its key be strong enough for
    // OCPP; the subject is copied, the CSR's requested extensions are not (the CA decides).
    Result<Certificate> signCsr(const QByteArray &csrPem, const CsrSigningOptions &options = {}) const;

private:
    Result<Issued> issueEndEntity(const CertificateOptions &options, CertificateUsage usage, const QStringList &dnsNames,
                                  const QList<QHostAddress> &ipAddresses) const;

    Certificate m_certificate;
    PrivateKey m_key;
    bool m_rsaPss = false;
};

} // namespace cb::pki
