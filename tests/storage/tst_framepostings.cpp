// Station and action postings (framepostings.h): written by the capture writer batch by batch,
// built by the schema 3 migration from an older database, and read by the traffic view's filter
// and the API's station paging. Every lookup is compared with a plain scan of the frames table.
#include "olderschema.h"
#include "storage/capturewriter.h"
#include "storage/database.h"
#include "storage/framepostings.h"
#include "storage/framerepository.h"
#include "storage/framewindowquery.h"
#include "storage/schemamigrations.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace cb;

namespace {

constexpr qint64 kT0 = 1'700'000'000'000'000;
const QStringList kActions{QStringLiteral("Heartbeat"), QStringLiteral("MeterValues"), QStringLiteral("StatusNotification")};

// Frame i: station "CP-<i*7 % stations>", a CALL with one of three actions (Authorize every 97th,
// the rare one), its reply every other frame; connection events without an action now and then.
CaptureRecord frame(int i, int stations)
{
    CaptureRecord r;
    r.timestampUs = kT0 + i * 1000;
    r.stationId = QStringLiteral("CP-%1").arg((i * 7) % stations);
    r.connectionId = (i * 7) % stations + 1;
    if (i % 50 == 0) {
        r.kind = CaptureRecord::Kind::ConnectionOpened;
        r.data = QByteArrayLiteral(R"({"subprotocol":"ocpp2.0.1"})");
        return r;
    }
    r.messageType = i % 2 ? 3 : 2;
    r.outgoing = i % 2;
    r.messageId = QString::number(i / 2);
    r.action = i % 97 == 0 ? QStringLiteral("Authorize") : kActions.at((i / 2) % kActions.size());
    if (r.messageType == 2)
        r.data = QByteArray(R"([2,")") + r.messageId.toLatin1() + R"(",")" + r.action.toLatin1() + R"(",{}])";
    else
        r.data = QByteArray(R"([3,")") + r.messageId.toLatin1() + R"(",{}])";
    return r;
}

// A capture of `count` frames (see frame()) written by the capture writer.
bool writeFrames(const QString &path, int count, int stations, const CaptureWriter::Options &options = {})
{
    CaptureWriter w;
    if (!w.open(path, options).ok())
        return false;
    for (int i = 0; i < count; ++i)
        w.append(frame(i, stations));
    return w.close().ok();
}

QList<qint64> scan(Database &db, const QString &where, const QVariantList &binds)
{
    QSqlQuery q(db.connection());
    q.prepare(QStringLiteral("SELECT id FROM frames WHERE ") + where + QStringLiteral(" ORDER BY id"));
    for (const QVariant &b : binds)
        q.addBindValue(b);
    if (!q.exec())
        qFatal("%s", qPrintable(q.lastError().text()));
    QList<qint64> ids;
    while (q.next())
        ids << q.value(0).toLongLong();
    return ids;
}

// Every id of a filter, read page by page as the traffic view does.
QList<qint64> pages(Database &db, const FrameViewFilter &f, int pageSize, qint64 upToId = 0)
{
    FrameWindowQuery query(db);
    QList<qint64> all;
    qint64 after = 0;
    for (;;) {
        const auto page = query.ids(f, after, pageSize, upToId);
        if (!page) {
            qWarning() << page.error().text();
            return {-1};
        }
        if (page.value().isEmpty())
            return all;
        all += page.value();
        after = page.value().constLast();
    }
}

qint64 scalar(Database &db, const QString &sql)
{
    QSqlQuery q(db.connection());
    if (!q.exec(sql) || !q.next())
        qFatal("%s", qPrintable(q.lastError().text()));
    return q.value(0).toLongLong();
}

} // namespace

class TestFramePostings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void writerPostingsMatchScan_data();
    void writerPostingsMatchScan();
    void stationAndActionLists();
    void pairsFarApartAreFoundThroughPostings();
    void apiStationPagingUsesPostings();
    void migrationFromVersion2BuildsPostings();
    void damagedPostingIsReported();
    void retentionRebuildsPostings();
    void parseIds_data();
    void parseIds();
};

void TestFramePostings::writerPostingsMatchScan_data()
{
    QTest::addColumn<QString>("station");
    QTest::addColumn<QString>("action");
    QTest::addColumn<int>("messageType");
    QTest::addColumn<int>("pageSize");
    QTest::newRow("station, small pages") << QStringLiteral("CP-3") << QString() << int(FrameViewFilter::kAnyType) << 7;
    QTest::newRow("station, one page") << QStringLiteral("CP-11") << QString() << int(FrameViewFilter::kAnyType) << 100000;
    QTest::newRow("common action") << QString() << QStringLiteral("MeterValues") << int(FrameViewFilter::kAnyType) << 500;
    QTest::newRow("rare action") << QString() << QStringLiteral("Authorize") << int(FrameViewFilter::kAnyType) << 3;
    QTest::newRow("station and action") << QStringLiteral("CP-5") << QStringLiteral("Heartbeat") << int(FrameViewFilter::kAnyType) << 4;
    QTest::newRow("action and CALL only") << QString() << QStringLiteral("StatusNotification") << 2 << 64;
    QTest::newRow("unknown station") << QStringLiteral("CP-none") << QString() << int(FrameViewFilter::kAnyType) << 10;
}

void TestFramePostings::writerPostingsMatchScan()
{
    QFETCH(QString, station);
    QFETCH(QString, action);
    QFETCH(int, messageType);
    QFETCH(int, pageSize);

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("c.sqlite"));
    CaptureWriter::Options options;
    options.maxBatch = 997; // many batches: postings of one value in many rows
    options.flushIntervalMs = 0;
    constexpr int kFrames = 12000;
    QVERIFY(writeFrames(path, kFrames, 40, options));

    Database db;
    QVERIFY(db.open(path).ok());
    QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM frames")), kFrames);
    QVERIFY(scalar(db, QStringLiteral("SELECT count(*) FROM frame_postings WHERE field = 1")) > 40);

    FrameViewFilter f;
    f.stationId = station;
    f.action = action;
    f.messageType = messageType;
    QStringList where{QStringLiteral("1")};
    QVariantList binds;
    if (!station.isEmpty()) {
        where << QStringLiteral("station_id = ?");
        binds << station;
    }
    if (!action.isEmpty()) {
        where << QStringLiteral("action = ?");
        binds << action;
    }
    if (messageType >= 2) {
        where << QStringLiteral("kind = 'frame' AND msg_type = ?");
        binds << messageType;
    }
    const QList<qint64> expected = scan(db, where.join(QStringLiteral(" AND ")), binds);
    if (station != QLatin1String("CP-none"))
        QVERIFY(!expected.isEmpty());
    QCOMPARE(pages(db, f, pageSize), expected);

    // A window bounded above (the view's upToId) ends where the scan does.
    if (expected.size() > 4) {
        const qint64 upTo = expected.at(expected.size() / 2);
        QCOMPARE(pages(db, f, pageSize, upTo), expected.mid(0, expected.size() / 2 + 1));
    }
}

void TestFramePostings::stationAndActionLists()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("c.sqlite"));
    QVERIFY(writeFrames(path, 500, 12));
    Database db;
    QVERIFY(db.open(path).ok());
    FrameWindowQuery q(db);
    QStringList stations;
    for (int s = 0; s < 12; ++s)
        stations << QStringLiteral("CP-%1").arg(s);
    stations.sort();
    QCOMPARE(q.stations().value(), stations);
    QCOMPARE(q.actions().value(),
             (QStringList{QStringLiteral("Authorize"), QStringLiteral("Heartbeat"), QStringLiteral("MeterValues"),
                          QStringLiteral("StatusNotification")}));
}

void TestFramePostings::pairsFarApartAreFoundThroughPostings()
{
    // 40 stations; every CALL is answered 300 steps (600 frames) later, so a station's window
    // spans far more ids than it has rows and each pair is looked up through the postings.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("c.sqlite"));
    constexpr int kStations = 40, kDelay = 300, kCalls = 3000;
    {
        CaptureWriter w;
        QVERIFY(w.open(path).ok());
        auto record = [](int call, bool reply) {
            CaptureRecord r;
            r.timestampUs = kT0 + call * 1000 + (reply ? 500'000 : 0);
            r.stationId = QStringLiteral("CP-%1").arg(call % kStations);
            r.connectionId = call % kStations + 1;
            r.messageType = reply ? 3 : 2;
            r.outgoing = reply;
            r.messageId = QStringLiteral("m%1").arg(call);
            r.action = QStringLiteral("Heartbeat");
            r.data = QByteArray(reply ? R"([3,"m)" : R"([2,"m)") + QByteArray::number(call) +
                     QByteArray(reply ? R"(",{}])" : R"(","Heartbeat",{}])");
            return r;
        };
        for (int step = 0; step < kCalls + kDelay; ++step) {
            if (step < kCalls)
                w.append(record(step, false));
            if (step >= kDelay)
                w.append(record(step - kDelay, true));
        }
        QVERIFY(w.close().ok());
    }
    Database db;
    QVERIFY(db.open(path).ok());
    FrameWindowQuery query(db);
    FrameViewFilter f;
    f.stationId = QStringLiteral("CP-7");
    const auto ids = query.ids(f, 0, 128);
    QVERIFY(ids.ok());
    QCOMPARE(ids.value().size(), 128);
    const auto rows = query.rows(ids.value());
    QVERIFY(rows.ok());
    int paired = 0;
    for (const FrameRow &r : rows.value()) {
        QSqlQuery q(db.connection());
        q.prepare(QStringLiteral("SELECT id FROM frames WHERE msg_id = ? AND id <> ?"));
        q.addBindValue(r.messageId);
        q.addBindValue(r.id);
        QVERIFY(q.exec() && q.next());
        QCOMPARE(r.pairId, q.value(0).toLongLong());
        QCOMPARE(r.latencyUs, 500'000); // a reply is stamped 0.5 s after its CALL
        ++paired;
    }
    QCOMPARE(paired, 128);
}

void TestFramePostings::apiStationPagingUsesPostings()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("c.sqlite"));
    QVERIFY(writeFrames(path, 3000, 30));
    Database db;
    QVERIFY(db.open(path).ok());
    const QList<qint64> expected = scan(db, QStringLiteral("station_id = ?"), {QStringLiteral("CP-29")});
    QVERIFY(expected.size() > 50);
    QList<qint64> got;
    FrameFilter f;
    f.stationId = QStringLiteral("CP-29");
    f.limit = 13;
    for (;;) {
        const auto page = FrameRepository(db).frames(f);
        QVERIFY2(page.ok(), qPrintable(page.ok() ? QString() : page.error().text()));
        if (page.value().isEmpty())
            break;
        for (const StoredCaptureRecord &r : page.value()) {
            QCOMPARE(r.record.stationId, f.stationId);
            got << r.id;
        }
        f.afterId = got.constLast();
    }
    QCOMPARE(got, expected);
}

void TestFramePostings::migrationFromVersion2BuildsPostings()
{
    // A database as ChargeBench wrote it before postings: schema 1 and 2, rows inserted with the
    // old (station_id, id) and (action) indexes.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("old.sqlite"));
    {
        auto c = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("old"));
        c.setDatabaseName(path);
        QVERIFY(c.open());
        const QString made = test::createSchemaAtVersion(c, 2);
        QVERIFY2(made.isEmpty(), qPrintable(made));
        QSqlQuery q(c);
        QVERIFY(c.transaction());
        QVERIFY(q.prepare(QStringLiteral("INSERT INTO frames (ts_us, kind, station_id, connection_id, direction, msg_type, msg_id, "
                                         "action, payload) VALUES (?, 'frame', ?, 1, 'in', 2, ?, ?, '[]')")));
        // 70,000 frames: more than one rebuilt posting (32,768 ids) per station.
        for (int i = 0; i < 70000; ++i) {
            q.addBindValue(kT0 + i);
            q.addBindValue(i % 3 == 0 ? QStringLiteral("CP-A") : QStringLiteral("CP-B"));
            q.addBindValue(QString::number(i));
            q.addBindValue(i % 1000 == 0 ? QVariant(QStringLiteral("Authorize")) : i % 7 == 0 ? QVariant(QString()) : QVariant(QStringLiteral("Heartbeat")));
            QVERIFY(q.exec());
        }
        QVERIFY(c.commit());
        c.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("old"));

    Database db;
    QVERIFY(db.open(path).ok());
    QCOMPARE(db.schemaVersion(), latestSchemaVersion());
    QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name IN ('frames_station_id', 'frames_action')")), 0);
    QVERIFY(scalar(db, QStringLiteral("SELECT count(*) FROM frame_postings WHERE field = 1 AND value = 'CP-B'")) >= 3);
    for (const QString &station : {QStringLiteral("CP-A"), QStringLiteral("CP-B")}) {
        FrameViewFilter f;
        f.stationId = station;
        QCOMPARE(pages(db, f, 4096), scan(db, QStringLiteral("station_id = ?"), {station}));
    }
    FrameViewFilter rare;
    rare.action = QStringLiteral("Authorize");
    const QList<qint64> authorize = pages(db, rare, 10);
    QCOMPARE(authorize.size(), 70);
    QCOMPARE(authorize, scan(db, QStringLiteral("action = 'Authorize'"), {}));
    QCOMPARE(FrameWindowQuery(db).actions().value(), (QStringList{QStringLiteral("Authorize"), QStringLiteral("Heartbeat")}));

    // New frames after the migration join the rebuilt postings.
    {
        CaptureWriter w;
        QVERIFY(w.open(path).ok());
        CaptureRecord r = frame(1, 1);
        r.stationId = QStringLiteral("CP-A");
        r.action = QStringLiteral("Authorize");
        w.append(r);
        QVERIFY(w.close().ok());
    }
    QCOMPARE(pages(db, rare, 10).size(), 71);
}

void TestFramePostings::damagedPostingIsReported()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("c.sqlite"));
    QVERIFY(writeFrames(path, 100, 3));
    Database db;
    QVERIFY(db.open(path).ok());
    QSqlQuery q(db.connection());
    QVERIFY(q.exec(QStringLiteral("UPDATE frame_postings SET ids = '[1,2,oops]' WHERE field = 1 AND value = 'CP-1'")));
    FrameViewFilter f;
    f.stationId = QStringLiteral("CP-1");
    const auto page = FrameWindowQuery(db).ids(f, 0, 10);
    QVERIFY(!page.ok());
    QVERIFY2(page.error().text().contains(QStringLiteral("damaged")), qPrintable(page.error().text()));
    // The other stations still answer.
    f.stationId = QStringLiteral("CP-2");
    QVERIFY(FrameWindowQuery(db).ids(f, 0, 10).ok());

    // What the error's hint says repairs it: drop the table, step the version back, reopen.
    QVERIFY(page.error().hint.contains(QStringLiteral("DROP TABLE frame_postings")));
    QVERIFY(q.exec(QStringLiteral("DROP TABLE frame_postings")));
    QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 2")));
    q.finish();
    db.close();
    Database reopened;
    QVERIFY(reopened.open(path).ok());
    f.stationId = QStringLiteral("CP-1");
    QCOMPARE(pages(reopened, f, 10), scan(reopened, QStringLiteral("station_id = 'CP-1'"), {}));
}

void TestFramePostings::retentionRebuildsPostings()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("c.sqlite"));
    {
        CaptureWriter w;
        CaptureWriter::Options options;
        options.maxBatch = 100;
        options.flushIntervalMs = 0;
        QVERIFY(w.open(path, options).ok());
        for (int i = 0; i < 1000; ++i) {
            w.append(frame(i, 4));
            if (i % 100 == 99)
                QVERIFY(w.flush().ok()); // one batch per 100 frames
        }
        QVERIFY(w.close().ok());
    }
    Database db;
    QVERIFY(db.open(path).ok());
    const qint64 before = scalar(db, QStringLiteral("SELECT count(*) FROM frame_postings"));
    const auto deleted = FrameRepository(db).deleteFramesOlderThan(kT0 + 500 * 1000);
    QVERIFY(deleted.ok());
    QCOMPARE(deleted.value(), 500);
    const qint64 after = scalar(db, QStringLiteral("SELECT count(*) FROM frame_postings"));
    QVERIFY2(after < before && after > 0, qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(after)));
    // They list exactly the frames that are left.
    QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM frame_postings WHERE first_id <= 500")), 0);
    QCOMPARE(scalar(db, QStringLiteral("SELECT sum(json_array_length(ids)) FROM frame_postings WHERE field = 1")),
             scalar(db, QStringLiteral("SELECT count(*) FROM frames WHERE station_id <> ''")));
    QCOMPARE(scalar(db, QStringLiteral("SELECT sum(json_array_length(ids)) FROM frame_postings WHERE field = 2")),
             scalar(db, QStringLiteral("SELECT count(*) FROM frames WHERE action <> ''")));
    FrameViewFilter f;
    f.stationId = QStringLiteral("CP-2");
    QCOMPARE(pages(db, f, 16), scan(db, QStringLiteral("station_id = 'CP-2'"), {}));
}

void TestFramePostings::parseIds_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QList<qint64>>("ids");
    QTest::newRow("empty") << QByteArray("[]") << true << QList<qint64>{};
    QTest::newRow("plain") << QByteArray("[1,5,9]") << true << QList<qint64>{1, 5, 9};
    QTest::newRow("spaces") << QByteArray(" [ 1 , 5 ]\n") << true << QList<qint64>{1, 5};
    QTest::newRow("unsorted, duplicate") << QByteArray("[9,1,5,1]") << true << QList<qint64>{1, 5, 9};
    QTest::newRow("big") << QByteArray("[9007199254740993]") << true << QList<qint64>{9007199254740993};
    QTest::newRow("not a list") << QByteArray("{}") << false << QList<qint64>{};
    QTest::newRow("word") << QByteArray("[1,x]") << false << QList<qint64>{};
    QTest::newRow("unterminated") << QByteArray("[1,2") << false << QList<qint64>{};
    QTest::newRow("trailing comma") << QByteArray("[1,]") << false << QList<qint64>{};
    QTest::newRow("nothing") << QByteArray() << false << QList<qint64>{};
}

void TestFramePostings::parseIds()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, ok);
    QFETCH(QList<qint64>, ids);
    QList<qint64> out;
    QCOMPARE(framepostings::parseIds(json, out), ok);
    if (ok)
        QCOMPARE(out, ids);
}

QTEST_GUILESS_MAIN(TestFramePostings)
#include "tst_framepostings.moc"
