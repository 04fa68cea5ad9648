#pragma once

#include "ocppversion.h"

#include <QString>
#include <QStringView>

#include <optional>

namespace cb {

// RPC framework error codes, named as in OCPP 2.x. OCPP-J 1.6 spells two of them differently
// ("FormationViolation", "OccurenceConstraintViolation") and has no RpcFrameworkError or
// MessageTypeNotSupported; wireName() gives the spelling each version puts on the wire.
enum class RpcErrorCode {
    FormatViolation,
    GenericError,
    InternalError,
    MessageTypeNotSupported,
    NotImplemented,
    NotSupported,
    OccurrenceConstraintViolation,
    PropertyConstraintViolation,
    ProtocolError,
    RpcFrameworkError,
    SecurityError,
    TypeConstraintViolation,
};

// The spelling sent to a peer speaking `version`.
QString wireName(RpcErrorCode code, OcppVersion version);
// Canonical (2.x) spelling, for people and storage.
QString canonicalName(RpcErrorCode code);
// Parses a received error code; both spellings of each are accepted from any version.
std::optional<RpcErrorCode> parseErrorCode(QStringView name);

} // namespace cb
