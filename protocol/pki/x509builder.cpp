#include "x509builder.h"

#include "privatekey.h"
#include "x509name.h"

#include <openssl/rand.h>
#include <openssl/rsa.h>

#include <algorithm>

namespace cb::pki::detail {

X509Builder::X509Builder() : m_x509(X509_new())
{
    X509_set_version(m_x509.get(), X509_VERSION_3);
}

Status<> X509Builder::setSerialNumber(const QByteArray &bigEndian)
{
    QByteArray serial = bigEndian;
    if (serial.isEmpty()) {
        serial.resize(16);
        if (RAND_bytes(reinterpret_cast<unsigned char *>(serial.data()), int(serial.size())) != 1)
            return opensslError(Text::tr("Could not draw a random serial number."));
        serial[0] = char(serial[0] & 0x7f);
    }
    if (serial.size() > 20)
        return Error{Text::tr("A certificate serial number may have at most 20 bytes."), {}};
    BignumPtr bn(BN_bin2bn(reinterpret_cast<const unsigned char *>(serial.constData()), int(serial.size()), nullptr));
    if (!bn || BN_is_zero(bn.get()))
        return Error{Text::tr("A certificate serial number must be positive."), {}};
    Asn1IntegerPtr integer(BN_to_ASN1_INTEGER(bn.get(), nullptr));
    if (!integer || !X509_set_serialNumber(m_x509.get(), integer.get()))
        return opensslError(Text::tr("Could not set the serial number."));
    return success();
}

Status<> X509Builder::setValidity(const Validity &validity)
{
    if (validity.notAfterOffset <= validity.notBeforeOffset)
        return Error{Text::tr("The certificate would end before it begins."), Text::tr("Choose a later end of validity.")};
    if (!X509_gmtime_adj(X509_getm_notBefore(m_x509.get()), long(validity.notBeforeOffset.count()))
        || !X509_gmtime_adj(X509_getm_notAfter(m_x509.get()), long(validity.notAfterOffset.count())))
        return opensslError(Text::tr("Could not set the validity period."));
    return success();
}

Status<> X509Builder::setSubject(const DistinguishedName &subject)
{
    if (subject.commonName.isEmpty())
        return Error{Text::tr("A certificate needs a common name (CN)."), Text::tr("Enter the station identity or the server's host name.")};
    auto name = toX509Name(subject);
    if (!name)
        return name.error();
    return setSubject(name.value().get());
}

Status<> X509Builder::setSubject(const X509_NAME *subject)
{
    if (!X509_set_subject_name(m_x509.get(), subject))
        return opensslError(Text::tr("Could not set the subject name."));
    return success();
}

Status<> X509Builder::setPublicKey(EVP_PKEY *key)
{
    if (!key || !X509_set_pubkey(m_x509.get(), key))
        return opensslError(Text::tr("Could not put the public key into the certificate."));
    return success();
}

Status<> X509Builder::setIssuer(X509 *issuer)
{
    m_issuer = issuer;
    const X509_NAME *name = issuer ? X509_get_subject_name(issuer) : X509_get_subject_name(m_x509.get());
    if (!X509_set_issuer_name(m_x509.get(), name))
        return opensslError(Text::tr("Could not set the issuer name."));
    return success();
}

Status<> X509Builder::addExtension(int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, m_issuer ? m_issuer : m_x509.get(), m_x509.get(), nullptr, nullptr, 0);
    X509ExtensionPtr extension(X509V3_EXT_nconf_nid(nullptr, &ctx, nid, value));
    if (!extension || !X509_add_ext(m_x509.get(), extension.get(), -1))
        return opensslError(Text::tr("Could not add the certificate extension %1 = %2.").arg(QLatin1String(OBJ_nid2sn(nid)), QLatin1String(value)));
    return success();
}

Status<> X509Builder::addSubjectAltNames(const QStringList &dnsNames, const QList<QHostAddress> &ipAddresses)
{
    if (dnsNames.isEmpty() && ipAddresses.isEmpty())
        return success();
    GeneralNamesPtr names(GENERAL_NAMES_new());
    for (const QString &dns : dnsNames) {
        const bool printableAscii = std::all_of(dns.cbegin(), dns.cend(), [](QChar c) { return c.unicode() > 0x20 && c.unicode() < 0x7f; });
        if (dns.isEmpty() || !printableAscii)
            return Error{Text::tr("\"%1\" is not a valid DNS name for a certificate.").arg(dns),
                         Text::tr("Use the ASCII (punycode) form of the host name.")};
        const QByteArray ascii = dns.toLatin1();
        GeneralNamePtr name(GENERAL_NAME_new());
        ASN1_IA5STRING *ia5 = ASN1_IA5STRING_new();
        GENERAL_NAME_set0_value(name.get(), GEN_DNS, ia5); // name owns ia5 from here
        if (!ASN1_STRING_set(ia5, ascii.constData(), int(ascii.size())))
            return opensslError(Text::tr("Could not add the DNS name %1.").arg(dns));
        if (!sk_GENERAL_NAME_push(names.get(), name.get()))
            return opensslError(Text::tr("Could not add the DNS name %1.").arg(dns));
        name.release(); // now owned by the stack
    }
    for (const QHostAddress &ip : ipAddresses) {
        QByteArray bytes;
        bool isV4 = false;
        const quint32 v4 = ip.toIPv4Address(&isV4);
        if (ip.protocol() == QAbstractSocket::IPv4Protocol && isV4) {
            bytes = QByteArray(4, Qt::Uninitialized);
            for (int i = 0; i < 4; ++i)
                bytes[i] = char(v4 >> (24 - 8 * i));
        } else if (ip.protocol() == QAbstractSocket::IPv6Protocol) {
            const Q_IPV6ADDR v6 = ip.toIPv6Address();
            bytes = QByteArray(reinterpret_cast<const char *>(v6.c), 16);
        } else {
            return Error{Text::tr("\"%1\" is not an IPv4 or IPv6 address.").arg(ip.toString()), {}};
        }
        GeneralNamePtr name(GENERAL_NAME_new());
        ASN1_OCTET_STRING *octets = ASN1_OCTET_STRING_new();
        GENERAL_NAME_set0_value(name.get(), GEN_IPADD, octets); // name owns octets from here
        if (!ASN1_OCTET_STRING_set(octets, reinterpret_cast<const unsigned char *>(bytes.constData()), int(bytes.size())))
            return opensslError(Text::tr("Could not add the IP address %1.").arg(ip.toString()));
        if (!sk_GENERAL_NAME_push(names.get(), name.get()))
            return opensslError(Text::tr("Could not add the IP address %1.").arg(ip.toString()));
        name.release();
    }
    if (!X509_add1_ext_i2d(m_x509.get(), NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT))
        return opensslError(Text::tr("Could not add the subject alternative names."));
    return success();
}

Result<Certificate> X509Builder::sign(const PrivateKey &issuerKey, bool rsaPss)
{
    const EVP_MD *digest = issuerKey.isEc() && issuerKey.bits() >= 384 ? EVP_sha384() : EVP_sha256();
    EvpMdCtxPtr md(EVP_MD_CTX_new());
    EVP_PKEY_CTX *keyContext = nullptr; // owned by md
    if (!md || EVP_DigestSignInit(md.get(), &keyContext, digest, nullptr, issuerKey.handle()) != 1)
        return opensslError(Text::tr("Could not prepare the certificate signature."));
    if (rsaPss && issuerKey.isRsa()
        && (EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PSS_PADDING) <= 0
            || EVP_PKEY_CTX_set_rsa_pss_saltlen(keyContext, RSA_PSS_SALTLEN_DIGEST) <= 0))
        return opensslError(Text::tr("Could not select RSA-PSS for the certificate signature."));
    if (X509_sign_ctx(m_x509.get(), md.get()) <= 0)
        return opensslError(Text::tr("Could not sign the certificate."));
    return Certificate::adopt(m_x509.release());
}

} // namespace cb::pki::detail
