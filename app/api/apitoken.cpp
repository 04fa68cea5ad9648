#include "apitoken.h"

#include <QCoreApplication>
#include <QFile>
#include <QRandomGenerator>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace cb {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::ApiToken)
};

} // namespace

QByteArray newApiToken()
{
    QByteArray raw(24, Qt::Uninitialized);
    QRandomGenerator::system()->generate(raw.begin(), raw.end());
    return raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

Result<ApiTokenFile> loadOrCreateApiToken(const QString &path)
{
    const QByteArray native = QFile::encodeName(path);
    // O_EXCL: never overwrite a file that appeared meanwhile; the mode is set at creation, so
    // the token is never readable by others, not even for a moment.
    const int fd = ::open(native.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
        ApiTokenFile out{newApiToken(), true};
        const QByteArray line = out.token + '\n';
        const bool written = ::write(fd, line.constData(), size_t(line.size())) == line.size();
        const int writeErrno = errno;
        ::close(fd);
        if (!written) {
            ::unlink(native.constData());
            return Error{Text::tr("Cannot write the API token file %1: %2.").arg(path, QString::fromLocal8Bit(std::strerror(writeErrno))),
                         Text::tr("Check the free space and permissions of the folder.")};
        }
        return out;
    }
    if (errno != EEXIST)
        return Error{Text::tr("Cannot create the API token file %1: %2.").arg(path, QString::fromLocal8Bit(std::strerror(errno))),
                     Text::tr("Check that the folder exists and that you may write to it.")};
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error{Text::tr("Cannot read the API token file %1: %2.").arg(path, f.errorString()),
                     Text::tr("Check the file's permissions, or name a file that does not exist to get a new token.")};
    ApiTokenFile out{f.readAll().trimmed(), false};
    if (out.token.isEmpty())
        return Error{Text::tr("The API token file %1 is empty.").arg(path),
                     Text::tr("Put a token in it, or delete it to get a new one.")};
    return out;
}

QString apiExposureWarning(const QHostAddress &address)
{
    if (address.isLoopback())
        return {};
    return Text::tr("Warning: the automation API listens on %1 without TLS; the bearer token and all data travel unencrypted "
                    "and anyone who can reach this address can try tokens. Prefer 127.0.0.1 and an SSH tunnel.")
        .arg(address.toString());
}

} // namespace cb
