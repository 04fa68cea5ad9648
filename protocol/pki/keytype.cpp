#include "keytype.h"

#include <array>

namespace cb::pki {

namespace {
struct KeyTypeInfo
{
    KeyType type;
    const char *id;
    const char *name;
};
constexpr std::array kKeyTypes{
    KeyTypeInfo{KeyType::EcP256, "ec-p256", "EC P-256"}, KeyTypeInfo{KeyType::EcP384, "ec-p384", "EC P-384"},
    KeyTypeInfo{KeyType::Rsa2048, "rsa2048", "RSA 2048"}, KeyTypeInfo{KeyType::Rsa3072, "rsa3072", "RSA 3072"},
    KeyTypeInfo{KeyType::Rsa4096, "rsa4096", "RSA 4096"},
};
} // namespace

QString keyTypeName(KeyType type)
{
    for (const auto &k : kKeyTypes) {
        if (k.type == type)
            return QString::fromLatin1(k.name);
    }
    return {};
}

QString keyTypeId(KeyType type)
{
    for (const auto &k : kKeyTypes) {
        if (k.type == type)
            return QString::fromLatin1(k.id);
    }
    return {};
}

std::optional<KeyType> parseKeyType(QStringView id)
{
    for (const auto &k : kKeyTypes) {
        if (id.compare(QLatin1String(k.id), Qt::CaseInsensitive) == 0)
            return k.type;
    }
    return std::nullopt;
}

} // namespace cb::pki
