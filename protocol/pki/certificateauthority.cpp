#include "certificateauthority.h"

#include "certificaterequest.h"
#include "opensslhandles.h"
#include "pkilogging.h"
#include "x509builder.h"

namespace cb::pki {

using namespace detail;

namespace {

const char *extendedKeyUsage(CertificateUsage usage)
{
    switch (usage) {
    case CertificateUsage::ServerAuth:
        return "serverAuth";
    case CertificateUsage::ClientAuth:
        return "clientAuth";
    case CertificateUsage::ServerAndClientAuth:
        return "serverAuth,clientAuth";
    case CertificateUsage::CodeSigning:
        return "codeSigning";
    }
    return "clientAuth";
}

// Restricting key usage is recommended by A00.FR.512. RSA keys also get keyEncipherment: the
// OCPP suites TLS_RSA_WITH_AES_*_GCM_* encrypt the premaster secret with the server's key.
const char *keyUsage(CertificateUsage usage, EVP_PKEY *subjectKey)
{
    if (usage == CertificateUsage::CodeSigning)
        return "critical,digitalSignature";
    return EVP_PKEY_is_a(subjectKey, "RSA") ? "critical,digitalSignature,keyEncipherment" : "critical,digitalSignature";
}

// The subject's key: the one given, or a new one of the requested type.
Result<PrivateKey> subjectKey(const PrivateKey &given, KeyType type)
{
    if (!given.isNull()) {
        if (auto strong = given.checkOcppStrength(); !strong)
            return strong.error();
        return given;
    }
    return PrivateKey::generate(type);
}

// Everything an end-entity certificate issued by this CA has in common.
Status<> endEntityExtensions(X509Builder &b, CertificateUsage usage, EVP_PKEY *key)
{
    for (const auto &[nid, value] : {std::pair{NID_basic_constraints, "critical,CA:FALSE"},
                                     std::pair{NID_key_usage, keyUsage(usage, key)},
                                     std::pair{NID_ext_key_usage, extendedKeyUsage(usage)},
                                     std::pair{NID_subject_key_identifier, "hash"},
                                     std::pair{NID_authority_key_identifier, "keyid:always"}}) {
        if (auto s = b.addExtension(nid, value); !s)
            return s;
    }
    return success();
}

} // namespace

Result<CertificateAuthority> CertificateAuthority::createRoot(const RootCaOptions &options)
{
    clearErrors();
    auto key = subjectKey(options.key, options.keyType);
    if (!key)
        return key.error();
    X509Builder b;
    Status<> s = b.setSerialNumber(options.serialNumber);
    if (s)
        s = b.setValidity(options.validity);
    if (s)
        s = b.setSubject(options.subject);
    if (s)
        s = b.setPublicKey(key.value().handle());
    if (s)
        s = b.setIssuer(nullptr);
    // SKI before AKI: a self-signed certificate's AKI is its own SKI.
    for (const auto &[nid, value] : {std::pair{NID_basic_constraints, "critical,CA:TRUE"},
                                     std::pair{NID_key_usage, "critical,keyCertSign,cRLSign"},
                                     std::pair{NID_subject_key_identifier, "hash"},
                                     std::pair{NID_authority_key_identifier, "keyid:always"}}) {
        if (s)
            s = b.addExtension(nid, value);
    }
    if (!s)
        return s.error();
    auto certificate = b.sign(key.value(), options.rsaPss);
    if (!certificate)
        return certificate.error();
    CertificateAuthority ca;
    ca.m_certificate = certificate.value();
    ca.m_key = key.value();
    ca.m_rsaPss = options.rsaPss;
    qCInfo(lcPki) << "created root CA" << ca.m_certificate.subjectText() << ca.m_key.algorithmName();
    return ca;
}

Result<CertificateAuthority> CertificateAuthority::fromPem(const QByteArray &certificatePem, const QByteArray &privateKeyPem,
                                                           const QByteArray &passphrase)
{
    auto certificate = Certificate::fromPem(certificatePem);
    if (!certificate)
        return certificate.error();
    auto key = PrivateKey::fromPem(privateKeyPem, passphrase);
    if (!key)
        return key.error();
    if (!certificate.value().isCa())
        return Error{Text::tr("The certificate %1 is not a CA certificate.").arg(certificate.value().subjectText()),
                     Text::tr("Choose a certificate with basicConstraints CA:TRUE.")};
    if (!certificate.value().matchesPrivateKey(key.value()))
        return Error{Text::tr("The private key does not belong to the CA certificate %1.").arg(certificate.value().subjectText()),
                     Text::tr("Choose the key that was generated with this CA.")};
    CertificateAuthority ca;
    ca.m_certificate = certificate.value();
    ca.m_key = key.value();
    return ca;
}

Result<Issued> CertificateAuthority::issueEndEntity(const CertificateOptions &options, CertificateUsage usage,
                                                    const QStringList &dnsNames, const QList<QHostAddress> &ipAddresses) const
{
    clearErrors();
    if (isNull())
        return Error{Text::tr("There is no CA to issue certificates with."), Text::tr("Create or load a CA first.")};
    auto key = subjectKey(options.key, options.keyType);
    if (!key)
        return key.error();
    X509Builder b;
    Status<> s = b.setSerialNumber(options.serialNumber);
    if (s)
        s = b.setValidity(options.validity);
    if (s)
        s = b.setSubject(options.subject);
    if (s)
        s = b.setPublicKey(key.value().handle());
    if (s)
        s = b.setIssuer(m_certificate.handle());
    if (s)
        s = endEntityExtensions(b, usage, key.value().handle());
    if (s)
        s = b.addSubjectAltNames(dnsNames, ipAddresses);
    if (!s)
        return s.error();
    auto certificate = b.sign(m_key, m_rsaPss);
    if (!certificate)
        return certificate.error();
    qCDebug(lcPki) << "issued" << certificate.value().subjectText() << "serial" << certificate.value().serialNumberHex();
    return Issued{certificate.value(), key.value()};
}

Result<Issued> CertificateAuthority::issueServerCertificate(const ServerCertificateOptions &options) const
{
    return issueEndEntity(options, CertificateUsage::ServerAuth, options.dnsNames, options.ipAddresses);
}

Result<Issued> CertificateAuthority::issueClientCertificate(const ClientCertificateOptions &options) const
{
    return issueEndEntity(options, CertificateUsage::ClientAuth, {}, {});
}

Result<Certificate> CertificateAuthority::signCsr(const QByteArray &csrPem, const CsrSigningOptions &options) const
{
    if (isNull())
        return Error{Text::tr("There is no CA to sign the request with."), Text::tr("Create or load a CA first.")};
    auto request = CertificateRequest::fromPem(csrPem);
    if (!request)
        return request.error();
    const CertificateRequest &csr = request.value();
    if (auto strong = csr.checkOcppKeyStrength(); !strong)
        return Error{Text::tr("The CSR's key is too weak: %1").arg(strong.error().message), Text::tr("Ask the charging station for a new CSR.")};
    const QString cn = csr.subject().commonName;
    if (cn.isEmpty())
        return Error{Text::tr("The CSR has no common name (CN)."), Text::tr("The charging station must put its identity in the CN.")};
    if (!options.requiredCommonName.isEmpty() && cn != options.requiredCommonName)
        return Error{Text::tr("The CSR is for \"%1\", but the charging station is \"%2\".").arg(cn, options.requiredCommonName),
                     Text::tr("A station may only request a certificate for its own identity.")};

    clearErrors();
    EVP_PKEY *key = X509_REQ_get0_pubkey(csr.handle());
    X509Builder b;
    Status<> s = b.setSerialNumber(options.serialNumber);
    if (s)
        s = b.setValidity(options.validity);
    if (s)
        s = b.setSubject(X509_REQ_get_subject_name(csr.handle()));
    if (s)
        s = b.setPublicKey(key);
    if (s)
        s = b.setIssuer(m_certificate.handle());
    if (s)
        s = endEntityExtensions(b, options.usage, key);
    if (!s)
        return s.error();
    auto certificate = b.sign(m_key, m_rsaPss);
    if (certificate)
        qCInfo(lcPki) << "signed CSR for" << csr.subjectText() << "serial" << certificate.value().serialNumberHex();
    return certificate;
}

} // namespace cb::pki
