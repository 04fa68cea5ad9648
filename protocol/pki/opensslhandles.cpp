#include "opensslhandles.h"

#include <QCoreApplication>

#include <openssl/err.h>

#include <limits>

namespace cb::pki::detail {

BioPtr readBio(const QByteArray &data)
{
    if (data.size() > std::numeric_limits<int>::max())
        return BioPtr{};
    return BioPtr(BIO_new_mem_buf(data.constData(), int(data.size())));
}

BioPtr writeBio() { return BioPtr(BIO_new(BIO_s_mem())); }

QByteArray bioBytes(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return size > 0 ? QByteArray(data, qsizetype(size)) : QByteArray();
}

Error opensslError(const QString &what, const QString &hint)
{
    // The first error is usually the root cause; later ones are the layers that passed it up.
    unsigned long first = 0;
    while (const unsigned long e = ERR_get_error()) {
        if (!first)
            first = e;
    }
    QString message = what;
    if (first) {
        char buffer[256];
        ERR_error_string_n(first, buffer, sizeof buffer);
        const char *reason = ERR_reason_error_string(first);
        message += QStringLiteral(" (OpenSSL: %1)").arg(QString::fromLatin1(reason ? reason : buffer));
    }
    return Error{message, hint};
}

void clearErrors() { ERR_clear_error(); }

} // namespace cb::pki::detail
