#pragma once

#include "rpc/ocppversion.h"

#include <QHostAddress>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <chrono>

namespace cb {

// OCPP security profiles: 0 none, 1 Basic auth, 2 TLS + Basic auth, 3 mutual TLS.
enum class SecurityProfile { None = 0, BasicAuth = 1, TlsBasicAuth = 2, MutualTls = 3 };

// Who may connect: anyone (commissioning a new charger) or only identities already known.
enum class Admission { AnyIdentity, KnownOnly };

struct ServerConfig
{
    QHostAddress address = QHostAddress::Any;
    quint16 port = 9000;
    // Enabled versions; the charger's own order of preference decides among them.
    QList<OcppVersion> versions{OcppVersion::V21, OcppVersion::V201, OcppVersion::V16};
    SecurityProfile profile = SecurityProfile::None;
    QString tlsCertificateFile; // PEM, profiles 2 and 3 (may hold the chain)
    QString tlsKeyFile;         // PEM
    QString caFile;             // PEM: CA that client certificates must chain to (profile 3)
    Admission admission = Admission::AnyIdentity;
    QSet<QString> knownIdentities;
    // Origins ("http://host:port") whose upgrades are admitted. Chargers send no Origin; a
    // browser always does, so an upgrade with any other Origin is refused (cross-site WebSocket
    // hijacking from a page open on the technician's laptop).
    QStringList allowedOrigins;
    std::chrono::milliseconds pingInterval{30000}; // 0 disables WebSocket pings
    std::chrono::milliseconds responseTimeout{30000};
    std::chrono::milliseconds handshakeTimeout{10000};
    qint64 maxFrameBytes = 4 * 1024 * 1024;
};

} // namespace cb
