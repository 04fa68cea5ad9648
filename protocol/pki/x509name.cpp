#include "x509name.h"

#include <openssl/objects.h>

#include <ctime>

namespace cb::pki::detail {

Result<X509NamePtr> toX509Name(const DistinguishedName &name)
{
    if (!name.country.isEmpty() && name.country.size() != 2)
        return Error{Text::tr("The country \"%1\" is not a two-letter code.").arg(name.country), Text::tr("Use an ISO 3166 code such as DE or NL.")};
    X509NamePtr out(X509_NAME_new());
    // Most general first, as certificate subjects are conventionally written.
    const std::pair<const char *, const QString *> fields[] = {
        {"C", &name.country}, {"O", &name.organization}, {"OU", &name.organizationalUnit}, {"CN", &name.commonName}};
    for (const auto &[field, value] : fields) {
        if (value->isEmpty())
            continue;
        const QByteArray utf8 = value->toUtf8();
        if (!X509_NAME_add_entry_by_txt(out.get(), field, MBSTRING_UTF8, reinterpret_cast<const unsigned char *>(utf8.constData()),
                                        int(utf8.size()), -1, 0))
            return opensslError(Text::tr("The %1 \"%2\" cannot be put in a certificate.").arg(QLatin1String(field), *value),
                                Text::tr("Common names are limited to 64 characters, organization names to 64."));
    }
    return out;
}

QString nameEntry(const X509_NAME *name, int nid)
{
    if (!name)
        return {};
    const int index = X509_NAME_get_index_by_NID(name, nid, -1);
    if (index < 0)
        return {};
    const ASN1_STRING *data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
    unsigned char *utf8 = nullptr;
    const int length = ASN1_STRING_to_UTF8(&utf8, data);
    if (length < 0)
        return {};
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(utf8), length);
    OPENSSL_free(utf8);
    return text;
}

DistinguishedName fromX509Name(const X509_NAME *name)
{
    return DistinguishedName{nameEntry(name, NID_commonName), nameEntry(name, NID_organizationName),
                             nameEntry(name, NID_organizationalUnitName), nameEntry(name, NID_countryName)};
}

QString nameText(const X509_NAME *name)
{
    if (!name)
        return {};
    BioPtr bio = writeBio();
    // RFC 2253 but with UTF-8 kept as is rather than escaped, since people read this.
    X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    return QString::fromUtf8(bioBytes(bio.get()));
}

QDateTime toDateTime(const ASN1_TIME *time)
{
    std::tm tm{};
    if (!time || ASN1_TIME_to_tm(time, &tm) != 1)
        return {};
    return QDateTime(QDate(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday), QTime(tm.tm_hour, tm.tm_min, tm.tm_sec), Qt::UTC);
}

} // namespace cb::pki::detail
