#include "issued.h"

namespace cb::pki {

Result<PemBundle> Issued::toEncryptedPem(const QByteArray &passphrase) const
{
    auto key = privateKey.toEncryptedPem(passphrase);
    if (!key)
        return key.error();
    return PemBundle{certificatePem(), key.value()};
}

Result<PemFiles> Issued::writeFiles(const QString &dir, const QString &baseName, const QByteArray &passphrase) const
{
    if (passphrase.isEmpty())
        return toPem().writeFiles(dir, baseName);
    auto bundle = toEncryptedPem(passphrase);
    if (!bundle)
        return bundle.error();
    return bundle.value().writeFiles(dir, baseName);
}

} // namespace cb::pki
