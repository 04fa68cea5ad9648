// Capture retention and file modes: the writer deletes frames older than the retention (with their
// postings and full-text index entries) when it opens and again at its interval, logs the count,
// keeps newer frames; the database and its -wal/-shm files are readable by their owner only.
#include "storage/capturewriter.h"
#include "storage/database.h"
#include "storage/framepostings.h"
#include "storage/framerepository.h"
#include "storage/framesearchindex.h"

#include <QDateTime>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace cb;

namespace {

constexpr qint64 kDayUs = 86400LL * 1000 * 1000;

qint64 nowUs()
{
    return QDateTime::currentMSecsSinceEpoch() * 1000;
}

CaptureRecord frame(const QString &station, const QString &action, qint64 tsUs, const QByteArray &word)
{
    CaptureRecord r;
    r.timestampUs = tsUs;
    r.stationId = station;
    r.messageType = 2;
    r.messageId = QString::number(tsUs);
    r.action = action;
    r.data = "[2,\"" + QByteArray::number(tsUs) + "\",\"" + action.toUtf8() + "\",{\"note\":\"" + word + "\"}]";
    return r;
}

// Row ids the full-text index answers for a word (stale entries of deleted rows included).
QList<qint64> ftsMatches(Database &db, const QString &word)
{
    QSqlQuery q(db.connection());
    q.prepare(QStringLiteral("SELECT rowid FROM frames_fts WHERE frames_fts MATCH ?"));
    q.addBindValue(FrameSearchIndex::matchExpression(word));
    QList<qint64> out;
    if (!q.exec())
        return {-1};
    while (q.next())
        out << q.value(0).toLongLong();
    return out;
}

int mode(const QString &path)
{
    struct stat st{};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 0777);
}

} // namespace

class TestCaptureRetention : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void deletesOldFramesAtOpen();
    void prunesAgainAtItsInterval();
    void keepsEverythingWithoutRetention();
    void databaseFilesAreOwnerOnly();
};

void TestCaptureRetention::deletesOldFramesAtOpen()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("capture.sqlite"));
    {
        CaptureWriter writer;
        QVERIFY(writer.open(path).ok());
        // Three old frames of a station seen only then, two recent ones.
        writer.append(frame(QStringLiteral("OLD-1"), QStringLiteral("BootNotification"), nowUs() - 40 * kDayUs, "ancientword"));
        writer.append(frame(QStringLiteral("OLD-1"), QStringLiteral("Heartbeat"), nowUs() - 31 * kDayUs, "ancientword"));
        writer.append(frame(QStringLiteral("BOTH"), QStringLiteral("Heartbeat"), nowUs() - 30 * kDayUs - 60'000'000, "ancientword"));
        writer.append(frame(QStringLiteral("BOTH"), QStringLiteral("Heartbeat"), nowUs() - 29 * kDayUs, "recentword"));
        writer.append(frame(QStringLiteral("NEW-1"), QStringLiteral("StatusNotification"), nowUs(), "recentword"));
        QVERIFY(writer.close().ok());
    }
    {
        Database db;
        QVERIFY(db.open(path).ok());
        FrameSearchIndex index(db);
        QVERIFY(index.ensure().ok());
        QCOMPARE(index.catchUp().value(), 5);
        QCOMPARE(ftsMatches(db, QStringLiteral("ancientword")).size(), 3);
    }

    QTest::ignoreMessage(QtInfoMsg, QRegularExpression(QStringLiteral("capture retention: deleted 3 frame\\(s\\) older than 30 day")));
    CaptureWriter writer;
    QSignalSpy pruned(&writer, &CaptureWriter::pruned);
    CaptureWriter::Options options;
    options.retentionDays = 30;
    QVERIFY(writer.open(path, options).ok());
    QTRY_COMPARE(pruned.size(), 1);
    QCOMPARE(pruned.first().first().toLongLong(), 3);
    QCOMPARE(writer.prunedCount(), 3);

    Database db;
    QVERIFY(db.open(path).ok());
    FrameRepository repo(db);
    QCOMPARE(repo.count().value(), 2);
    const auto left = repo.frames({}).value();
    QCOMPARE(left.size(), 2);
    QCOMPARE(left.at(0).record.stationId, QStringLiteral("BOTH"));
    QCOMPARE(left.at(1).record.stationId, QStringLiteral("NEW-1"));
    // Postings name no deleted frame: the old station and action are gone from the lists.
    QCOMPARE(framepostings::values(db, framepostings::Field::Station).value(), (QStringList{QStringLiteral("BOTH"), QStringLiteral("NEW-1")}));
    QCOMPARE(framepostings::values(db, framepostings::Field::Action).value(),
             (QStringList{QStringLiteral("Heartbeat"), QStringLiteral("StatusNotification")}));
    QCOMPARE(repo.frames({QStringLiteral("OLD-1"), 0, 100}).value().size(), 0);
    // The index forgot the deleted rows' words (no stale entries) and still agrees with its content.
    QCOMPARE(ftsMatches(db, QStringLiteral("ancientword")), QList<qint64>{});
    QCOMPARE(ftsMatches(db, QStringLiteral("recentword")).size(), 2);
    QSqlQuery check(db.connection());
    QVERIFY2(check.exec(QStringLiteral("INSERT INTO frames_fts (frames_fts) VALUES ('integrity-check')")),
             qPrintable(check.lastError().text()));
}

void TestCaptureRetention::prunesAgainAtItsInterval()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("capture.sqlite"));
    CaptureWriter writer;
    QSignalSpy pruned(&writer, &CaptureWriter::pruned);
    CaptureWriter::Options options;
    options.retentionDays = 1;
    options.retentionIntervalMs = 50; // "daily" in the application
    QTest::ignoreMessage(QtInfoMsg, QRegularExpression(QStringLiteral("capture retention: deleted 0 frame")));
    QVERIFY(writer.open(path, options).ok());
    QTRY_VERIFY(pruned.size() >= 1);

    // Frames that arrive late with old timestamps (an imported log) go at the next run.
    QTest::ignoreMessage(QtInfoMsg, QRegularExpression(QStringLiteral("capture retention: deleted 2 frame")));
    writer.append(QList<CaptureRecord>{frame(QStringLiteral("CP"), QStringLiteral("Heartbeat"), nowUs() - 3 * kDayUs, "x"),
                                       frame(QStringLiteral("CP"), QStringLiteral("Heartbeat"), nowUs() - 2 * kDayUs, "x"),
                                       frame(QStringLiteral("CP"), QStringLiteral("Heartbeat"), nowUs(), "x")});
    QVERIFY(writer.flush().ok());
    QTRY_COMPARE(writer.prunedCount(), 2);
    QVERIFY(writer.close().ok());

    Database db;
    QVERIFY(db.open(path).ok());
    QCOMPARE(FrameRepository(db).count().value(), 1);
}

void TestCaptureRetention::keepsEverythingWithoutRetention()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("capture.sqlite"));
    CaptureWriter writer;
    QSignalSpy pruned(&writer, &CaptureWriter::pruned);
    QVERIFY(writer.open(path).ok());
    writer.append(frame(QStringLiteral("CP"), QStringLiteral("Heartbeat"), nowUs() - 3650 * kDayUs, "x"));
    QVERIFY(writer.close().ok());
    QCOMPARE(pruned.size(), 0);
    Database db;
    QVERIFY(db.open(path).ok());
    QCOMPARE(FrameRepository(db).count().value(), 1);
}

void TestCaptureRetention::databaseFilesAreOwnerOnly()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("sub/capture.sqlite"));
    // A permissive umask, as on many desktops: the files must still be private.
    const mode_t old = ::umask(022);
    CaptureWriter writer;
    const bool opened = writer.open(path).ok();
    writer.append(frame(QStringLiteral("CP"), QStringLiteral("Heartbeat"), nowUs(), "x"));
    const bool flushed = writer.flush().ok();
    ::umask(old);
    QVERIFY(opened);
    QVERIFY(flushed);
    QCOMPARE(mode(path), 0600);
    QVERIFY(QFileInfo::exists(path + QStringLiteral("-wal")));
    QCOMPARE(mode(path + QStringLiteral("-wal")), 0600);
    QCOMPARE(mode(path + QStringLiteral("-shm")), 0600);
    QVERIFY(writer.close().ok());
}

QTEST_GUILESS_MAIN(TestCaptureRetention)
#include "tst_captureretention.moc"
