#pragma once

#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

namespace cb {

// The OCPP-J versions ChargeBench speaks. 1.6 always includes the security extension.
enum class OcppVersion { V16, V201, V21 };

inline constexpr OcppVersion kAllVersions[] = {OcppVersion::V16, OcppVersion::V201, OcppVersion::V21};

// WebSocket subprotocol token, e.g. "ocpp2.0.1".
QString subprotocolName(OcppVersion v);
std::optional<OcppVersion> versionFromSubprotocol(QStringView token);

// Short name shown to people and accepted on command lines: "1.6", "2.0.1", "2.1".
QString versionName(OcppVersion v);
// Accepts "1.6", "1.6J", "ocpp1.6", "2.0.1", "ocpp2.0.1", "2.1", "ocpp2.1".
std::optional<OcppVersion> parseVersion(QStringView text);

// 2.1 added the CALLRESULTERROR (5) and SEND (6) message types.
inline bool hasSendAndResultError(OcppVersion v) { return v == OcppVersion::V21; }

} // namespace cb
