#include "tlsfiles.h"

#include <QCoreApplication>
#include <QFile>
#include <QSslCertificate>
#include <QSslCipher>
#include <QSslKey>

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

namespace cb {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::Tls)
};

Result<QByteArray> readFile(const QString &path, const QString &what)
{
    if (path.isEmpty())
        return Error{Text::tr("No %1 file is configured.").arg(what), Text::tr("Choose one in the settings or pass it on the command line.")};
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error{Text::tr("Cannot read the %1 file %2: %3.").arg(what, path, f.errorString()),
                     Text::tr("Check the path and the file's permissions.")};
    return f.readAll();
}

// OpenSSL tells reliably whether a private key belongs to a certificate, for RSA and EC alike.
bool keyMatchesCertificate(const QByteArray &certPem, const QByteArray &keyPem)
{
    std::unique_ptr<BIO, decltype(&BIO_free)> cbio(BIO_new_mem_buf(certPem.constData(), int(certPem.size())), BIO_free);
    std::unique_ptr<BIO, decltype(&BIO_free)> kbio(BIO_new_mem_buf(keyPem.constData(), int(keyPem.size())), BIO_free);
    std::unique_ptr<X509, decltype(&X509_free)> cert(PEM_read_bio_X509(cbio.get(), nullptr, nullptr, nullptr), X509_free);
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(PEM_read_bio_PrivateKey(kbio.get(), nullptr, nullptr, nullptr),
                                                           EVP_PKEY_free);
    return cert && key && X509_check_private_key(cert.get(), key.get()) == 1;
}

} // namespace

QStringList ocppCipherNames()
{
    return {QStringLiteral("ECDHE-ECDSA-AES128-GCM-SHA256"), QStringLiteral("ECDHE-ECDSA-AES256-GCM-SHA384"),
            QStringLiteral("AES128-GCM-SHA256"), QStringLiteral("AES256-GCM-SHA384"),
            QStringLiteral("TLS_AES_128_GCM_SHA256"), QStringLiteral("TLS_AES_256_GCM_SHA384")};
}

Result<QSslConfiguration> serverTlsConfiguration(const ServerConfig &config)
{
    auto certPem = readFile(config.tlsCertificateFile, Text::tr("TLS certificate"));
    if (!certPem)
        return certPem.error();
    auto keyPem = readFile(config.tlsKeyFile, Text::tr("TLS private key"));
    if (!keyPem)
        return keyPem.error();
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certPem.value(), QSsl::Pem);
    if (chain.isEmpty())
        return Error{Text::tr("%1 holds no PEM certificate.").arg(config.tlsCertificateFile), {}};
    QSslKey key(keyPem.value(), QSsl::Ec, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(keyPem.value(), QSsl::Rsa, QSsl::Pem);
    if (key.isNull())
        return Error{Text::tr("%1 holds no unencrypted PEM private key (RSA or EC).").arg(config.tlsKeyFile), {}};
    if (!keyMatchesCertificate(certPem.value(), keyPem.value()))
        return Error{Text::tr("The private key %1 does not belong to the certificate %2.").arg(config.tlsKeyFile, config.tlsCertificateFile),
                     Text::tr("Choose the key that was generated with this certificate.")};

    QSslConfiguration c = QSslConfiguration::defaultConfiguration();
    c.setLocalCertificateChain(chain);
    c.setPrivateKey(key);
    c.setProtocol(QSsl::TlsV1_2OrLater);
    QList<QSslCipher> ciphers;
    for (const QString &name : ocppCipherNames()) {
        const QSslCipher cipher(name);
        if (!cipher.isNull())
            ciphers << cipher;
    }
    c.setCiphers(ciphers);
    if (config.profile == SecurityProfile::MutualTls) {
        auto caPem = readFile(config.caFile, Text::tr("CA certificate"));
        if (!caPem)
            return caPem.error();
        const QList<QSslCertificate> cas = QSslCertificate::fromData(caPem.value(), QSsl::Pem);
        if (cas.isEmpty())
            return Error{Text::tr("%1 holds no PEM CA certificate.").arg(config.caFile), {}};
        c.setCaCertificates(cas);
        c.setPeerVerifyMode(QSslSocket::VerifyPeer);
    } else {
        c.setPeerVerifyMode(QSslSocket::VerifyNone);
    }
    return c;
}

} // namespace cb
