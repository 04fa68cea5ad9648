#include "database.h"

#include "schemamigrations.h"
#include "storagelogging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QElapsedTimer>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QThread>

#include <sqlite3.h>

#include <atomic>

namespace cb {

namespace {

// SQLite primary result codes (the low byte of an extended code).
enum SqliteCode {
    SqlitePerm = 3,
    SqliteBusy = 5,
    SqliteLocked = 6,
    SqliteReadOnly = 8,
    SqliteIoErr = 10,
    SqliteCorrupt = 11,
    SqliteFull = 13,
    SqliteCantOpen = 14,
    SqliteAuth = 23,
    SqliteNotADb = 26,
};

QString nextConnectionName()
{
    static std::atomic<quint64> counter{0};
    return QStringLiteral("chargebench.db.%1").arg(++counter);
}

} // namespace

Database::Database() = default;

Database::~Database()
{
    close();
}

QString Database::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/chargebench.sqlite");
}

Status<> Database::checkPath() const
{
    const QFileInfo info(m_path);
    if (m_path.isEmpty())
        return Error{tr("No database file was given."), tr("Give the path of a database file, for example %1.").arg(defaultPath())};
    if (info.isDir())
        return Error{tr("%1 is a folder, not a database file.").arg(m_path),
                     tr("Give the path of a file, for example %1.").arg(QDir(m_path).filePath(QStringLiteral("chargebench.sqlite")))};
    const QString folder = info.absolutePath();
    if (!QDir().mkpath(folder))
        return Error{tr("Cannot create the folder %1 for the database.").arg(folder),
                     tr("Check that the parent folder exists and that you may write to it, or choose another location.")};
    if (info.exists() && !info.isReadable())
        return Error{tr("ChargeBench may not read the database file %1.").arg(m_path),
                     tr("Check the file's permissions (it must be readable and writable by you), or choose another file.")};
    if (info.exists() && !info.isWritable())
        return Error{tr("ChargeBench may not write to the database file %1.").arg(m_path),
                     tr("Check the file's permissions (it must be readable and writable by you), or choose another file.")};
    return success();
}

// Captures hold station passwords in handshakes, identities, payloads: the file is made readable
// by its owner only before SQLite writes anything into it. SQLite gives the -wal and -shm files
// the database file's permissions, so they follow.
Status<> Database::createPrivately() const
{
    if (QFileInfo::exists(m_path))
        return success();
    QFile f(m_path);
    if (f.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || QFileInfo::exists(m_path)) // or another process has just created it
        return success();
    return Error{tr("Cannot create the database file %1: %2").arg(m_path, f.errorString()),
                 tr("Check that you may write to the folder, or choose another location.")};
}

// Every ChargeBench connection is used on one thread only (connection() asserts it), so SQLite's
// per-connection mutexes (its default "serialized" mode) guard nothing here, and no one reads
// SQLite's memory statistics, whose bookkeeping takes a global mutex around every allocation.
// Without both, the capture writer spends 10-15 % less CPU per row (BENCHMARKS.md).
bool Database::configureSqlite()
{
    static const bool configured = [] {
        const bool ok = sqlite3_config(SQLITE_CONFIG_MULTITHREAD) == SQLITE_OK
                        && sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
        if (!ok)
            qCInfo(lcDb) << "SQLite was initialized before ChargeBench could configure it; its defaults stay";
        return ok;
    }();
    return configured;
}

Status<> Database::open(const QString &path)
{
    configureSqlite();
    close();
    m_path = path;
    if (auto ok = checkPath(); !ok)
        return ok;
    if (auto ok = createPrivately(); !ok)
        return ok;

    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        return Error{tr("The SQLite driver for Qt (QSQLITE) is not installed."),
                     tr("Install the package libqt6sql6-sqlite and start ChargeBench again.")};

    m_connectionName = nextConnectionName();
    m_thread = QThread::currentThread();
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_db.setDatabaseName(path);
    m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(m_busyTimeoutMs));
    if (!m_db.open()) {
        const Error e = describe(m_db.lastError(), tr("Opening the database"));
        close();
        return e;
    }
    m_open = true;
    {
        const QVariant handle = m_db.driver()->handle();
        std::lock_guard lock(m_handleMutex);
        if (handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0)
            m_handle = *static_cast<sqlite3 *const *>(handle.constData());
    }

    Status<> ok = configure();
    if (ok)
        ok = migrate();
    if (!ok) {
        close();
        if (m_cancelled) // whichever statement the interruption hit
            return Error{tr("The update of the database %1 was cancelled; the file was not changed.").arg(m_path),
                         tr("Open it again to update it (this happens once per database), or choose another database file.")};
        return ok;
    }
    qCDebug(lcDb) << "opened" << path << "schema version" << m_schemaVersion << "as" << m_connectionName;
    return success();
}

void Database::close()
{
    if (m_connectionName.isEmpty())
        return;
    {
        std::lock_guard lock(m_handleMutex);
        m_handle = nullptr;
    }
    if (m_db.isOpen())
        m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
    m_connectionName.clear();
    m_open = false;
    m_schemaVersion = 0;
    m_thread = nullptr;
}

QSqlDatabase Database::connection() const
{
    Q_ASSERT_X(!m_thread || m_thread == QThread::currentThread(), "cb::Database::connection",
               "a Database must be used on the thread that opened it");
    return m_db;
}

bool Database::needsMigration(const QString &path)
{
    if (!QFileInfo(path).isFile())
        return false;
    configureSqlite();
    sqlite3 *db = nullptr;
    int version = 0;
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt *st = nullptr;
        if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
            version = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return version >= 1 && version < latestSchemaVersion();
}

void Database::cancel()
{
    m_cancelled = true;
    std::lock_guard lock(m_handleMutex);
    if (m_handle)
        sqlite3_interrupt(m_handle); // ends the statement running now; the flag stops the next
}

Status<> Database::exec(const QString &sql, const QString &doing)
{
    QSqlQuery q(m_db);
    if (!q.exec(sql))
        return describe(q.lastError(), doing);
    return success();
}

Status<> Database::configure()
{
    const QString configuring = tr("Preparing the database");
    QSqlQuery q(m_db);
    // The first statement reads the file header: this is where damaged, foreign and locked files show.
    // Switching a new file to WAL needs an exclusive lock, and SQLite answers SQLITE_BUSY at once
    // (without its busy handler) when another connection is doing the same; so retry for as long
    // as the busy timeout allows before calling the file locked.
    QElapsedTimer waited;
    waited.start();
    while (!q.exec(QStringLiteral("PRAGMA journal_mode = WAL"))) {
        const bool busy = q.lastError().nativeErrorCode() == QLatin1String("5");
        if (!busy || waited.elapsed() >= m_busyTimeoutMs)
            return describe(q.lastError(), configuring);
        QThread::msleep(20);
    }
    const QString mode = q.next() ? q.value(0).toString() : QString();
    q.finish();
    if (mode.compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
        qCWarning(lcDb) << "SQLite kept journal mode" << mode << "for" << m_path
                        << "instead of WAL; writers will block readers";
    // NORMAL in WAL mode: a commit survives a crash of the process (kill -9); only a power cut can
    // take the last commits, never consistency.
    if (auto ok = exec(QStringLiteral("PRAGMA synchronous = NORMAL"), configuring); !ok)
        return ok;
    return exec(QStringLiteral("PRAGMA foreign_keys = ON"), configuring);
}

Status<> Database::migrate()
{
    const QString migrating = tr("Updating the database schema");
    const int latest = latestSchemaVersion();

    auto readHeader = [this](int &appId, int &version, int &tables) -> Status<> {
        QSqlQuery q(m_db);
        const QString reading = tr("Reading the database version");
        if (!q.exec(QStringLiteral("PRAGMA application_id")) || !q.next())
            return describe(q.lastError(), reading);
        appId = q.value(0).toInt();
        if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
            return describe(q.lastError(), reading);
        version = q.value(0).toInt();
        if (!q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")) || !q.next())
            return describe(q.lastError(), reading);
        tables = q.value(0).toInt();
        return success();
    };
    auto check = [&](int appId, int version, int tables) -> Status<> {
        if ((appId != 0 && appId != kChargeBenchApplicationId) || (appId == 0 && version == 0 && tables > 0))
            return Error{tr("%1 is an SQLite database of another program, not a ChargeBench database.").arg(m_path),
                         tr("Choose another file name; ChargeBench does not change databases it did not create.")};
        if (version > latest)
            return Error{tr("The database %1 was written by a newer ChargeBench (schema version %2; this version knows up to %3).")
                             .arg(m_path)
                             .arg(version)
                             .arg(latest),
                         tr("Update ChargeBench, or open another database file.")};
        return success();
    };

    // Fast path without a lock. The three reads are separate statements and may straddle another
    // connection's migration commit (e.g. version 0 read before it, tables after it), so a
    // failed check here is not trusted: it is decided again under the write lock below.
    int appId = 0, version = 0, tables = 0;
    if (auto ok = readHeader(appId, version, tables); !ok)
        return ok;
    if (check(appId, version, tables).ok() && version == latest) {
        m_schemaVersion = version;
        return success();
    }

    // Take the write lock first, then look again: another process may have migrated meanwhile.
    if (auto ok = exec(QStringLiteral("BEGIN IMMEDIATE"), migrating); !ok)
        return ok;
    const Error cancelled{tr("The update was cancelled."), QString()}; // open() says more
    auto rollback = [this](Status<> failure) {
        QSqlQuery(m_db).exec(QStringLiteral("ROLLBACK"));
        return failure;
    };
    if (auto ok = readHeader(appId, version, tables); !ok)
        return rollback(ok);
    if (auto ok = check(appId, version, tables); !ok)
        return rollback(ok);
    for (const SchemaMigration &m : schemaMigrations()) {
        if (m.version <= version)
            continue;
        qCInfo(lcDb) << "migrating" << m_path << "to schema version" << m.version << m.description;
        for (const QString &sql : m.statements) {
            if (m_cancelled)
                return rollback(cancelled);
            if (auto ok = exec(sql, migrating); !ok)
                return rollback(ok);
        }
        if (auto ok = exec(QStringLiteral("PRAGMA user_version = %1").arg(m.version), migrating); !ok)
            return rollback(ok);
    }
    if (m_cancelled)
        return rollback(cancelled);
    if (auto ok = exec(QStringLiteral("COMMIT"), migrating); !ok)
        return rollback(ok);
    m_schemaVersion = latest;
    return success();
}

Result<QString> Database::integrityCheck() const
{
    QSqlQuery q(connection());
    if (!q.exec(QStringLiteral("PRAGMA integrity_check")))
        return describe(q.lastError(), tr("Checking the database"));
    QStringList lines;
    while (q.next())
        lines << q.value(0).toString();
    return lines.join(QLatin1Char('\n'));
}

Error Database::describe(const QSqlError &error, const QString &doing) const
{
    const int code = error.nativeErrorCode().toInt() & 0xff;
    const QString detail = error.databaseText().isEmpty() ? error.driverText() : error.databaseText();
    auto make = [&](const QString &what, const QString &hint) {
        return Error{tr("%1: %2 (SQLite: %3)").arg(doing, what, detail), hint};
    };
    switch (code) {
    case SqliteBusy:
    case SqliteLocked:
        return make(tr("the database %1 is locked by another program.").arg(m_path),
                    tr("Close the other ChargeBench or the program that holds the file (for example an sqlite3 shell "
                       "with an open transaction) and try again."));
    case SqliteNotADb:
    case SqliteCorrupt:
        return make(tr("%1 is not a database ChargeBench can read, or it is damaged.").arg(m_path),
                    tr("Move the file aside (ChargeBench then starts a new database) or restore a backup of it."));
    case SqliteReadOnly:
    case SqlitePerm:
    case SqliteAuth:
        return make(tr("ChargeBench may not write to the database %1.").arg(m_path),
                    tr("Check the permissions of the file and of its folder, or choose another location."));
    case SqliteCantOpen:
        return make(tr("the database file %1 cannot be opened.").arg(m_path),
                    tr("Check that its folder exists and that you may read and write there, or choose another location."));
    case SqliteFull:
        return make(tr("the disk holding %1 is full.").arg(m_path),
                    tr("Free some disk space, or lower the capture retention in the settings."));
    case SqliteIoErr:
        return make(tr("reading or writing %1 failed.").arg(m_path),
                    tr("Check the disk and the file system (a network drive may not support SQLite locking), "
                       "or choose a local location."));
    default:
        return make(tr("the database %1 reported an error.").arg(m_path),
                    tr("Try again; if it persists, move the file aside and restore a backup."));
    }
}

} // namespace cb
