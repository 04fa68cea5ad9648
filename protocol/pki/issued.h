#pragma once

#include "certificate.h"
#include "pembundle.h"
#include "privatekey.h"

namespace cb::pki {

// A certificate together with its private key, as the CA hands it out.
struct Issued
{
    Certificate certificate;
    PrivateKey privateKey;

    QByteArray certificatePem() const { return certificate.toPem(); }
    QByteArray privateKeyPem() const { return privateKey.toPem(); }
    PemBundle toPem() const { return {certificatePem(), privateKeyPem()}; }
    // The key encrypted with the passphrase (PKCS #8, AES-256-CBC).
    Result<PemBundle> toEncryptedPem(const QByteArray &passphrase) const;
    // See PemBundle::writeFiles; with a passphrase the key file is encrypted.
    Result<PemFiles> writeFiles(const QString &dir, const QString &baseName, const QByteArray &passphrase = {}) const;
};

} // namespace cb::pki
