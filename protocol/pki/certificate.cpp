#include "certificate.h"

#include "opensslhandles.h"
#include "privatekey.h"
#include "x509name.h"

#include <openssl/pem.h>

namespace cb::pki {

using namespace detail;

Result<Certificate> Certificate::fromPem(const QByteArray &pem)
{
    clearErrors();
    BioPtr bio = readBio(pem);
    X509 *x509 = bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr;
    if (!x509)
        return opensslError(Text::tr("The data holds no PEM certificate."),
                            Text::tr("Choose a PEM file that begins with \"-----BEGIN CERTIFICATE-----\"."));
    return adopt(x509);
}

Result<QList<Certificate>> Certificate::listFromPem(const QByteArray &pem)
{
    clearErrors();
    BioPtr bio = readBio(pem);
    QList<Certificate> out;
    while (bio) {
        X509 *x509 = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
        if (!x509)
            break;
        out << adopt(x509);
    }
    // Running off the end leaves "no start line" on the queue; that is how the loop ends.
    clearErrors();
    if (out.isEmpty())
        return Error{Text::tr("The data holds no PEM certificate."),
                     Text::tr("Choose a PEM file that begins with \"-----BEGIN CERTIFICATE-----\".")};
    return out;
}

Result<Certificate> Certificate::fromDer(const QByteArray &der)
{
    clearErrors();
    const auto *data = reinterpret_cast<const unsigned char *>(der.constData());
    X509 *x509 = d2i_X509(nullptr, &data, long(der.size()));
    if (!x509)
        return opensslError(Text::tr("The data is not a DER-encoded certificate."));
    return adopt(x509);
}

Certificate Certificate::adopt(X509 *certificate)
{
    Certificate c;
    c.m_x509.reset(certificate, X509_free);
    return c;
}

QByteArray Certificate::toPem() const
{
    if (!m_x509)
        return {};
    BioPtr bio = writeBio();
    if (!PEM_write_bio_X509(bio.get(), m_x509.get()))
        return {};
    return bioBytes(bio.get());
}

QByteArray Certificate::toDer() const
{
    if (!m_x509)
        return {};
    unsigned char *der = nullptr;
    const int length = i2d_X509(m_x509.get(), &der);
    if (length <= 0)
        return {};
    QByteArray out(reinterpret_cast<const char *>(der), length);
    OPENSSL_free(der);
    return out;
}

DistinguishedName Certificate::subject() const
{
    return m_x509 ? fromX509Name(X509_get_subject_name(m_x509.get())) : DistinguishedName{};
}

DistinguishedName Certificate::issuer() const
{
    return m_x509 ? fromX509Name(X509_get_issuer_name(m_x509.get())) : DistinguishedName{};
}

QString Certificate::subjectText() const { return m_x509 ? nameText(X509_get_subject_name(m_x509.get())) : QString(); }

QString Certificate::issuerText() const { return m_x509 ? nameText(X509_get_issuer_name(m_x509.get())) : QString(); }

QDateTime Certificate::notBefore() const { return m_x509 ? toDateTime(X509_get0_notBefore(m_x509.get())) : QDateTime(); }

QDateTime Certificate::notAfter() const { return m_x509 ? toDateTime(X509_get0_notAfter(m_x509.get())) : QDateTime(); }

bool Certificate::isValidAt(const QDateTime &time) const
{
    return m_x509 && notBefore() <= time && time <= notAfter();
}

QByteArray Certificate::serialNumber() const
{
    if (!m_x509)
        return {};
    BignumPtr bn(ASN1_INTEGER_to_BN(X509_get0_serialNumber(m_x509.get()), nullptr));
    if (!bn)
        return {};
    QByteArray out(BN_num_bytes(bn.get()), Qt::Uninitialized);
    BN_bn2bin(bn.get(), reinterpret_cast<unsigned char *>(out.data()));
    return out;
}

QString Certificate::serialNumberHex() const
{
    // Leading zero digits go: OCPP 2.0.1 errata 2023-12 section 2.15.1, CertificateHashDataType.
    QString hex = QString::fromLatin1(serialNumber().toHex());
    while (hex.size() > 1 && hex.startsWith(QLatin1Char('0')))
        hex.remove(0, 1);
    return hex.isEmpty() ? QStringLiteral("0") : hex;
}

QByteArray Certificate::sha256Fingerprint() const
{
    if (!m_x509)
        return {};
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!X509_digest(m_x509.get(), EVP_sha256(), digest, &length))
        return {};
    return QByteArray(reinterpret_cast<const char *>(digest), int(length));
}

QString Certificate::sha256FingerprintText() const
{
    return QString::fromLatin1(sha256Fingerprint().toHex(':').toUpper());
}

bool Certificate::isCa() const { return m_x509 && X509_check_ca(m_x509.get()) > 0; }

bool Certificate::isSelfSigned() const
{
    // Name match, key identifiers and the signature itself (verify_signature = 1).
    return m_x509 && X509_self_signed(m_x509.get(), 1) == 1;
}

namespace {
GeneralNamesPtr subjectAltNames(X509 *x509)
{
    return GeneralNamesPtr(static_cast<GENERAL_NAMES *>(X509_get_ext_d2i(x509, NID_subject_alt_name, nullptr, nullptr)));
}
} // namespace

QStringList Certificate::dnsNames() const
{
    QStringList out;
    if (!m_x509)
        return out;
    GeneralNamesPtr names = subjectAltNames(m_x509.get());
    for (int i = 0; names && i < sk_GENERAL_NAME_num(names.get()); ++i) {
        const GENERAL_NAME *name = sk_GENERAL_NAME_value(names.get(), i);
        if (name->type == GEN_DNS) {
            const ASN1_IA5STRING *dns = name->d.dNSName;
            out << QString::fromLatin1(reinterpret_cast<const char *>(ASN1_STRING_get0_data(dns)), ASN1_STRING_length(dns));
        }
    }
    return out;
}

QList<QHostAddress> Certificate::ipAddresses() const
{
    QList<QHostAddress> out;
    if (!m_x509)
        return out;
    GeneralNamesPtr names = subjectAltNames(m_x509.get());
    for (int i = 0; names && i < sk_GENERAL_NAME_num(names.get()); ++i) {
        const GENERAL_NAME *name = sk_GENERAL_NAME_value(names.get(), i);
        if (name->type != GEN_IPADD)
            continue;
        const unsigned char *bytes = ASN1_STRING_get0_data(name->d.iPAddress);
        const int length = ASN1_STRING_length(name->d.iPAddress);
        if (length == 4)
            out << QHostAddress(quint32(bytes[0]) << 24 | quint32(bytes[1]) << 16 | quint32(bytes[2]) << 8 | bytes[3]);
        else if (length == 16)
            out << QHostAddress(bytes);
    }
    return out;
}

QString Certificate::publicKeyAlgorithmName() const
{
    if (!m_x509)
        return {};
    EVP_PKEY *key = X509_get_pubkey(m_x509.get()); // counted reference, handed to the wrapper
    return key ? PrivateKey::adopt(key).algorithmName() : QString();
}

bool Certificate::matchesPrivateKey(const PrivateKey &key) const
{
    return m_x509 && key.samePublicKey(X509_get0_pubkey(m_x509.get()));
}

} // namespace cb::pki
