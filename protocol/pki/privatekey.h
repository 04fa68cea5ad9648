#pragma once

#include "common/result.h"
#include "keytype.h"

#include <QByteArray>
#include <QString>

#include <openssl/types.h>

#include <memory>

namespace cb::pki {

// An asymmetric key pair (EC or RSA). Immutable once made, cheap to copy (shared), and safe to
// use from several threads at once; generating one touches no global state, so RSA keys (which
// take a while) can be made on a worker thread.
class PrivateKey
{
public:
    PrivateKey() = default;

    static Result<PrivateKey> generate(KeyType type = KeyType::EcP256);
    // Reads a PEM private key (PKCS#8, or traditional "RSA/EC PRIVATE KEY"), encrypted or not.
    // An encrypted key without a passphrase, or with the wrong one, fails with an error that
    // says so; OpenSSL never prompts on the terminal.
    static Result<PrivateKey> fromPem(const QByteArray &pem, const QByteArray &passphrase = {});
    // Takes ownership of `key` (internal use by the library).
    static PrivateKey adopt(EVP_PKEY *key);

    bool isNull() const { return !m_key; }
    bool isRsa() const;
    bool isEc() const;
    int bits() const;
    // "EC P-256", "RSA 3072".
    QString algorithmName() const;

    // Fails when the key is weaker than OCPP allows (1.6 security whitepaper ed. 2,
    // A00.FR.502/503: RSA below 2048 bits, elliptic curves below 224 bits), or of another kind.
    Status<> checkOcppStrength() const;

    // Unencrypted PKCS#8 PEM ("BEGIN PRIVATE KEY").
    QByteArray toPem() const;
    // Encrypted PKCS#8 PEM ("BEGIN ENCRYPTED PRIVATE KEY"): PBES2, PBKDF2, AES-256-CBC.
    Result<QByteArray> toEncryptedPem(const QByteArray &passphrase) const;
    // SubjectPublicKeyInfo, DER and PEM.
    QByteArray publicKeyDer() const;
    QByteArray publicKeyPem() const;

    // Same public key (e.g. to check that a key belongs to a certificate or a CSR).
    bool samePublicKey(EVP_PKEY *other) const;

    EVP_PKEY *handle() const { return m_key.get(); }

private:
    std::shared_ptr<EVP_PKEY> m_key;
};

} // namespace cb::pki
