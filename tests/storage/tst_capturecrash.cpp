// kill -9 during capture: the database opens cleanly and holds every record the writer had
// reported durable, plus everything appended more than a second before the kill.
#include "storage/database.h"
#include "storage/framerepository.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace cb;

namespace {

// One "progress <written> <appended>" line of the helper, with when the test received it.
struct Progress
{
    qint64 receivedMs = 0;
    qint64 written = 0;
    qint64 appended = 0;
};

} // namespace

class TestCaptureCrash : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void killNineLosesAtMostTheLastSecond();

private:
    void readLines(QProcess &p, const QElapsedTimer &clock);

    QByteArray m_buffer;
    QList<Progress> m_progress;
    bool m_ready = false;
};

void TestCaptureCrash::readLines(QProcess &p, const QElapsedTimer &clock)
{
    m_buffer += p.readAllStandardOutput();
    qsizetype nl;
    while ((nl = m_buffer.indexOf('\n')) >= 0) {
        const QByteArray line = m_buffer.left(nl).trimmed();
        m_buffer.remove(0, nl + 1);
        const QList<QByteArray> parts = line.split(' ');
        if (line == "ready")
            m_ready = true;
        else if (parts.size() == 3 && parts.at(0) == "progress")
            m_progress << Progress{clock.elapsed(), parts.at(1).toLongLong(), parts.at(2).toLongLong()};
        else
            qWarning() << "helper said" << line;
    }
}

void TestCaptureCrash::killNineLosesAtMostTheLastSecond()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("crash.sqlite"));
    QElapsedTimer clock;
    clock.start();
    QProcess helper;
    helper.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    connect(&helper, &QProcess::readyReadStandardOutput, this, [&] { readLines(helper, clock); });
    helper.start(QStringLiteral(CAPTURE_CRASH_HELPER), {path});
    QVERIFY2(helper.waitForStarted(), qPrintable(helper.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(m_ready || helper.state() == QProcess::NotRunning, 30000);
    QVERIFY2(m_ready, "the helper did not start capturing");

    // Kill once a good amount is durable and some report is at least 1.2 s old, so the
    // "appended more than a second before the kill" check below has something to check.
    constexpr qint64 kDurable = 5000;
    auto readyToKill = [&] {
        if (m_progress.isEmpty() || m_progress.constLast().written < kDurable)
            return false;
        return clock.elapsed() - m_progress.constFirst().receivedMs >= 1200;
    };
    QTRY_VERIFY_WITH_TIMEOUT(readyToKill() || helper.state() == QProcess::NotRunning, 60000);
    QCOMPARE(helper.state(), QProcess::Running);

    const qint64 killedAtMs = clock.elapsed();
    QCOMPARE(::kill(pid_t(helper.processId()), SIGKILL), 0);
    QVERIFY(helper.waitForFinished(30000));
    QCOMPARE(helper.exitStatus(), QProcess::CrashExit);
    readLines(helper, clock); // lines written before the kill but not yet read

    qint64 reportedDurable = 0;
    qint64 appendedASecondBefore = 0;
    for (const Progress &p : std::as_const(m_progress)) {
        reportedDurable = qMax(reportedDurable, p.written);
        if (p.receivedMs <= killedAtMs - 1000)
            appendedASecondBefore = qMax(appendedASecondBefore, p.appended);
    }
    QVERIFY(appendedASecondBefore > 0);

    Database db;
    const auto opened = db.open(path);
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().text()));
    const auto integrity = db.integrityCheck();
    QVERIFY(integrity.ok());
    QCOMPARE(integrity.value(), QStringLiteral("ok"));

    // What survived is a gap-free prefix of what was appended, in order.
    FrameRepository repo(db);
    qint64 expectedSeq = 0;
    qint64 after = 0;
    for (;;) {
        const auto page = repo.frames({QString(), after, FrameFilter::kMaxLimit});
        QVERIFY(page.ok());
        if (page.value().isEmpty())
            break;
        for (const StoredCaptureRecord &row : page.value()) {
            QCOMPARE(row.record.messageId.toLongLong(), expectedSeq);
            ++expectedSeq;
        }
        after = page.value().constLast().id;
    }
    const qint64 stored = expectedSeq;
    QCOMPARE(repo.count().value(), stored);
    qInfo() << "stored" << stored << "reported durable" << reportedDurable << "appended >= 1 s before the kill"
            << appendedASecondBefore;
    QVERIFY2(stored >= reportedDurable, "a record reported as committed is missing");
    QVERIFY2(stored >= appendedASecondBefore, "records appended more than a second before the kill are missing");
}

QTEST_GUILESS_MAIN(TestCaptureCrash)
#include "tst_capturecrash.moc"
