#include "certificatehashdata.h"

#include "opensslhandles.h"

#include <QJsonValue>

namespace cb::pki {

using namespace detail;

namespace {

const EVP_MD *digestFor(HashAlgorithm algorithm)
{
    switch (algorithm) {
    case HashAlgorithm::Sha256:
        return EVP_sha256();
    case HashAlgorithm::Sha384:
        return EVP_sha384();
    case HashAlgorithm::Sha512:
        return EVP_sha512();
    }
    return EVP_sha256();
}

Result<QString> hexDigest(const unsigned char *data, size_t length, HashAlgorithm algorithm)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digestLength = 0;
    if (EVP_Digest(data, length, digest, &digestLength, digestFor(algorithm), nullptr) != 1)
        return opensslError(Text::tr("Could not compute the %1 hash.").arg(hashAlgorithmName(algorithm)));
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(digest), int(digestLength)).toHex());
}

QString withoutLeadingZeroes(QString hex)
{
    while (hex.size() > 1 && hex.startsWith(QLatin1Char('0')))
        hex.remove(0, 1);
    return hex;
}

} // namespace

Result<CertificateHashData> CertificateHashData::compute(const Certificate &certificate, const Certificate &issuer,
                                                         HashAlgorithm algorithm)
{
    clearErrors();
    if (certificate.isNull() || issuer.isNull())
        return Error{Text::tr("CertificateHashData needs the certificate and its issuer's certificate."), {}};
    if (X509_check_issued(issuer.handle(), certificate.handle()) != X509_V_OK
        || X509_verify(certificate.handle(), X509_get0_pubkey(issuer.handle())) != 1) {
        clearErrors();
        return Error{Text::tr("%1 was not issued by %2.").arg(certificate.subjectText(), issuer.subjectText()),
                     Text::tr("Give the certificate of the CA that signed it (for a root CA: the root itself).")};
    }

    CertificateHashData out;
    out.hashAlgorithm = algorithm;

    unsigned char *nameDer = nullptr;
    const int nameLength = i2d_X509_NAME(X509_get_issuer_name(certificate.handle()), &nameDer);
    if (nameLength <= 0)
        return opensslError(Text::tr("Could not encode the issuer name."));
    auto nameHash = hexDigest(nameDer, size_t(nameLength), algorithm);
    OPENSSL_free(nameDer);
    if (!nameHash)
        return nameHash.error();
    out.issuerNameHash = nameHash.value();

    // The BIT STRING's value bytes; OpenSSL keeps the unused-bits count apart, as OCSP wants.
    const ASN1_BIT_STRING *key = X509_get0_pubkey_bitstr(issuer.handle());
    if (!key)
        return opensslError(Text::tr("The issuer certificate has no public key."));
    auto keyHash = hexDigest(ASN1_STRING_get0_data(key), size_t(ASN1_STRING_length(key)), algorithm);
    if (!keyHash)
        return keyHash.error();
    out.issuerKeyHash = keyHash.value();

    out.serialNumber = certificate.serialNumberHex();
    return out;
}

QJsonObject CertificateHashData::toJson() const
{
    return QJsonObject{{QStringLiteral("hashAlgorithm"), hashAlgorithmName(hashAlgorithm)},
                       {QStringLiteral("issuerNameHash"), issuerNameHash},
                       {QStringLiteral("issuerKeyHash"), issuerKeyHash},
                       {QStringLiteral("serialNumber"), serialNumber}};
}

Result<CertificateHashData> CertificateHashData::fromJson(const QJsonObject &json)
{
    const auto algorithm = parseHashAlgorithm(json.value(QStringLiteral("hashAlgorithm")).toString());
    if (!algorithm)
        return Error{Text::tr("CertificateHashData has no valid hashAlgorithm (SHA256, SHA384 or SHA512)."), {}};
    CertificateHashData out;
    out.hashAlgorithm = *algorithm;
    const std::tuple<const char *, QString *, qsizetype> fields[] = {{"issuerNameHash", &out.issuerNameHash, 128},
                                                                     {"issuerKeyHash", &out.issuerKeyHash, 128},
                                                                     {"serialNumber", &out.serialNumber, 40}};
    for (const auto &[name, target, maxLength] : fields) {
        const QJsonValue v = json.value(QLatin1String(name));
        if (!v.isString() || v.toString().isEmpty() || v.toString().size() > maxLength)
            return Error{Text::tr("CertificateHashData field %1 is missing or longer than %2 characters.").arg(QLatin1String(name)).arg(maxLength), {}};
        *target = v.toString();
    }
    return out;
}

bool CertificateHashData::matches(const CertificateHashData &other) const
{
    return hashAlgorithm == other.hashAlgorithm && issuerNameHash.compare(other.issuerNameHash, Qt::CaseInsensitive) == 0
        && issuerKeyHash.compare(other.issuerKeyHash, Qt::CaseInsensitive) == 0
        && withoutLeadingZeroes(serialNumber).compare(withoutLeadingZeroes(other.serialNumber), Qt::CaseInsensitive) == 0;
}

Result<CertificateHashData> certificateHashData(const QByteArray &certificatePem, const QByteArray &issuerCertificatePem,
                                                HashAlgorithm algorithm)
{
    auto certificate = Certificate::fromPem(certificatePem);
    if (!certificate)
        return certificate.error();
    auto issuer = Certificate::fromPem(issuerCertificatePem);
    if (!issuer)
        return issuer.error();
    return CertificateHashData::compute(certificate.value(), issuer.value(), algorithm);
}

} // namespace cb::pki
