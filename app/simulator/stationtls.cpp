#include "stationtls.h"

#include "pki/privatekey.h"

#include <QCoreApplication>
#include <QFile>
#include <QSslCertificate>
#include <QSslKey>

namespace cb::sim {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::sim::StationTls)
};

Result<QByteArray> readFile(const QString &path, const QString &what)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error{Text::tr("Cannot read the %1 %2: %3.").arg(what, path, f.errorString()), Text::tr("Check the path and the file's permissions.")};
    return f.readAll();
}

} // namespace

Result<QSslConfiguration> stationTlsConfiguration(const QString &caFile, const QString &certificateFile, const QString &keyFile)
{
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (!caFile.isEmpty()) {
        auto pem = readFile(caFile, Text::tr("CA certificate"));
        if (!pem)
            return pem.error();
        const QList<QSslCertificate> cas = QSslCertificate::fromData(pem.value(), QSsl::Pem);
        if (cas.isEmpty())
            return Error{Text::tr("%1 holds no PEM certificate.").arg(caFile), Text::tr("Give the CA certificate that signed the CSMS's server certificate.")};
        tls.setCaCertificates(cas);
    }
    if (certificateFile.isEmpty() != keyFile.isEmpty())
        return Error{Text::tr("A client certificate needs its private key, and the other way round."), Text::tr("Give both --cert and --key.")};
    if (certificateFile.isEmpty())
        return tls;
    auto certPem = readFile(certificateFile, Text::tr("client certificate"));
    if (!certPem)
        return certPem.error();
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certPem.value(), QSsl::Pem);
    if (chain.isEmpty())
        return Error{Text::tr("%1 holds no PEM certificate.").arg(certificateFile), {}};
    auto keyPem = readFile(keyFile, Text::tr("private key"));
    if (!keyPem)
        return keyPem.error();
    // OpenSSL reads any PEM key form; Qt then gets it as unencrypted PKCS#8.
    auto key = pki::PrivateKey::fromPem(keyPem.value());
    if (!key)
        return Error{Text::tr("%1: %2").arg(keyFile, key.error().message), key.error().hint};
    const QSslKey qtKey(key.value().toPem(), key.value().isEc() ? QSsl::Ec : QSsl::Rsa, QSsl::Pem);
    if (qtKey.isNull())
        return Error{Text::tr("The private key in %1 cannot be used for TLS.").arg(keyFile), Text::tr("Use an RSA or EC key in PEM form.")};
    tls.setLocalCertificate(chain.first());
    tls.setLocalCertificateChain(chain);
    tls.setPrivateKey(qtKey);
    return tls;
}

} // namespace cb::sim
