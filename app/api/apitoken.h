#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QHostAddress>
#include <QString>

namespace cb {

// A fresh bearer token for the automation API: 24 random bytes, base64url.
QByteArray newApiToken();

struct ApiTokenFile
{
    QByteArray token;
    bool created = false; // the file did not exist and now holds a new token
};

// The token kept in `path` (surrounding whitespace ignored). When the file does not exist it is
// created readable by its owner only (0600) with a new token, so a script can start the server
// and read the same file to call it.
Result<ApiTokenFile> loadOrCreateApiToken(const QString &path);

// A warning for people when the API would listen beyond this machine: the API speaks plain HTTP,
// so the token and everything else travel readable. Empty for loopback addresses.
QString apiExposureWarning(const QHostAddress &address);

} // namespace cb
