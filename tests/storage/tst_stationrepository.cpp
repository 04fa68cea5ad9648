// StationRepository: partial upserts merge into one row per identity; list and get read them back.
#include "storage/database.h"
#include "storage/stationrepository.h"

#include <QDateTime>
#include <QTemporaryDir>
#include <QTest>

using namespace cb;

class TestStationRepository : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void connectThenBootMerges();
    void timesOnlyWiden();
    void unknownFieldsKeepStoredValues();
    void zeroTimeMeansNow();
    void listIsOrderedAndGetMissingIsEmpty();
    void survivesReopen();
    void emptyIdIsRefused();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
};

void TestStationRepository::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = std::make_unique<Database>();
    QVERIFY(m_db->open(m_dir->filePath(QStringLiteral("db.sqlite"))).ok());
}

void TestStationRepository::cleanup()
{
    m_db.reset();
    m_dir.reset();
}

void TestStationRepository::connectThenBootMerges()
{
    StationRepository repo(*m_db);
    // On connect the server knows only the identity, address, version and profile.
    StationRecord onConnect;
    onConnect.id = QStringLiteral("CP-001");
    onConnect.lastSeenUs = 1'700'000'000'000'000;
    onConnect.remoteAddress = QStringLiteral("192.0.2.10:50123");
    onConnect.ocppVersion = QStringLiteral("2.0.1");
    onConnect.securityProfile = 1;
    QVERIFY(repo.upsert(onConnect).ok());

    // BootNotification adds what the station says about itself.
    StationRecord boot;
    boot.id = QStringLiteral("CP-001");
    boot.lastSeenUs = 1'700'000'000'500'000;
    boot.vendor = QStringLiteral("Acme");
    boot.model = QStringLiteral("Wallbox 22");
    boot.serialNumber = QStringLiteral("SN-42");
    boot.firmwareVersion = QStringLiteral("1.2.3");
    boot.iccid = QStringLiteral("8944500000000000001");
    boot.imsi = QStringLiteral("262010000000001");
    QVERIFY(repo.upsert(boot).ok());

    const auto got = repo.get(QStringLiteral("CP-001"));
    QVERIFY(got.ok());
    QVERIFY(got.value().has_value());
    StationRecord expected = boot;
    expected.remoteAddress = onConnect.remoteAddress;
    expected.ocppVersion = onConnect.ocppVersion;
    expected.securityProfile = 1;
    expected.firstSeenUs = onConnect.lastSeenUs;
    QCOMPARE(*got.value(), expected);

    const auto all = repo.list();
    QVERIFY(all.ok());
    QCOMPARE(all.value().size(), 1);
}

void TestStationRepository::timesOnlyWiden()
{
    StationRepository repo(*m_db);
    StationRecord r;
    r.id = QStringLiteral("CP");
    r.lastSeenUs = 2000;
    QVERIFY(repo.upsert(r).ok());
    r.lastSeenUs = 1000; // an older event arriving late (an import) does not move lastSeen back
    QVERIFY(repo.upsert(r).ok());
    r.lastSeenUs = 3000;
    QVERIFY(repo.upsert(r).ok());
    auto got = repo.get(r.id).value().value();
    QCOMPARE(got.firstSeenUs, 1000);
    QCOMPARE(got.lastSeenUs, 3000);

    r.firstSeenUs = 500;
    r.lastSeenUs = 2500;
    QVERIFY(repo.upsert(r).ok());
    got = repo.get(r.id).value().value();
    QCOMPARE(got.firstSeenUs, 500);
    QCOMPARE(got.lastSeenUs, 3000);
}

void TestStationRepository::unknownFieldsKeepStoredValues()
{
    StationRepository repo(*m_db);
    StationRecord full;
    full.id = QStringLiteral("CP");
    full.lastSeenUs = 10;
    full.vendor = QStringLiteral("V");
    full.model = QStringLiteral("M");
    full.securityProfile = 2;
    full.ocppVersion = QStringLiteral("1.6");
    QVERIFY(repo.upsert(full).ok());

    StationRecord partial;
    partial.id = full.id;
    partial.lastSeenUs = 20;
    partial.model = QStringLiteral("M2"); // changed
    partial.vendor = QStringLiteral(""); // known to be empty now: stored as empty, not kept
    QVERIFY(repo.upsert(partial).ok());

    const StationRecord got = repo.get(full.id).value().value();
    QCOMPARE(got.model, QStringLiteral("M2"));
    QVERIFY(got.vendor.isEmpty());
    QCOMPARE(got.securityProfile, 2);
    QCOMPARE(got.ocppVersion, QStringLiteral("1.6"));
    QCOMPARE(got.lastSeenUs, 20);
    QCOMPARE(got.firstSeenUs, 10);
    QVERIFY(got.serialNumber.isNull());
    QVERIFY(got.iccid.isNull());
}

void TestStationRepository::zeroTimeMeansNow()
{
    StationRepository repo(*m_db);
    const qint64 before = QDateTime::currentMSecsSinceEpoch() * 1000;
    StationRecord r;
    r.id = QStringLiteral("CP");
    QVERIFY(repo.upsert(r).ok());
    const qint64 after = QDateTime::currentMSecsSinceEpoch() * 1000;
    const StationRecord got = repo.get(r.id).value().value();
    QVERIFY(got.lastSeenUs >= before && got.lastSeenUs <= after);
    QCOMPARE(got.firstSeenUs, got.lastSeenUs);
    QCOMPARE(got.securityProfile, -1);
}

void TestStationRepository::listIsOrderedAndGetMissingIsEmpty()
{
    StationRepository repo(*m_db);
    for (const char *id : {"CP-C", "CP-A", "CP-B"}) {
        StationRecord r;
        r.id = QLatin1String(id);
        r.lastSeenUs = 1;
        QVERIFY(repo.upsert(r).ok());
    }
    const auto all = repo.list();
    QVERIFY(all.ok());
    QStringList ids;
    for (const StationRecord &r : all.value())
        ids << r.id;
    QCOMPARE(ids, (QStringList{QStringLiteral("CP-A"), QStringLiteral("CP-B"), QStringLiteral("CP-C")}));

    const auto missing = repo.get(QStringLiteral("nope"));
    QVERIFY(missing.ok());
    QVERIFY(!missing.value().has_value());

    QVERIFY(repo.remove(QStringLiteral("CP-B")).ok());
    QCOMPARE(repo.list().value().size(), 2);
    QVERIFY(!repo.get(QStringLiteral("CP-B")).value().has_value());
}

void TestStationRepository::survivesReopen()
{
    const QString path = m_db->path();
    {
        StationRepository repo(*m_db);
        StationRecord r;
        r.id = QStringLiteral("CP");
        r.lastSeenUs = 7;
        r.vendor = QStringLiteral("Vendor ü");
        QVERIFY(repo.upsert(r).ok());
    }
    m_db->close();
    Database again;
    QVERIFY(again.open(path).ok());
    const auto got = StationRepository(again).get(QStringLiteral("CP"));
    QVERIFY(got.ok() && got.value().has_value());
    QCOMPARE(got.value()->vendor, QStringLiteral("Vendor ü"));
}

void TestStationRepository::emptyIdIsRefused()
{
    StationRepository repo(*m_db);
    const auto ok = repo.upsert(StationRecord{});
    QVERIFY(!ok.ok());
    QVERIFY(!ok.error().message.isEmpty());
}

QTEST_GUILESS_MAIN(TestStationRepository)
#include "tst_stationrepository.moc"
