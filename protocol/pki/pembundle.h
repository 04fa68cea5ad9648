#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>

namespace cb::pki {

struct PemFiles
{
    QString certificatePath;
    QString privateKeyPath; // empty when no key was written
};

// A certificate and (optionally) its private key as PEM text, the form OCPP and files use.
struct PemBundle
{
    QByteArray certificatePem;
    QByteArray privateKeyPem; // may be encrypted; may be empty

    // Writes <dir>/<baseName>.pem and <dir>/<baseName>.key, creating dir if needed. The key
    // file is created readable by its owner only (0600) before anything is written to it;
    // existing files of those names are replaced.
    Result<PemFiles> writeFiles(const QString &dir, const QString &baseName) const;
};

} // namespace cb::pki
