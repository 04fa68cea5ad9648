#include "pembundle.h"

#include "opensslhandles.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>

namespace cb::pki {

using detail::Text;

namespace {

Error writeError(const QString &path, const QString &reason)
{
    return Error{Text::tr("Could not write %1: %2.").arg(QDir::toNativeSeparators(path), reason),
                 Text::tr("Check that the folder exists and is writable.")};
}

Status<> writePublic(const QString &path, const QByteArray &data)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size() || !f.commit())
        return writeError(path, f.errorString());
    return success();
}

// Created exclusively with owner-only permissions, so the key is never readable by others,
// not even for a moment, and a planted symlink cannot redirect it.
Status<> writePrivate(const QString &path, const QByteArray &data)
{
    if (QFile::exists(path) && !QFile::remove(path))
        return writeError(path, Text::tr("the existing file cannot be replaced"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return writeError(path, f.errorString());
    if (f.write(data) != data.size() || !f.flush()) {
        const QString reason = f.errorString();
        f.close();
        f.remove();
        return writeError(path, reason);
    }
    return success();
}

} // namespace

Result<PemFiles> PemBundle::writeFiles(const QString &dir, const QString &baseName) const
{
    if (certificatePem.isEmpty())
        return Error{Text::tr("There is no certificate to write."), {}};
    if (!QDir().mkpath(dir))
        return Error{Text::tr("Could not create the folder %1.").arg(QDir::toNativeSeparators(dir)), Text::tr("Check its parent's permissions.")};
    const QDir d(dir);
    PemFiles files{d.filePath(baseName + QStringLiteral(".pem")), {}};
    if (auto s = writePublic(files.certificatePath, certificatePem); !s)
        return s.error();
    if (!privateKeyPem.isEmpty()) {
        files.privateKeyPath = d.filePath(baseName + QStringLiteral(".key"));
        if (auto s = writePrivate(files.privateKeyPath, privateKeyPem); !s)
            return s.error();
    }
    return files;
}

} // namespace cb::pki
