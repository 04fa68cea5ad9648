#pragma once

#include <QString>

#include <optional>

namespace cb::pki {

// OCPP HashAlgorithmEnumType (1.6 security whitepaper, 2.0.1, 2.1).
enum class HashAlgorithm { Sha256, Sha384, Sha512 };

// Wire names: "SHA256", "SHA384", "SHA512".
QString hashAlgorithmName(HashAlgorithm algorithm);
std::optional<HashAlgorithm> parseHashAlgorithm(QStringView name);

} // namespace cb::pki
