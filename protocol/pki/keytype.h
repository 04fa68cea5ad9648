#pragma once

#include <QString>

#include <optional>

namespace cb::pki {

// Key types the local CA generates. All meet the OCPP minimum (1.6 security whitepaper ed. 2,
// A00.FR.501-503: 112-bit security, i.e. RSA >= 2048 bits, elliptic curves >= 224 bits). Both
// families are offered because the OCPP TLS suites include ECDSA ones (EC certificates) and RSA
// ones (RSA certificates) and a charger may support only one of them.
enum class KeyType {
    EcP256, // default: fast to generate, smallest handshake
    EcP384,
    Rsa2048,
    Rsa3072,
    Rsa4096,
};

// For people: "EC P-256", "RSA 3072".
QString keyTypeName(KeyType type);
// For command lines and settings: "ec-p256", "ec-p384", "rsa2048", "rsa3072", "rsa4096".
QString keyTypeId(KeyType type);
std::optional<KeyType> parseKeyType(QStringView id);

} // namespace cb::pki
