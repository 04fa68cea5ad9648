#include "hashalgorithm.h"

namespace cb::pki {

QString hashAlgorithmName(HashAlgorithm algorithm)
{
    switch (algorithm) {
    case HashAlgorithm::Sha256:
        return QStringLiteral("SHA256");
    case HashAlgorithm::Sha384:
        return QStringLiteral("SHA384");
    case HashAlgorithm::Sha512:
        return QStringLiteral("SHA512");
    }
    return {};
}

std::optional<HashAlgorithm> parseHashAlgorithm(QStringView name)
{
    for (HashAlgorithm a : {HashAlgorithm::Sha256, HashAlgorithm::Sha384, HashAlgorithm::Sha512}) {
        if (name == hashAlgorithmName(a))
            return a;
    }
    return std::nullopt;
}

} // namespace cb::pki
