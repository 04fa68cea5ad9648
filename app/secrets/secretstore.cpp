#include "secretstore.h"

#include <qt6keychain/keychain.h>

namespace cb {

namespace {

Error keychainError(QKeychain::Job *job)
{
    switch (job->error()) {
    case QKeychain::NoBackendAvailable:
        return Error{SecretStore::tr("No OS keychain is available (%1).").arg(job->errorString()),
                     SecretStore::tr("Start a Secret Service such as gnome-keyring or KWallet and unlock it, then try again.")};
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return Error{SecretStore::tr("The OS keychain refused access (%1).").arg(job->errorString()),
                     SecretStore::tr("Unlock the keychain and allow ChargeBench to use it.")};
    default:
        return Error{SecretStore::tr("The OS keychain failed: %1.").arg(job->errorString()),
                     SecretStore::tr("Check that the keychain is running and unlocked.")};
    }
}

} // namespace

SecretStore::SecretStore(QString service, QObject *parent) : QObject(parent), m_service(std::move(service)) {}

QString SecretStore::stationPasswordKey(const QString &identity) { return QStringLiteral("station/%1/basic-auth").arg(identity); }

void SecretStore::read(const QString &key, ReadDone done)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setInsecureFallback(false);
    job->setAutoDelete(true);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [done = std::move(done)](QKeychain::Job *j) {
        auto *r = static_cast<QKeychain::ReadPasswordJob *>(j);
        if (r->error() == QKeychain::NoError)
            done(std::optional<QByteArray>(r->binaryData()));
        else if (r->error() == QKeychain::EntryNotFound)
            done(std::optional<QByteArray>());
        else
            done(keychainError(r));
    });
    job->start();
}

void SecretStore::write(const QString &key, const QByteArray &secret, WriteDone done)
{
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setInsecureFallback(false);
    job->setAutoDelete(true);
    job->setKey(key);
    job->setBinaryData(secret);
    connect(job, &QKeychain::Job::finished, this, [done = std::move(done)](QKeychain::Job *j) {
        done(j->error() == QKeychain::NoError ? success() : Status<>(keychainError(j)));
    });
    job->start();
}

void SecretStore::remove(const QString &key, WriteDone done)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setInsecureFallback(false);
    job->setAutoDelete(true);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [done = std::move(done)](QKeychain::Job *j) {
        const bool ok = j->error() == QKeychain::NoError || j->error() == QKeychain::EntryNotFound;
        done(ok ? success() : Status<>(keychainError(j)));
    });
    job->start();
}

} // namespace cb
