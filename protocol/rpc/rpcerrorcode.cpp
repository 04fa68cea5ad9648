#include "rpcerrorcode.h"

namespace cb {

QString canonicalName(RpcErrorCode code)
{
    switch (code) {
    case RpcErrorCode::FormatViolation: return QStringLiteral("FormatViolation");
    case RpcErrorCode::GenericError: return QStringLiteral("GenericError");
    case RpcErrorCode::InternalError: return QStringLiteral("InternalError");
    case RpcErrorCode::MessageTypeNotSupported: return QStringLiteral("MessageTypeNotSupported");
    case RpcErrorCode::NotImplemented: return QStringLiteral("NotImplemented");
    case RpcErrorCode::NotSupported: return QStringLiteral("NotSupported");
    case RpcErrorCode::OccurrenceConstraintViolation: return QStringLiteral("OccurrenceConstraintViolation");
    case RpcErrorCode::PropertyConstraintViolation: return QStringLiteral("PropertyConstraintViolation");
    case RpcErrorCode::ProtocolError: return QStringLiteral("ProtocolError");
    case RpcErrorCode::RpcFrameworkError: return QStringLiteral("RpcFrameworkError");
    case RpcErrorCode::SecurityError: return QStringLiteral("SecurityError");
    case RpcErrorCode::TypeConstraintViolation: return QStringLiteral("TypeConstraintViolation");
    }
    return QStringLiteral("GenericError");
}

QString wireName(RpcErrorCode code, OcppVersion version)
{
    if (version == OcppVersion::V16) {
        // OCPP-J 1.6 table 7; the errata keep the misspellings on the wire ("Do not fix").
        switch (code) {
        case RpcErrorCode::FormatViolation:
        case RpcErrorCode::RpcFrameworkError: return QStringLiteral("FormationViolation");
        case RpcErrorCode::OccurrenceConstraintViolation: return QStringLiteral("OccurenceConstraintViolation");
        case RpcErrorCode::MessageTypeNotSupported: return QStringLiteral("GenericError");
        default: break;
        }
    }
    return canonicalName(code);
}

std::optional<RpcErrorCode> parseErrorCode(QStringView name)
{
    if (name == u"FormationViolation")
        return RpcErrorCode::FormatViolation;
    if (name == u"OccurenceConstraintViolation")
        return RpcErrorCode::OccurrenceConstraintViolation;
    for (int i = 0; i <= int(RpcErrorCode::TypeConstraintViolation); ++i) {
        const auto code = RpcErrorCode(i);
        if (name == canonicalName(code))
            return code;
    }
    return std::nullopt;
}

} // namespace cb
