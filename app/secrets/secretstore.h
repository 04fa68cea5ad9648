#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace cb {

// Passwords and key passphrases in the OS keychain (Secret Service, macOS Keychain, Windows
// Credential Store) through QtKeychain. Never in SQLite or QSettings, and never a silent
// plaintext fallback: when no keychain is usable the error says so and how to fix it.
// Jobs are asynchronous and run on the thread that owns this object (it needs an event loop).
class SecretStore : public QObject
{
    Q_OBJECT
public:
    explicit SecretStore(QString service = QStringLiteral("ChargeBench"), QObject *parent = nullptr);

    // Key of a station's Basic-auth password (security profiles 1 and 2).
    static QString stationPasswordKey(const QString &identity);

    using ReadDone = std::function<void(Result<std::optional<QByteArray>>)>; // nothing = no such entry
    using WriteDone = std::function<void(Status<>)>;

    void read(const QString &key, ReadDone done);
    void write(const QString &key, const QByteArray &secret, WriteDone done);
    void remove(const QString &key, WriteDone done);

private:
    QString m_service;
};

} // namespace cb
