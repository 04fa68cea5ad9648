// SnapshotRepository on a real SQLite file: migration 2 creates the table, rows round-trip with
// their entries, lists are per station and newest first, incomplete snapshots keep their problem.

#include "storage/database.h"
#include "storage/schemamigrations.h"
#include "storage/snapshotrepository.h"

#include <QJsonArray>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace cb;
using namespace cb::dm;

namespace {

Snapshot snapshot(const QString &station, int entries, const QString &source = QStringLiteral("FullInventory"))
{
    Snapshot s;
    s.info.stationId = station;
    s.info.source = source;
    s.info.ocppVersion = QStringLiteral("2.0.1");
    s.info.takenAt = QDateTime::currentDateTimeUtc();
    for (int i = 0; i < entries; ++i) {
        DeviceModelEntry e;
        e.component = ComponentRef{QStringLiteral("EVSE"), {}, 1, std::nullopt};
        e.variable = VariableRef{QStringLiteral("V"), QString::number(i)};
        VariableAttribute a;
        a.value = QStringLiteral("x%1").arg(i);
        e.attributes.append(a);
        e.characteristics = VariableCharacteristics{};
        s.model.upsert(e);
    }
    return s;
}

} // namespace

class TestSnapshotRepository : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void migrationCreatesTable();
    void roundTrip();
    void listPerStationNewestFirst();
    void incompleteAndLabels();
    void missingId();

private:
    QTemporaryDir m_dir;
};

void TestSnapshotRepository::migrationCreatesTable()
{
    Database db;
    QVERIFY(db.open(m_dir.filePath(QStringLiteral("a.sqlite"))).ok());
    QVERIFY(db.schemaVersion() >= 2);
    QSqlQuery q(db.connection());
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM device_model_snapshots")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 0);
}

void TestSnapshotRepository::roundTrip()
{
    Database db;
    QVERIFY(db.open(m_dir.filePath(QStringLiteral("b.sqlite"))).ok());
    SnapshotRepository repo(db);
    Snapshot s = snapshot(QStringLiteral("CP-1"), 25);
    s.info.unknownKeys = {QStringLiteral("Foo"), QStringLiteral("Bar")};
    const auto id = repo.insert(s);
    QVERIFY(id.ok());
    QVERIFY(id.value() > 0);
    const auto back = repo.get(id.value());
    QVERIFY(back.ok());
    QCOMPARE(back.value().model, s.model);
    QCOMPARE(back.value().info.id, id.value());
    QCOMPARE(back.value().info.entryCount, 25);
    QCOMPARE(back.value().info.source, QStringLiteral("FullInventory"));
    QCOMPARE(back.value().info.ocppVersion, QStringLiteral("2.0.1"));
    QCOMPARE(back.value().info.unknownKeys, s.info.unknownKeys);
    QVERIFY(back.value().info.complete);
    QCOMPARE(back.value().info.takenAt.toMSecsSinceEpoch(), s.info.takenAt.toMSecsSinceEpoch());
    // The entries are JSON in SQLite, reachable with json_each from the shell.
    QSqlQuery q(db.connection());
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM device_model_snapshots, json_each(entries) WHERE device_model_snapshots.id = %1").arg(id.value())));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 25);
}

void TestSnapshotRepository::listPerStationNewestFirst()
{
    Database db;
    QVERIFY(db.open(m_dir.filePath(QStringLiteral("c.sqlite"))).ok());
    SnapshotRepository repo(db);
    const qint64 a = repo.insert(snapshot(QStringLiteral("CP-1"), 1)).value();
    const qint64 b = repo.insert(snapshot(QStringLiteral("CP-2"), 2)).value();
    const qint64 c = repo.insert(snapshot(QStringLiteral("CP-1"), 3, QStringLiteral("GetConfiguration"))).value();
    const auto one = repo.list(QStringLiteral("CP-1"));
    QVERIFY(one.ok());
    QCOMPARE(one.value().size(), 2);
    QCOMPARE(one.value().at(0).id, c);
    QCOMPARE(one.value().at(0).entryCount, 3);
    QCOMPARE(one.value().at(0).source, QStringLiteral("GetConfiguration"));
    QCOMPARE(one.value().at(1).id, a);
    QCOMPARE(repo.list({}).value().size(), 3);
    QVERIFY(repo.remove(b).ok());
    QCOMPARE(repo.list(QStringLiteral("CP-2")).value().size(), 0);
}

void TestSnapshotRepository::incompleteAndLabels()
{
    Database db;
    QVERIFY(db.open(m_dir.filePath(QStringLiteral("d.sqlite"))).ok());
    SnapshotRepository repo(db);
    Snapshot s = snapshot(QStringLiteral("CP-9"), 4);
    s.info.complete = false;
    s.info.problem = QStringLiteral("Pages 3 never arrived.");
    const qint64 id = repo.insert(s).value();
    QVERIFY(repo.setLabel(id, QStringLiteral("before commissioning")).ok());
    const SnapshotInfo info = repo.list(QStringLiteral("CP-9")).value().first();
    QVERIFY(!info.complete);
    QCOMPARE(info.problem, s.info.problem);
    QCOMPARE(info.label, QStringLiteral("before commissioning"));
}

void TestSnapshotRepository::missingId()
{
    Database db;
    QVERIFY(db.open(m_dir.filePath(QStringLiteral("e.sqlite"))).ok());
    const auto r = SnapshotRepository(db).get(42);
    QVERIFY(!r.ok());
    QVERIFY(r.error().message.contains(QStringLiteral("42")));
    QVERIFY(!r.error().hint.isEmpty());
}

QTEST_GUILESS_MAIN(TestSnapshotRepository)
#include "tst_snapshotrepository.moc"
