#pragma once

#include "station/csmspolicy.h"
#include "transport/serverconfig.h"

#include <QHostAddress>
#include <QString>

namespace cb {

// Everything a workspace needs to run: the server, how it answers, where it records, the API.
struct WorkspaceConfig
{
    ServerConfig server;
    CsmsPolicy policy;
    QString databasePath;          // empty: Database::defaultPath()
    bool apiEnabled = false;
    QHostAddress apiAddress = QHostAddress::LocalHost;
    quint16 apiPort = 9001;
    QByteArray apiToken;           // bearer token; generated when empty
    int captureRetentionDays = 0;  // 0 keeps everything
    // Lab work: keep passwords and keys of payloads in the capture and the live view instead of
    // masking them (see capture/secretmasking.h). Recorded in each connection's "open" record.
    bool keepSecretsInCapture = false;

    // databasePath, or the default when it is empty.
    QString databaseFile() const;
};

} // namespace cb
