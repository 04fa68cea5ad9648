#include "certificaterequest.h"

#include "opensslhandles.h"
#include "x509name.h"

#include <openssl/pem.h>

namespace cb::pki {

using namespace detail;

Result<CertificateRequest> CertificateRequest::create(const PrivateKey &key, const DistinguishedName &subject)
{
    clearErrors();
    if (key.isNull())
        return Error{Text::tr("A signing request needs a key."), Text::tr("Generate or load a private key first.")};
    if (subject.commonName.isEmpty())
        return Error{Text::tr("A signing request needs a common name (CN)."), Text::tr("Enter the charging station's identity.")};
    auto name = toX509Name(subject);
    if (!name)
        return name.error();
    X509ReqPtr request(X509_REQ_new());
    const EVP_MD *digest = key.isEc() && key.bits() >= 384 ? EVP_sha384() : EVP_sha256();
    if (!request || !X509_REQ_set_version(request.get(), 0) // v1, the only version PKCS #10 defines
        || !X509_REQ_set_subject_name(request.get(), name.value().get()) || !X509_REQ_set_pubkey(request.get(), key.handle())
        || X509_REQ_sign(request.get(), key.handle(), digest) <= 0)
        return opensslError(Text::tr("Could not create the certificate signing request."));
    CertificateRequest out;
    out.m_request.reset(request.release(), X509_REQ_free);
    return out;
}

Result<CertificateRequest> CertificateRequest::fromPem(const QByteArray &pem)
{
    clearErrors();
    BioPtr bio = readBio(pem);
    X509ReqPtr request(bio ? PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!request)
        return opensslError(Text::tr("The data is not a PEM certificate signing request."),
                            Text::tr("The CSR must begin with \"-----BEGIN CERTIFICATE REQUEST-----\"."));
    EVP_PKEY *key = X509_REQ_get0_pubkey(request.get());
    if (!key)
        return opensslError(Text::tr("The certificate signing request carries no usable public key."));
    if (X509_REQ_verify(request.get(), key) != 1)
        return opensslError(Text::tr("The signature of the certificate signing request does not verify: it was altered after "
                               "signing or signed with another key."),
                            Text::tr("Ask the charging station for a new CSR."));
    CertificateRequest out;
    out.m_request.reset(request.release(), X509_REQ_free);
    return out;
}

QByteArray CertificateRequest::toPem() const
{
    if (!m_request)
        return {};
    BioPtr bio = writeBio();
    if (!PEM_write_bio_X509_REQ(bio.get(), m_request.get()))
        return {};
    return bioBytes(bio.get());
}

DistinguishedName CertificateRequest::subject() const
{
    return m_request ? fromX509Name(X509_REQ_get_subject_name(m_request.get())) : DistinguishedName{};
}

QString CertificateRequest::subjectText() const
{
    return m_request ? nameText(X509_REQ_get_subject_name(m_request.get())) : QString();
}

namespace {
// The public half wrapped for its inspection helpers; it is never used to sign.
PrivateKey publicHalf(X509_REQ *request)
{
    EVP_PKEY *key = request ? X509_REQ_get_pubkey(request) : nullptr; // counted reference
    return key ? PrivateKey::adopt(key) : PrivateKey();
}
} // namespace

QString CertificateRequest::publicKeyAlgorithmName() const { return publicHalf(m_request.get()).algorithmName(); }

Status<> CertificateRequest::checkOcppKeyStrength() const
{
    const PrivateKey key = publicHalf(m_request.get());
    if (key.isNull())
        return Error{Text::tr("The certificate signing request carries no usable public key."), {}};
    return key.checkOcppStrength();
}

bool CertificateRequest::matchesPrivateKey(const PrivateKey &key) const
{
    return m_request && key.samePublicKey(X509_REQ_get0_pubkey(m_request.get()));
}

Result<QByteArray> createCsr(const PrivateKey &key, const DistinguishedName &subject)
{
    auto request = CertificateRequest::create(key, subject);
    if (!request)
        return request.error();
    return request.value().toPem();
}

} // namespace cb::pki
