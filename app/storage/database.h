#pragma once

#include "common/result.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QString>

#include <atomic>
#include <mutex>

class QSqlError;
struct sqlite3;
class QThread;

namespace cb {

// One SQLite connection to a ChargeBench database file, configured (WAL, synchronous=NORMAL,
// foreign keys, busy timeout) and migrated to the schema this build knows.
//
// Qt Sql connections belong to the thread that opened them: open, use and close a Database on one
// thread. Several Database objects (on several threads, or in several processes) may open the same
// file at once; WAL lets readers run beside the one writer. Each object has its own connection name.
class Database
{
    Q_DECLARE_TR_FUNCTIONS(cb::Database)
public:
    static constexpr int kDefaultBusyTimeoutMs = 5000;

    Database();
    ~Database();
    Q_DISABLE_COPY_MOVE(Database)

    // <AppDataLocation>/chargebench.sqlite
    static QString defaultPath();

    // Process-wide SQLite settings, applied by the first open() (SQLite takes them only before
    // it initializes itself). Returns false when something else initialized SQLite first.
    static bool configureSqlite();

    // How long a statement waits for another connection's lock before failing. Applies at open().
    void setBusyTimeout(int ms) { m_busyTimeoutMs = ms; }
    int busyTimeout() const { return m_busyTimeoutMs; }

    // Creates missing folders and the file, configures the connection and runs pending migrations.
    // Refuses folders, unreadable, damaged, locked or foreign files and databases written by a newer
    // ChargeBench, each with a message that says what to do.
    Status<> open(const QString &path);
    void close();

    // Whether open(path) would update an existing ChargeBench database to a newer schema, which
    // can take a while on a large capture (the GUI shows progress). Reads only the file's header;
    // false for a missing, new, foreign or unreadable file (open() decides about those, quickly).
    static bool needsMigration(const QString &path);
    // Stops an open() running on another thread: the migration in progress is rolled back (the
    // file stays as it was) and open() fails with a message saying so. Later open() calls of this
    // object fail too. Thread-safe.
    void cancel();
    bool isCancelled() const { return m_cancelled; }

    bool isOpen() const { return m_open; }
    QString path() const { return m_path; }
    // The schema version found (after migrating) when the file was opened.
    int schemaVersion() const { return m_schemaVersion; }

    // The underlying connection, for repositories. Only valid on the thread that called open().
    QSqlDatabase connection() const;

    // "ok", or SQLite's list of problems. Reads the whole file: not for the GUI thread.
    Result<QString> integrityCheck() const;

    // An SQLite failure in words a person can act on; `doing` says what was being attempted.
    Error describe(const QSqlError &error, const QString &doing) const;

private:
    Status<> checkPath() const;
    Status<> createPrivately() const;
    Status<> configure();
    Status<> migrate();
    Status<> exec(const QString &sql, const QString &doing);

    QString m_connectionName;
    QString m_path;
    QSqlDatabase m_db;
    QThread *m_thread = nullptr;
    int m_busyTimeoutMs = kDefaultBusyTimeoutMs;
    int m_schemaVersion = 0;
    bool m_open = false;
    std::atomic<bool> m_cancelled{false};
    std::mutex m_handleMutex; // guards m_handle against close() while cancel() interrupts it
    sqlite3 *m_handle = nullptr;
};

} // namespace cb
