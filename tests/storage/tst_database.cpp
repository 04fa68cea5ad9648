// Database: file creation, configuration, numbered migrations and every refusal with its message.
#include "olderschema.h"
#include "storage/database.h"
#include "storage/schemamigrations.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>
#include <vector>

#include <sqlite3.h>
#include <unistd.h>

using namespace cb;

namespace {

QVariant scalar(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next())
        return QVariant();
    return q.value(0);
}

// A second, independent connection to the same file (as another program would have).
class RawConnection
{
public:
    explicit RawConnection(const QString &path)
        : m_name(QStringLiteral("raw-%1").arg(reinterpret_cast<quintptr>(this)))
    {
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        m_db.setDatabaseName(path);
        m_db.open();
    }
    ~RawConnection()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    bool exec(const QString &sql)
    {
        QSqlQuery q(m_db);
        const bool ok = q.exec(sql);
        if (!ok)
            qWarning() << sql << q.lastError().text();
        return ok;
    }
    QSqlDatabase &db() { return m_db; }

private:
    QString m_name;
    QSqlDatabase m_db;
};

// A database as the previous schema version left it.
bool makePreviousVersion(const QString &path)
{
    RawConnection raw(path);
    const QString made = test::createSchemaAtVersion(raw.db(), latestSchemaVersion() - 1);
    if (!made.isEmpty())
        qWarning() << made;
    return made.isEmpty();
}

} // namespace

class TestDatabase : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void freshFileIsCreatedAndMigrated();
    void reopenKeepsDataAndVersion();
    void twoConnectionsAtOnce();
    void concurrentOpensMigrateOnce();
    void futureVersionIsRefused();
    void foreignDatabaseIsRefused();
    void garbageFileIsRefused();
    void folderIsRefused();
    void uncreatableFolderIsRefused();
    void unreadableFileIsRefused();
    void lockedFileIsRefused();
    void defaultPathIsInAppData();
    void sqliteRunsWithoutItsOwnLocks();
    void needsMigrationReadsOnlyTheHeader();
    void cancelledUpdateLeavesTheFileAsItWas();
};

void TestDatabase::freshFileIsCreatedAndMigrated()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("a/b/c/chargebench.sqlite"));
    Database db;
    const auto ok = db.open(path);
    QVERIFY2(ok.ok(), qPrintable(ok.ok() ? QString() : ok.error().text()));
    QVERIFY(QFile::exists(path));
    QVERIFY(db.isOpen());
    QCOMPARE(db.schemaVersion(), latestSchemaVersion());
    QVERIFY(latestSchemaVersion() >= 1);

    const QSqlDatabase c = db.connection();
    QCOMPARE(scalar(c, QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
    QCOMPARE(scalar(c, QStringLiteral("PRAGMA synchronous")).toInt(), 1); // NORMAL
    QCOMPARE(scalar(c, QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
    QCOMPARE(scalar(c, QStringLiteral("PRAGMA busy_timeout")).toInt(), Database::kDefaultBusyTimeoutMs);
    QCOMPARE(scalar(c, QStringLiteral("PRAGMA user_version")).toInt(), latestSchemaVersion());
    QCOMPARE(scalar(c, QStringLiteral("PRAGMA application_id")).toInt(), kChargeBenchApplicationId);
    for (const char *table : {"stations", "frames"})
        QCOMPARE(scalar(c, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '%1'")
                               .arg(QLatin1String(table)))
                     .toInt(),
                 1);
    for (const char *table : {"frame_postings"})
        QCOMPARE(scalar(c, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '%1'")
                               .arg(QLatin1String(table)))
                     .toInt(),
                 1);
    // The station and action indexes were replaced by postings (schema version 3).
    for (const auto &[index, present] : {std::pair{"frames_ts", 1}, {"frames_station_id", 0}, {"frames_action", 0}})
        QCOMPARE(scalar(c, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = '%1'")
                               .arg(QLatin1String(index)))
                     .toInt(),
                 present);
    const auto check = db.integrityCheck();
    QVERIFY(check.ok());
    QCOMPARE(check.value(), QStringLiteral("ok"));
}

void TestDatabase::reopenKeepsDataAndVersion()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("db.sqlite"));
    {
        Database db;
        QVERIFY(db.open(path).ok());
        QSqlQuery q(db.connection());
        QVERIFY(q.exec(QStringLiteral("INSERT INTO stations (id, first_seen_us, last_seen_us) VALUES ('CP1', 1, 2)")));
    }
    Database db;
    db.setBusyTimeout(1234);
    const auto ok = db.open(path);
    QVERIFY2(ok.ok(), qPrintable(ok.ok() ? QString() : ok.error().text()));
    QCOMPARE(db.schemaVersion(), latestSchemaVersion());
    QCOMPARE(scalar(db.connection(), QStringLiteral("SELECT count(*) FROM stations")).toInt(), 1);
    QCOMPARE(scalar(db.connection(), QStringLiteral("PRAGMA busy_timeout")).toInt(), 1234);
    // Opening again on the same object closes the first connection and starts over.
    QVERIFY(db.open(path).ok());
    QCOMPARE(scalar(db.connection(), QStringLiteral("SELECT count(*) FROM stations")).toInt(), 1);
    db.close();
    QVERIFY(!db.isOpen());
}

void TestDatabase::twoConnectionsAtOnce()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("db.sqlite"));
    Database a;
    Database b;
    QVERIFY(a.open(path).ok());
    QVERIFY(b.open(path).ok());
    QVERIFY(a.connection().connectionName() != b.connection().connectionName());
    QSqlQuery q(a.connection());
    QVERIFY(q.exec(QStringLiteral("INSERT INTO stations (id, first_seen_us, last_seen_us) VALUES ('CP1', 1, 2)")));
    QCOMPARE(scalar(b.connection(), QStringLiteral("SELECT count(*) FROM stations")).toInt(), 1);
}

void TestDatabase::concurrentOpensMigrateOnce()
{
    // At start-up the GUI thread, the server thread and the capture writer open the same new file.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("db.sqlite"));
    constexpr int kThreads = 4;
    QList<QString> errors(kThreads);
    QList<int> versions(kThreads, -1);
    std::vector<std::unique_ptr<QThread>> threads;
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back(QThread::create([&, i] {
            Database db;
            const auto ok = db.open(path);
            if (!ok)
                errors[i] = ok.error().text();
            versions[i] = db.schemaVersion();
        }));
    }
    for (auto &t : threads)
        t->start();
    for (auto &t : threads)
        QVERIFY(t->wait(QDeadlineTimer(30000)));
    for (int i = 0; i < kThreads; ++i) {
        QVERIFY2(errors.at(i).isEmpty(), qPrintable(errors.at(i)));
        QCOMPARE(versions.at(i), latestSchemaVersion());
    }
    Database db;
    QVERIFY(db.open(path).ok());
    QCOMPARE(scalar(db.connection(), QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'frames'")).toInt(), 1);
}

void TestDatabase::futureVersionIsRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("future.sqlite"));
    {
        Database db;
        QVERIFY(db.open(path).ok());
        QSqlQuery q(db.connection());
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = %1").arg(latestSchemaVersion() + 1)));
    }
    Database db;
    const auto ok = db.open(path);
    QVERIFY(!ok.ok());
    QVERIFY(!db.isOpen());
    QVERIFY2(ok.error().message.contains(QLatin1String("newer ChargeBench")), qPrintable(ok.error().message));
    QVERIFY(ok.error().message.contains(QString::number(latestSchemaVersion() + 1)));
    QVERIFY(ok.error().message.contains(path));
    QVERIFY(ok.error().hint.contains(QLatin1String("Update ChargeBench")));
    // Refusing must not touch the file.
    RawConnection raw(path);
    QCOMPARE(scalar(raw.db(), QStringLiteral("PRAGMA user_version")).toInt(), latestSchemaVersion() + 1);
}

void TestDatabase::foreignDatabaseIsRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("other.sqlite"));
    {
        RawConnection raw(path);
        QVERIFY(raw.exec(QStringLiteral("CREATE TABLE notes (body TEXT)")));
    }
    Database db;
    const auto ok = db.open(path);
    QVERIFY(!ok.ok());
    QVERIFY2(ok.error().message.contains(QLatin1String("another program")), qPrintable(ok.error().message));
    QVERIFY(!ok.error().hint.isEmpty());
    RawConnection raw(path);
    QCOMPARE(scalar(raw.db(), QStringLiteral("SELECT count(*) FROM sqlite_master")).toInt(), 1);
}

void TestDatabase::garbageFileIsRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("garbage.sqlite"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(8192, 'x'));
    f.close();
    Database db;
    const auto ok = db.open(path);
    QVERIFY(!ok.ok());
    QVERIFY2(ok.error().message.contains(QLatin1String("not a database ChargeBench can read")), qPrintable(ok.error().text()));
    QVERIFY(ok.error().hint.contains(QLatin1String("Move the file aside")));
    QVERIFY(!db.isOpen());
}

void TestDatabase::folderIsRefused()
{
    QTemporaryDir dir;
    Database db;
    const auto ok = db.open(dir.path());
    QVERIFY(!ok.ok());
    QVERIFY2(ok.error().message.contains(QLatin1String("is a folder")), qPrintable(ok.error().text()));
    QVERIFY(ok.error().hint.contains(QLatin1String("chargebench.sqlite")));
}

void TestDatabase::uncreatableFolderIsRefused()
{
    QTemporaryDir dir;
    // A regular file where a folder would have to be: even root cannot create below it.
    const QString blocker = dir.filePath(QStringLiteral("blocker"));
    QFile f(blocker);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.close();
    Database db;
    const auto ok = db.open(blocker + QStringLiteral("/sub/db.sqlite"));
    QVERIFY(!ok.ok());
    QVERIFY2(ok.error().message.contains(QLatin1String("Cannot create the folder")), qPrintable(ok.error().text()));
    QVERIFY(!ok.error().hint.isEmpty());
}

void TestDatabase::unreadableFileIsRefused()
{
    if (::geteuid() == 0)
        QSKIP("root reads every file; permissions cannot be tested");
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("db.sqlite"));
    {
        Database db;
        QVERIFY(db.open(path).ok());
    }
    QVERIFY(QFile::setPermissions(path, QFileDevice::Permissions()));
    Database db;
    const auto ok = db.open(path);
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QVERIFY(!ok.ok());
    QVERIFY2(ok.error().message.contains(QLatin1String("may not read")), qPrintable(ok.error().text()));
}

void TestDatabase::lockedFileIsRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("locked.sqlite"));
    {
        Database db;
        QVERIFY(db.open(path).ok());
    }
    // Another program keeps an exclusive lock (as an sqlite3 shell in exclusive locking mode would).
    RawConnection holder(path);
    QVERIFY(holder.exec(QStringLiteral("PRAGMA locking_mode = EXCLUSIVE")));
    QVERIFY(holder.exec(QStringLiteral("BEGIN EXCLUSIVE")));
    QVERIFY(holder.exec(QStringLiteral("INSERT INTO stations (id, first_seen_us, last_seen_us) VALUES ('X', 1, 1)")));

    Database db;
    db.setBusyTimeout(100);
    const auto ok = db.open(path);
    QVERIFY(!ok.ok());
    QVERIFY2(ok.error().message.contains(QLatin1String("locked by another program")), qPrintable(ok.error().text()));
    QVERIFY(ok.error().hint.contains(QLatin1String("try again")));

    // Once the other program lets go, the same file opens.
    QVERIFY(holder.exec(QStringLiteral("COMMIT")));
    QVERIFY(holder.exec(QStringLiteral("PRAGMA locking_mode = NORMAL")));
    holder.db().close(); // the exclusive lock is only released by the next access or by closing
    const auto again = db.open(path);
    QVERIFY2(again.ok(), qPrintable(again.ok() ? QString() : again.error().text()));
    QCOMPARE(scalar(db.connection(), QStringLiteral("SELECT count(*) FROM stations")).toInt(), 1);
}

void TestDatabase::defaultPathIsInAppData()
{
    const QString p = Database::defaultPath();
    QVERIFY(p.endsWith(QLatin1String("/chargebench.sqlite")));
    QVERIFY(p.startsWith(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)));
}

// Connections are used on one thread each, so the first open() switches SQLite to its
// multi-thread mode (no mutex per connection) and off its memory statistics.
void TestDatabase::sqliteRunsWithoutItsOwnLocks()
{
    QTemporaryDir dir;
    Database db;
    QVERIFY(db.open(dir.filePath(QStringLiteral("db.sqlite"))).ok());
    QVERIFY(Database::configureSqlite());
    const QVariant h = db.connection().driver()->handle();
    QCOMPARE(QByteArray(h.typeName()), QByteArray("sqlite3*"));
    sqlite3 *handle = *static_cast<sqlite3 *const *>(h.constData());
    QVERIFY(handle);
    QCOMPARE(sqlite3_db_mutex(handle), nullptr); // serialized mode would give every connection one
    QSqlQuery q(db.connection());
    QVERIFY(q.exec(QStringLiteral("INSERT INTO stations (id, first_seen_us, last_seen_us) VALUES ('CP1', 1, 2)")));
    sqlite3_int64 used = -1, highwater = -1;
    QCOMPARE(sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &used, &highwater, 0), SQLITE_OK);
    QCOMPARE(used, 0); // not counted
}

// The GUI asks before opening whether an update (with its progress dialog) is due.
void TestDatabase::needsMigrationReadsOnlyTheHeader()
{
    QTemporaryDir dir;
    QVERIFY(!Database::needsMigration(dir.filePath(QStringLiteral("missing.sqlite"))));
    QVERIFY(!Database::needsMigration(dir.path())); // a folder
    const QString current = dir.filePath(QStringLiteral("current.sqlite"));
    {
        Database db;
        QVERIFY(db.open(current).ok());
    }
    QVERIFY(!Database::needsMigration(current));
    const QString garbage = dir.filePath(QStringLiteral("garbage.sqlite"));
    QFile f(garbage);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(8192, 'x'));
    f.close();
    QVERIFY(!Database::needsMigration(garbage));
    const QString old = dir.filePath(QStringLiteral("old.sqlite"));
    QVERIFY(makePreviousVersion(old));
    QVERIFY(Database::needsMigration(old));
    {
        RawConnection raw(old); // asking changed nothing
        QCOMPARE(scalar(raw.db(), QStringLiteral("PRAGMA user_version")).toInt(), latestSchemaVersion() - 1);
    }
    Database db;
    QVERIFY(db.open(old).ok());
    QVERIFY(!Database::needsMigration(old));
}

// cancel() stops the update; the file keeps its version and its rows, and says so.
void TestDatabase::cancelledUpdateLeavesTheFileAsItWas()
{
    QTemporaryDir dir;
    const QString old = dir.filePath(QStringLiteral("old.sqlite"));
    QVERIFY(makePreviousVersion(old));
    {
        RawConnection raw(old);
        QVERIFY(raw.exec(QStringLiteral("INSERT INTO frames (ts_us, kind, station_id, connection_id, direction, msg_type, msg_id, action, payload) "
                                        "VALUES (1, 'frame', 'CP-1', 1, 'in', 2, '1', 'Heartbeat', '[]')")));
    }
    Database db;
    db.cancel(); // before it starts: the update must not run at all
    const auto opened = db.open(old);
    QVERIFY(!opened.ok());
    QVERIFY(!db.isOpen());
    QVERIFY2(opened.error().message.contains(QLatin1String("was cancelled")), qPrintable(opened.error().text()));
    QVERIFY(opened.error().message.contains(old));
    QVERIFY(!opened.error().hint.isEmpty());
    RawConnection raw(old);
    QCOMPARE(scalar(raw.db(), QStringLiteral("PRAGMA user_version")).toInt(), latestSchemaVersion() - 1);
    QCOMPARE(scalar(raw.db(), QStringLiteral("SELECT count(*) FROM frames")).toInt(), 1);
    QVERIFY(Database::needsMigration(old));
    Database again;
    QVERIFY(again.open(old).ok());
    QCOMPARE(again.schemaVersion(), latestSchemaVersion());
}

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
