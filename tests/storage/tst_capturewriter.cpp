// CaptureWriter: concurrent appends, ordering, exact bytes, batching, flush and clean shutdown,
// all checked by reading the real SQLite file back.
#include "storage/capturewriter.h"
#include "storage/database.h"
#include "storage/framerepository.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

using namespace cb;

namespace {

CaptureRecord frame(const QString &station, qint64 connection, int seq, bool outgoing = false)
{
    CaptureRecord r;
    r.timestampUs = 1'700'000'000'000'000 + seq;
    r.stationId = station;
    r.connectionId = connection;
    r.outgoing = outgoing;
    r.messageType = 2;
    r.messageId = QString::number(seq);
    r.action = QStringLiteral("Heartbeat");
    r.data = QByteArray("[2,\"") + QByteArray::number(seq) + QByteArray("\",\"Heartbeat\",{}]");
    return r;
}

QList<StoredCaptureRecord> readAll(const QString &path)
{
    Database db;
    if (!db.open(path).ok())
        return {};
    FrameRepository repo(db);
    QList<StoredCaptureRecord> all;
    qint64 after = 0;
    for (;;) {
        const auto page = repo.frames({QString(), after, FrameFilter::kMaxLimit});
        if (!page.ok() || page.value().isEmpty())
            break;
        all += page.value();
        after = page.value().constLast().id;
    }
    return all;
}

} // namespace

class TestCaptureWriter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTripsEveryField_data();
    void roundTripsEveryField();
    void concurrentAppendsKeepOrderPerConnection();
    void batchesAreCoarse();
    void intervalWritesWithoutFlush();
    void closeWritesEverythingQueued();
    void destructorWritesEverythingQueued();
    void appendWhileClosedIsCounted();
    void openFailureIsReported();
    void lockedDatabaseIsRetried();
    void fullQueueHoldsAppendBack();
    void fullQueueWhileFailingDropsAndCounts();
    void manyRowStatementsKeepEveryRecord_data();
    void manyRowStatementsKeepEveryRecord();
    void failingRowUndoesTheWholeBatch_data();
    void failingRowUndoesTheWholeBatch();
    void walAutocheckpointSetting_data();
    void walAutocheckpointSetting();
};

void TestCaptureWriter::roundTripsEveryField_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("kind");
    QTest::newRow("json frame") << QByteArray(R"([2,"42","BootNotification",{"reason":"PowerUp"}])") << int(CaptureRecord::Kind::Frame);
    QTest::newRow("non-ascii") << QByteArray("[2,\"1\",\"DataTransfer\",{\"data\":\"gr\xc3\xbc\xc3\x9f\"}]") << int(CaptureRecord::Kind::Frame);
    QTest::newRow("bom kept") << QByteArray("\xef\xbb\xbf[3,\"1\",{}]") << int(CaptureRecord::Kind::Frame);
    QTest::newRow("bom inside, emoji") << QByteArray("[\"\xef\xbb\xbf\xf0\x9f\x94\x8c\"]") << int(CaptureRecord::Kind::Frame);
    QTest::newRow("U+FFFF") << QByteArray("[\"\xef\xbf\xbf\"]") << int(CaptureRecord::Kind::Frame);
    QTest::newRow("U+FFFE") << QByteArray("[\"\xef\xbf\xbe\"]") << int(CaptureRecord::Kind::Frame);
    QTest::newRow("invalid utf-8") << QByteArray("[2,\"1\",\"X\",{\"a\":\"\xff\xfe\x80\"}]") << int(CaptureRecord::Kind::Frame);
    QTest::newRow("nul byte") << QByteArray("abc\0def", 7) << int(CaptureRecord::Kind::Frame);
    QTest::newRow("empty") << QByteArray("") << int(CaptureRecord::Kind::Frame);
    QTest::newRow("open event") << QByteArray(R"({"tls":"TLSv1.3","headers":{"Authorization":"***"}})") << int(CaptureRecord::Kind::ConnectionOpened);
    QTest::newRow("close event") << QByteArray(R"({"code":1000,"reason":"bye"})") << int(CaptureRecord::Kind::ConnectionClosed);
    QTest::newRow("note") << QByteArray("operator note") << int(CaptureRecord::Kind::Note);
}

void TestCaptureWriter::roundTripsEveryField()
{
    QFETCH(QByteArray, data);
    QFETCH(int, kind);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cap.sqlite"));
    CaptureRecord r;
    r.kind = CaptureRecord::Kind(kind);
    r.timestampUs = 1'712'345'678'901'234;
    r.channel = QStringLiteral("serial:/dev/ttyUSB0");
    r.stationId = QStringLiteral("CP/ü 1");
    r.connectionId = 9'000'000'001;
    r.outgoing = true;
    r.messageType = 4;
    r.messageId = QStringLiteral("id-7");
    r.action = QStringLiteral("BootNotification");
    r.data = data;
    r.problem = QStringLiteral("payload: required property 'chargePointModel' missing");

    CaptureRecord plain; // defaults: channel "ocpp", incoming, no ids
    plain.timestampUs = 5;
    plain.data = data;
    {
        CaptureWriter w;
        QVERIFY(w.open(path).ok());
        w.append(r);
        w.append(plain);
        QVERIFY(w.flush().ok());
        QCOMPARE(w.writtenCount(), 2);
        QCOMPARE(w.pendingCount(), 0);
    }
    const auto rows = readAll(path);
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0).record, r);
    QCOMPARE(rows.at(0).record.data.size(), data.size());
    QCOMPARE(rows.at(1).record.channel, QStringLiteral("ocpp"));
    QCOMPARE(rows.at(1).record.data, data);
    QVERIFY(!rows.at(1).record.outgoing);
    QVERIFY(rows.at(1).record.problem.isEmpty());
    QVERIFY(rows.at(0).id < rows.at(1).id);
}

void TestCaptureWriter::concurrentAppendsKeepOrderPerConnection()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cap.sqlite"));
    constexpr int kThreads = 6;
    constexpr int kPerThread = 4000;
    CaptureWriter w;
    CaptureWriter::Options options;
    options.maxBatch = 700; // several transactions, interleaved with the appends
    QVERIFY(w.open(path, options).ok());

    std::vector<std::unique_ptr<QThread>> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back(QThread::create([&w, t] {
            const QString station = QStringLiteral("CP-%1").arg(t);
            for (int i = 0; i < kPerThread; ++i) {
                if (i % 500 == 0) {
                    QList<CaptureRecord> some;
                    for (int k = 0; k < 3; ++k, ++i)
                        some << frame(station, t, i, i % 2);
                    --i;
                    w.append(some);
                } else {
                    w.append(frame(station, t, i, i % 2));
                }
            }
        }));
        threads.back()->start();
    }
    for (auto &t : threads)
        QVERIFY(t->wait(QDeadlineTimer(60000)));
    QVERIFY(w.flush().ok());
    QCOMPARE(w.writtenCount(), kThreads * kPerThread);
    QCOMPARE(w.pendingCount(), 0);
    QCOMPARE(w.droppedCount(), 0);

    // Read through a separate connection while the writer is still open (WAL).
    const auto rows = readAll(path);
    QCOMPARE(rows.size(), kThreads * kPerThread);
    QCOMPARE(w.lastRowId(), rows.constLast().id);
    std::vector<int> next(kThreads, 0);
    qint64 lastId = 0;
    for (const StoredCaptureRecord &row : rows) {
        QVERIFY(row.id > lastId);
        lastId = row.id;
        const int t = int(row.record.connectionId);
        QVERIFY(t >= 0 && t < kThreads);
        QCOMPARE(row.record.stationId, QStringLiteral("CP-%1").arg(t));
        QCOMPARE(row.record.messageId.toInt(), next[t]); // in order, none missing, none twice
        QCOMPARE(row.record.outgoing, next[t] % 2 == 1);
        ++next[t];
    }
    for (int t = 0; t < kThreads; ++t)
        QCOMPARE(next[t], kPerThread);
}

void TestCaptureWriter::batchesAreCoarse()
{
    QTemporaryDir dir;
    CaptureWriter w;
    CaptureWriter::Options options;
    options.maxBatch = 1000;
    options.flushIntervalMs = 60000; // only full batches and flush() write
    QVERIFY(w.open(dir.filePath(QStringLiteral("cap.sqlite")), options).ok());
    QSignalSpy spy(&w, &CaptureWriter::batchWritten);
    for (int i = 0; i < 5000; ++i)
        w.append(frame(QStringLiteral("CP"), 1, i));
    QVERIFY(w.flush().ok());
    QTRY_VERIFY(spy.size() >= 5);
    QVERIFY2(spy.size() <= 10, qPrintable(QString::number(spy.size())));
    QCOMPARE(spy.constLast().at(0).toLongLong(), w.lastRowId());
    QCOMPARE(w.lastRowId(), 5000);
}

void TestCaptureWriter::intervalWritesWithoutFlush()
{
    QTemporaryDir dir;
    CaptureWriter w;
    CaptureWriter::Options options;
    options.flushIntervalMs = 50;
    QVERIFY(w.open(dir.filePath(QStringLiteral("cap.sqlite")), options).ok());
    QSignalSpy spy(&w, &CaptureWriter::batchWritten);
    w.append(frame(QStringLiteral("CP"), 1, 0));
    w.append(frame(QStringLiteral("CP"), 1, 1));
    // Far below maxBatch and nobody flushes: the interval alone must get them written.
    QVERIFY(spy.wait(5000));
    QTRY_COMPARE(w.writtenCount(), 2);
    QCOMPARE(w.pendingCount(), 0);
}

void TestCaptureWriter::closeWritesEverythingQueued()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cap.sqlite"));
    CaptureWriter w;
    CaptureWriter::Options options;
    options.flushIntervalMs = 60000; // nothing is written before close()
    options.maxBatch = 100000;
    QVERIFY(w.open(path, options).ok());
    for (int i = 0; i < 20000; ++i)
        w.append(frame(QStringLiteral("CP"), 1, i));
    QVERIFY(w.pendingCount() > 0);
    QVERIFY(w.close().ok());
    QVERIFY(!w.isOpen());
    QCOMPARE(w.writtenCount(), 20000);
    const auto rows = readAll(path);
    QCOMPARE(rows.size(), 20000);
    QCOMPARE(rows.constLast().record.messageId, QStringLiteral("19999"));
}

void TestCaptureWriter::destructorWritesEverythingQueued()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cap.sqlite"));
    {
        CaptureWriter w;
        CaptureWriter::Options options;
        options.flushIntervalMs = 60000;
        QVERIFY(w.open(path, options).ok());
        for (int i = 0; i < 1234; ++i)
            w.append(frame(QStringLiteral("CP"), 1, i));
    }
    QCOMPARE(readAll(path).size(), 1234);

    // Reopening appends after the existing rows, with higher ids.
    CaptureWriter w;
    QVERIFY(w.open(path).ok());
    w.append(frame(QStringLiteral("CP"), 2, 0));
    QVERIFY(w.flush().ok());
    QCOMPARE(w.lastRowId(), 1235);
}

void TestCaptureWriter::appendWhileClosedIsCounted()
{
    QTemporaryDir dir;
    CaptureWriter w;
    w.append(frame(QStringLiteral("CP"), 1, 0));
    QCOMPARE(w.droppedCount(), 1);
    QVERIFY(w.flush().ok()); // nothing to wait for
    QVERIFY(w.open(dir.filePath(QStringLiteral("cap.sqlite"))).ok());
    QCOMPARE(w.droppedCount(), 0); // counters start again with each open
    w.append(frame(QStringLiteral("CP"), 1, 1));
    QVERIFY(w.close().ok());
    w.append(frame(QStringLiteral("CP"), 1, 2));
    w.append(QList<CaptureRecord>{frame(QStringLiteral("CP"), 1, 3), frame(QStringLiteral("CP"), 1, 4)});
    QCOMPARE(w.droppedCount(), 3);
    QCOMPARE(w.writtenCount(), 1);
}

void TestCaptureWriter::openFailureIsReported()
{
    QTemporaryDir dir;
    CaptureWriter w;
    const auto ok = w.open(dir.path()); // a folder
    QVERIFY(!ok.ok());
    QVERIFY(ok.error().message.contains(QLatin1String("folder")));
    QVERIFY(!w.isOpen());
    w.append(frame(QStringLiteral("CP"), 1, 0));
    QCOMPARE(w.droppedCount(), 1);
    QVERIFY(w.close().ok());
}

void TestCaptureWriter::lockedDatabaseIsRetried()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cap.sqlite"));
    CaptureWriter w;
    CaptureWriter::Options options;
    options.busyTimeoutMs = 50;
    options.flushIntervalMs = 20;
    QVERIFY(w.open(path, options).ok());

    // Another connection holds the write lock: the batch fails, stays queued, and is written once
    // the lock is gone.
    Database other;
    QVERIFY(other.open(path).ok());
    QSqlQuery q(other.connection());
    QVERIFY(q.exec(QStringLiteral("BEGIN IMMEDIATE")));
    QSignalSpy failed(&w, &CaptureWriter::writeFailed);
    w.append(frame(QStringLiteral("CP"), 1, 0));
    const auto flushed = w.flush();
    QVERIFY(!flushed.ok());
    QVERIFY2(flushed.error().message.contains(QLatin1String("locked")), qPrintable(flushed.error().text()));
    QVERIFY(w.lastError().has_value());
    QTRY_VERIFY(failed.size() >= 1);
    QCOMPARE(w.pendingCount(), 1);

    QVERIFY(q.exec(QStringLiteral("COMMIT")));
    QVERIFY(w.flush().ok());
    QCOMPARE(w.writtenCount(), 1);
    QVERIFY(!w.lastError().has_value());
}

void TestCaptureWriter::fullQueueHoldsAppendBack()
{
    // A bounded queue: appends beyond maxQueued wait for the writer instead of growing memory, and
    // nothing is lost or reordered.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cap.sqlite"));
    CaptureWriter w;
    CaptureWriter::Options options;
    options.maxQueued = 50;
    options.maxBatch = 20;
    options.flushIntervalMs = 5;
    QVERIFY(w.open(path, options).ok());
    constexpr int kRecords = 3000;
    for (int i = 0; i < kRecords; ++i) {
        w.append(frame(QStringLiteral("CP"), 1, i));
        // Queued plus the batch being written.
        QVERIFY(w.pendingCount() <= options.maxQueued + options.maxBatch);
    }
    QVERIFY(w.flush().ok());
    QVERIFY(w.throttledCount() > 0);
    QCOMPARE(w.droppedCount(), 0);
    QVERIFY(w.close().ok());
    const auto rows = readAll(path);
    QCOMPARE(rows.size(), kRecords);
    for (int i = 0; i < kRecords; ++i)
        QCOMPARE(rows.at(i).record.messageId, QString::number(i));
}

void TestCaptureWriter::fullQueueWhileFailingDropsAndCounts()
{
    // While writes fail (here: another connection holds the lock) a full queue cannot drain;
    // the network thread must not hang, so further records are dropped and counted.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cap.sqlite"));
    CaptureWriter w;
    CaptureWriter::Options options;
    options.busyTimeoutMs = 20;
    options.flushIntervalMs = 10;
    options.maxQueued = 10;
    QVERIFY(w.open(path, options).ok());
    Database other;
    QVERIFY(other.open(path).ok());
    QSqlQuery q(other.connection());
    QVERIFY(q.exec(QStringLiteral("BEGIN IMMEDIATE")));
    for (int i = 0; i < 10; ++i)
        w.append(frame(QStringLiteral("CP"), 1, i));
    QVERIFY(!w.flush().ok()); // the first failed batch
    for (int i = 10; i < 15; ++i)
        w.append(frame(QStringLiteral("CP"), 1, i));
    QCOMPARE(w.droppedCount(), 5);
    QVERIFY(q.exec(QStringLiteral("COMMIT")));
    QVERIFY(w.flush().ok());
    QCOMPARE(w.writtenCount(), 10);
    QVERIFY(w.close().ok());
    QCOMPARE(readAll(path).size(), 10);
}

namespace {

// Records that differ in every column, including NULL/empty columns, non-ASCII text and bytes
// that are no UTF-8 at all, so that a row bound to the wrong parameters of a many-row INSERT shows.
CaptureRecord varied(int i)
{
    // ASCII text is bound from the writer's own UTF-8 copy, other text as UTF-16: both kinds,
    // in neighbouring rows of one statement.
    CaptureRecord r = frame(i % 3 == 2 ? QStringLiteral("CP-%1-ü").arg(i % 7) : QStringLiteral("CP-%1").arg(i % 7), i % 5 + 1, i, i % 2 == 1);
    r.timestampUs += i * 1000;
    r.kind = CaptureRecord::Kind(i % 4);
    r.messageType = i % 6;
    if (i % 3 == 0)
        r.action.clear();
    if (i % 11 == 0)
        r.messageId.clear();
    if (i % 4 == 1)
        r.problem = QStringLiteral("problem %1").arg(i);
    if (i % 29 == 5) // more ASCII than the writer's copy buffer holds
        r.problem = QString(70000, QLatin1Char('p')) + QString::number(i);
    if (i % 9 == 0)
        r.channel = QStringLiteral("serial:/dev/ttyUSB%1").arg(i % 3);
    if (i % 13 == 0)
        r.data = QByteArray("\xff\xfe") + QByteArray::number(i);
    if (i % 17 == 0)
        r.stationId.clear();
    return r;
}

} // namespace

void TestCaptureWriter::manyRowStatementsKeepEveryRecord_data()
{
    QTest::addColumn<int>("count");
    // Around the writer's rows per statement (32) and its multiples.
    for (int n : {1, 31, 32, 33, 64, 65, 100, 1000})
        QTest::addRow("%d", n) << n;
}

void TestCaptureWriter::manyRowStatementsKeepEveryRecord()
{
    QFETCH(int, count);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cap.sqlite"));
    QList<CaptureRecord> records;
    for (int i = 0; i < count; ++i)
        records << varied(i);
    {
        CaptureWriter w;
        CaptureWriter::Options options;
        options.flushIntervalMs = 60000; // one batch, written by flush()
        QVERIFY(w.open(path, options).ok());
        w.append(records);
        QVERIFY(w.flush().ok());
        QCOMPARE(w.lastRowId(), count);
    }
    const auto rows = readAll(path);
    QCOMPARE(rows.size(), count);
    for (int i = 0; i < count; ++i) {
        QCOMPARE(rows.at(i).id, i + 1);
        QCOMPARE(rows.at(i).record.stationId, records.at(i).stationId);
        QCOMPARE(rows.at(i).record.data, records.at(i).data);
        QCOMPARE(rows.at(i).record, records.at(i));
    }
}

void TestCaptureWriter::failingRowUndoesTheWholeBatch_data()
{
    QTest::addColumn<QString>("raise");
    // ABORT undoes the statement, FAIL keeps its earlier rows, ROLLBACK ends the transaction: in
    // each case none of the batch may stay, since the whole batch is tried again.
    QTest::newRow("abort") << QStringLiteral("ABORT");
    QTest::newRow("fail") << QStringLiteral("FAIL");
    QTest::newRow("rollback") << QStringLiteral("ROLLBACK");
}

void TestCaptureWriter::failingRowUndoesTheWholeBatch()
{
    QFETCH(QString, raise);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cap.sqlite"));
    CaptureWriter w;
    CaptureWriter::Options options;
    options.flushIntervalMs = 20; // also the pause before a failed batch is tried again
    QVERIFY(w.open(path, options).ok());
    Database other;
    QVERIFY(other.open(path).ok());
    QSqlQuery q(other.connection());
    // A row in the middle of the second many-row statement is refused.
    QVERIFY2(q.exec(QStringLiteral("CREATE TRIGGER refuse BEFORE INSERT ON frames WHEN NEW.msg_id = '40' "
                                   "BEGIN SELECT RAISE(%1, 'refused for the test'); END")
                        .arg(raise)),
             qPrintable(q.lastError().text()));
    constexpr int kRecords = 100;
    QList<CaptureRecord> records;
    for (int i = 0; i < kRecords; ++i)
        records << frame(QStringLiteral("CP"), 1, i);
    w.append(records); // at once: one batch
    const auto failed = w.flush();
    QVERIFY(!failed.ok());
    QVERIFY2(failed.error().message.contains(QLatin1String("refused for the test")), qPrintable(failed.error().text()));
    QCOMPARE(w.pendingCount(), kRecords);
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM frames")) && q.next());
    QCOMPARE(q.value(0).toInt(), 0);
    q.finish();

    QVERIFY(q.exec(QStringLiteral("DROP TRIGGER refuse")));
    QVERIFY(w.flush().ok());
    QVERIFY(w.close().ok());
    const auto rows = readAll(path);
    QCOMPARE(rows.size(), kRecords);
    for (int i = 0; i < kRecords; ++i)
        QCOMPARE(rows.at(i).record.messageId, QString::number(i));
}

void TestCaptureWriter::walAutocheckpointSetting_data()
{
    QTest::addColumn<int>("pages");
    QTest::addColumn<bool>("walGrows");
    QTest::newRow("checkpoint every 50 pages") << 50 << false;
    QTest::newRow("default: rare checkpoints") << CaptureWriter::Options().walAutocheckpointPages << true;
}

void TestCaptureWriter::walAutocheckpointSetting()
{
    // The writer connection's wal_autocheckpoint decides how far the WAL grows before its pages
    // are copied into the database: with small commits and frequent checkpoints SQLite restarts
    // the WAL from its beginning, with rare ones it holds every commit since the last.
    QFETCH(int, pages);
    QFETCH(bool, walGrows);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cap.sqlite"));
    CaptureWriter w;
    CaptureWriter::Options options;
    options.flushIntervalMs = 60000;
    options.walAutocheckpointPages = pages;
    QVERIFY(w.open(path, options).ok());
    // ≈ 3 MB of rows in 100 commits.
    for (int batch = 0; batch < 100; ++batch) {
        for (int i = 0; i < 200; ++i) {
            CaptureRecord r = frame(QStringLiteral("CP-%1").arg(i % 10), 1, batch * 200 + i);
            r.data += QByteArray(100, 'x');
            w.append(r);
        }
        QVERIFY(w.flush().ok());
    }
    const qint64 wal = QFileInfo(path + QStringLiteral("-wal")).size();
    if (walGrows)
        QVERIFY2(wal > 2'000'000, qPrintable(QString::number(wal)));
    else
        QVERIFY2(wal < 1'000'000, qPrintable(QString::number(wal)));
    QVERIFY(w.close().ok());
    QCOMPARE(readAll(path).size(), 100 * 200);
}

QTEST_GUILESS_MAIN(TestCaptureWriter)
#include "tst_capturewriter.moc"
