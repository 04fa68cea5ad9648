#include "privatekey.h"

#include "opensslhandles.h"
#include "pkilogging.h"

#include <openssl/ec.h>
#include <openssl/objects.h>
#include <openssl/pem.h>

#include <cstring>

namespace cb::pki {

using namespace detail;

namespace {

struct PassphraseRequest
{
    const QByteArray *passphrase = nullptr;
    bool asked = false;
};

// Hands OpenSSL the passphrase we were given, and remembers that the key was encrypted. Never
// falls back to OpenSSL's default callback, which would prompt on the terminal.
int passphraseCallback(char *buffer, int size, int /*rwflag*/, void *user)
{
    auto *request = static_cast<PassphraseRequest *>(user);
    request->asked = true;
    const QByteArray &p = *request->passphrase;
    if (p.isEmpty() || p.size() > size)
        return -1;
    std::memcpy(buffer, p.constData(), size_t(p.size()));
    return int(p.size());
}

} // namespace

Result<PrivateKey> PrivateKey::generate(KeyType type)
{
    clearErrors();
    EVP_PKEY *key = nullptr;
    switch (type) {
    case KeyType::EcP256:
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
        break;
    case KeyType::EcP384:
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384");
        break;
    case KeyType::Rsa2048:
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(2048));
        break;
    case KeyType::Rsa3072:
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(3072));
        break;
    case KeyType::Rsa4096:
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(4096));
        break;
    }
    if (!key)
        return opensslError(Text::tr("Could not generate a %1 key.").arg(keyTypeName(type)));
    qCDebug(lcPki) << "generated" << keyTypeName(type) << "key";
    return adopt(key);
}

Result<PrivateKey> PrivateKey::fromPem(const QByteArray &pem, const QByteArray &passphrase)
{
    clearErrors();
    BioPtr bio = readBio(pem);
    PassphraseRequest request{&passphrase};
    EVP_PKEY *key = bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, passphraseCallback, &request) : nullptr;
    if (key)
        return adopt(key);
    if (request.asked && passphrase.isEmpty()) {
        clearErrors();
        return Error{Text::tr("The private key is encrypted."), Text::tr("Enter the passphrase it was saved with.")};
    }
    if (request.asked)
        return opensslError(Text::tr("Could not decrypt the private key: the passphrase is wrong."),
                            Text::tr("Enter the passphrase the key was saved with."));
    return opensslError(Text::tr("The data holds no PEM private key."),
                        Text::tr("Choose a PEM file that begins with \"-----BEGIN PRIVATE KEY-----\" (or an RSA/EC/encrypted variant)."));
}

PrivateKey PrivateKey::adopt(EVP_PKEY *key)
{
    PrivateKey k;
    k.m_key.reset(key, EVP_PKEY_free);
    return k;
}

bool PrivateKey::isRsa() const { return m_key && EVP_PKEY_is_a(m_key.get(), "RSA"); }

bool PrivateKey::isEc() const { return m_key && EVP_PKEY_is_a(m_key.get(), "EC"); }

int PrivateKey::bits() const { return m_key ? EVP_PKEY_get_bits(m_key.get()) : 0; }

QString PrivateKey::algorithmName() const
{
    if (isRsa())
        return QStringLiteral("RSA %1").arg(bits());
    if (isEc()) {
        char group[80] = {};
        size_t length = 0;
        if (EVP_PKEY_get_group_name(m_key.get(), group, sizeof group, &length) == 1) {
            const char *nist = EC_curve_nid2nist(OBJ_sn2nid(group));
            return QStringLiteral("EC %1").arg(QString::fromLatin1(nist ? nist : group));
        }
        return QStringLiteral("EC %1").arg(bits());
    }
    return m_key ? QString::fromLatin1(EVP_PKEY_get0_type_name(m_key.get())) : QString();
}

Status<> PrivateKey::checkOcppStrength() const
{
    if (isRsa() && bits() < 2048)
        return Error{Text::tr("The RSA key has %1 bits; OCPP requires at least 2048.").arg(bits()),
                     Text::tr("Generate a new key of 2048 bits or more.")};
    if (isEc() && bits() < 224)
        return Error{Text::tr("The elliptic-curve key has %1 bits; OCPP requires at least 224.").arg(bits()),
                     Text::tr("Generate a new key on P-256 or a larger curve.")};
    if (!isRsa() && !isEc())
        return Error{Text::tr("Keys of type %1 are not used by OCPP.").arg(algorithmName()), Text::tr("Use an EC or RSA key.")};
    return success();
}

QByteArray PrivateKey::toPem() const
{
    if (!m_key)
        return {};
    BioPtr bio = writeBio();
    if (!PEM_write_bio_PrivateKey(bio.get(), m_key.get(), nullptr, nullptr, 0, nullptr, nullptr))
        return {};
    return bioBytes(bio.get());
}

Result<QByteArray> PrivateKey::toEncryptedPem(const QByteArray &passphrase) const
{
    clearErrors();
    if (!m_key)
        return Error{Text::tr("There is no private key to save."), {}};
    if (passphrase.isEmpty())
        return Error{Text::tr("An encrypted private key needs a passphrase."), Text::tr("Enter a passphrase.")};
    BioPtr bio = writeBio();
    if (!PEM_write_bio_PKCS8PrivateKey(bio.get(), m_key.get(), EVP_aes_256_cbc(), passphrase.constData(),
                                       int(passphrase.size()), nullptr, nullptr))
        return opensslError(Text::tr("Could not encrypt the private key."));
    return bioBytes(bio.get());
}

QByteArray PrivateKey::publicKeyDer() const
{
    if (!m_key)
        return {};
    unsigned char *der = nullptr;
    const int length = i2d_PUBKEY(m_key.get(), &der);
    if (length <= 0)
        return {};
    QByteArray out(reinterpret_cast<const char *>(der), length);
    OPENSSL_free(der);
    return out;
}

QByteArray PrivateKey::publicKeyPem() const
{
    if (!m_key)
        return {};
    BioPtr bio = writeBio();
    if (!PEM_write_bio_PUBKEY(bio.get(), m_key.get()))
        return {};
    return bioBytes(bio.get());
}

bool PrivateKey::samePublicKey(EVP_PKEY *other) const
{
    return m_key && other && EVP_PKEY_eq(m_key.get(), other) == 1;
}

} // namespace cb::pki
