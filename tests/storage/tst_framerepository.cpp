// FrameRepository: paging by id (as GET /api/frames?station=&after=&limit= does), counts, retention.
#include "storage/capturewriter.h"
#include "storage/database.h"
#include "storage/framerepository.h"

#include <QTemporaryDir>
#include <QTest>

#include <limits>

using namespace cb;

namespace {

constexpr qint64 kT0 = 1'700'000'000'000'000;

CaptureRecord frame(const QString &station, int seq)
{
    CaptureRecord r;
    r.timestampUs = kT0 + seq * 1000;
    r.stationId = station;
    r.connectionId = 1;
    r.messageType = 2;
    r.messageId = QString::number(seq);
    r.action = QStringLiteral("StatusNotification");
    r.data = QByteArray(R"([2,")") + QByteArray::number(seq) + QByteArray(R"(","StatusNotification",{}])");
    return r;
}

} // namespace

class TestFrameRepository : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void pagesCoverEverythingOnce_data();
    void pagesCoverEverythingOnce();
    void limitIsClamped();
    void countAndLastId();
    void retentionDeletesOldAndIdsAreNotReused();

private:
    static const QStringList kStations;
    static constexpr int kFrames = 250; // round-robin over kStations
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
};

const QStringList TestFrameRepository::kStations{QStringLiteral("CP-A"), QStringLiteral("CP-B"), QStringLiteral("CP-C")};

void TestFrameRepository::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    const QString path = m_dir->filePath(QStringLiteral("frames.sqlite"));
    CaptureWriter w;
    QVERIFY(w.open(path).ok());
    for (int i = 0; i < kFrames; ++i)
        w.append(frame(kStations.at(i % kStations.size()), i));
    QVERIFY(w.close().ok());
    m_db = std::make_unique<Database>();
    QVERIFY(m_db->open(path).ok());
}

void TestFrameRepository::cleanup()
{
    m_db.reset();
    m_dir.reset();
}

void TestFrameRepository::pagesCoverEverythingOnce_data()
{
    QTest::addColumn<QString>("station");
    QTest::addColumn<int>("limit");
    QTest::addColumn<int>("expected");
    QTest::newRow("all, pages of 100") << QString() << 100 << kFrames;
    QTest::newRow("all, pages of 7") << QString() << 7 << kFrames;
    QTest::newRow("all, one page") << QString() << 1000 << kFrames;
    QTest::newRow("CP-B, pages of 10") << QStringLiteral("CP-B") << 10 << 83;
    QTest::newRow("CP-A, pages of 1") << QStringLiteral("CP-A") << 1 << 84;
    QTest::newRow("unknown station") << QStringLiteral("nope") << 50 << 0;
}

void TestFrameRepository::pagesCoverEverythingOnce()
{
    QFETCH(QString, station);
    QFETCH(int, limit);
    QFETCH(int, expected);
    FrameRepository repo(*m_db);
    qint64 after = 0;
    int seen = 0;
    int pages = 0;
    int lastSeq = -1;
    for (;;) {
        const auto page = repo.frames({station, after, limit});
        QVERIFY2(page.ok(), qPrintable(page.ok() ? QString() : page.error().text()));
        if (page.value().isEmpty())
            break;
        ++pages;
        QVERIFY(page.value().size() <= limit);
        for (const StoredCaptureRecord &row : page.value()) {
            QVERIFY(row.id > after);
            after = row.id;
            if (!station.isEmpty())
                QCOMPARE(row.record.stationId, station);
            const int seq = row.record.messageId.toInt();
            QVERIFY(seq > lastSeq); // oldest first
            lastSeq = seq;
            QCOMPARE(row.record.timestampUs, kT0 + seq * 1000);
            ++seen;
        }
    }
    QCOMPARE(seen, expected);
    QCOMPARE(pages, (expected + limit - 1) / limit);
}

void TestFrameRepository::limitIsClamped()
{
    FrameRepository repo(*m_db);
    QCOMPARE(repo.frames({QString(), 0, 0}).value().size(), 1);
    QCOMPARE(repo.frames({QString(), 0, -5}).value().size(), 1);
    QCOMPARE(repo.frames({QString(), -100, 1'000'000}).value().size(), kFrames);
    QCOMPARE(repo.frames({QString(), 1'000'000, 10}).value().size(), 0);
}

void TestFrameRepository::countAndLastId()
{
    FrameRepository repo(*m_db);
    QCOMPARE(repo.count().value(), kFrames);
    QCOMPARE(repo.count(QStringLiteral("CP-C")).value(), 83);
    QCOMPARE(repo.count(QStringLiteral("nope")).value(), 0);
    QCOMPARE(repo.lastId().value(), kFrames);
}

void TestFrameRepository::retentionDeletesOldAndIdsAreNotReused()
{
    FrameRepository repo(*m_db);
    // Frames 0..99 are older than kT0 + 100 ms.
    const auto deleted = repo.deleteFramesOlderThan(kT0 + 100 * 1000);
    QVERIFY(deleted.ok());
    QCOMPARE(deleted.value(), 100);
    QCOMPARE(repo.count().value(), kFrames - 100);
    const auto first = repo.frames({QString(), 0, 1}).value();
    QCOMPARE(first.size(), 1);
    QCOMPARE(first.at(0).record.messageId, QStringLiteral("100"));

    // Even with every row gone, new rows get ids above all old ones: "after" cursors stay valid.
    QCOMPARE(repo.deleteFramesOlderThan(std::numeric_limits<qint64>::max()).value(), kFrames - 100);
    QCOMPARE(repo.count().value(), 0);
    CaptureWriter w;
    QVERIFY(w.open(m_db->path()).ok());
    w.append(frame(QStringLiteral("CP-A"), 999));
    QVERIFY(w.flush().ok());
    const auto after = repo.frames({QString(), kFrames, 10});
    QVERIFY(after.ok());
    QCOMPARE(after.value().size(), 1);
    QCOMPARE(after.value().at(0).id, kFrames + 1);
}

QTEST_GUILESS_MAIN(TestFrameRepository)
#include "tst_framerepository.moc"
