// The lazy traffic model over a real SQLite capture: model invariants (QAbstractItemModelTester),
// every filter against the known scenario, full-text search through the FTS5 index and through
// LIKE for rows not indexed yet, CALL/reply pairing and latency, live tail appends, lint verdicts.
#include "capturebrowse/capturesession.h"
#include "traffic/capturetablemodel.h"
#include "storage/database.h"
#include "storage/framesearchindex.h"
#include "trafficfixture.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace cb;

Q_DECLARE_METATYPE(cb::FrameViewFilter)

class TestCaptureTableModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void modelTester();
    void filters_data();
    void filters();
    void searchBeforeAndAfterIndex();
    void pairingAndLatency();
    void tailAppendsInBatches();
    void lintVerdictsAndProblemsFilter();
    void matchExpressionQuotesWords();

private:
    QList<qint64> listAll(CaptureTableModel &model, const FrameViewFilter &filter);
    void loadRow(CaptureTableModel &model, int row);
    test::TrafficFixture m_fx;
};

void TestCaptureTableModel::initTestCase()
{
    QVERIFY(m_fx.dir.isValid());
    m_fx.buildScenario(300);
    QVERIFY(m_fx.write());
}

QList<qint64> TestCaptureTableModel::listAll(CaptureTableModel &model, const FrameViewFilter &filter)
{
    QSignalSpy finished(&model, &CaptureTableModel::listingFinished);
    model.setFilter(filter);
    if (!finished.wait(10000))
        return {{-1}};
    QList<qint64> ids;
    for (int r = 0; r < model.rowCount(); ++r)
        ids << model.idAt(r);
    return ids;
}

void TestCaptureTableModel::loadRow(CaptureTableModel &model, int row)
{
    model.data(model.index(row, CaptureTableModel::Time));
    QTRY_VERIFY(model.rowAt(row) != nullptr);
}

void TestCaptureTableModel::modelTester()
{
    CaptureSession session;
    session.open(m_fx.path());
    CaptureTableModel model(&session);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QList<qint64> all = listAll(model, {});
    QCOMPARE(all.size(), m_fx.records.size());
    // Rows arrive lazily: the first screen and a window deep in the list get their columns.
    loadRow(model, 0);
    loadRow(model, model.rowCount() - 1);
    QCOMPARE(model.data(model.index(0, CaptureTableModel::Type)).toString(), QStringLiteral("connected"));
    QCOMPARE(model.data(model.index(int(m_fx.bootCall - 1), CaptureTableModel::Action)).toString(), QStringLiteral("BootNotification"));
    // A filter change resets and lists again under the tester's eye.
    FrameViewFilter f;
    f.stationId = QStringLiteral("CP-2");
    QVERIFY(!listAll(model, f).isEmpty());
}

void TestCaptureTableModel::filters_data()
{
    QTest::addColumn<FrameViewFilter>("filter");
    QTest::addColumn<QList<qint64>>("expected");
    auto add = [this](const char *name, const FrameViewFilter &f, const std::function<bool(const CaptureRecord &)> &keep) {
        QTest::newRow(name) << f << m_fx.idsWhere(keep);
    };
    FrameViewFilter f;
    f.stationId = QStringLiteral("CP-2");
    add("station", f, [](const CaptureRecord &r) { return r.stationId == QLatin1String("CP-2"); });
    f = {};
    f.action = QStringLiteral("Authorize");
    add("action", f, [](const CaptureRecord &r) { return r.action == QLatin1String("Authorize"); });
    f = {};
    f.direction = FrameViewFilter::Direction::Sent;
    add("direction sent", f, [](const CaptureRecord &r) { return r.outgoing; });
    f.direction = FrameViewFilter::Direction::Received;
    add("direction received", f, [](const CaptureRecord &r) { return !r.outgoing; });
    f = {};
    f.messageType = 4;
    add("type CALLERROR", f, [](const CaptureRecord &r) { return r.kind == CaptureRecord::Kind::Frame && r.messageType == 4; });
    f.messageType = 2;
    add("type CALL", f, [](const CaptureRecord &r) { return r.kind == CaptureRecord::Kind::Frame && r.messageType == 2; });
    f.messageType = FrameViewFilter::kEventsType;
    add("type events", f, [](const CaptureRecord &r) { return r.kind != CaptureRecord::Kind::Frame; });
    f = {};
    f.onlyProblems = true;
    add("only problems", f, [](const CaptureRecord &r) { return !r.problem.isEmpty(); });
    f = {};
    const qint64 from = m_fx.records.at(int(m_fx.authorizeCall - 1)).record.timestampUs;
    const qint64 to = m_fx.records.at(int(m_fx.resetError - 1)).record.timestampUs;
    f.fromUs = from;
    f.toUs = to;
    add("time range", f, [from, to](const CaptureRecord &r) { return r.timestampUs >= from && r.timestampUs <= to; });
    f = {};
    f.stationId = QStringLiteral("CP-1");
    f.action = QStringLiteral("Heartbeat");
    f.messageType = 3;
    add("station+action+type", f, [](const CaptureRecord &r) {
        return r.stationId == QLatin1String("CP-1") && r.action == QLatin1String("Heartbeat") && r.messageType == 3;
    });
    f = {};
    f.search = QStringLiteral("TAG-ALPHA");
    add("search", f, [](const CaptureRecord &r) { return r.data.contains("TAG-ALPHA"); });
    f.search = QStringLiteral("sunflower");
    add("search case-insensitive", f, [](const CaptureRecord &r) { return r.data.toLower().contains("sunflower"); });
}

void TestCaptureTableModel::filters()
{
    QFETCH(FrameViewFilter, filter);
    QFETCH(QList<qint64>, expected);
    QVERIFY(!expected.isEmpty());
    CaptureSession session;
    session.open(m_fx.path());
    CaptureTableModel model(&session);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(listAll(model, filter), expected);
}

void TestCaptureTableModel::searchBeforeAndAfterIndex()
{
    test::TrafficFixture fx;
    fx.buildScenario(20);
    QVERIFY(fx.write());
    CaptureSession session;
    QSignalSpy indexed(&session, &CaptureSession::searchIndexProgress);
    session.open(fx.path());
    CaptureTableModel model(&session);
    // Wait until the background indexer has caught up with every frame.
    QTRY_VERIFY_WITH_TIMEOUT(!indexed.isEmpty() && indexed.constLast().at(0).toLongLong() == fx.records.size(), 10000);
    QCOMPARE(session.searchIndexedUpTo(), qint64(fx.records.size()));
    FrameViewFilter f;
    f.search = QStringLiteral("sunflower");
    const QList<qint64> before = listAll(model, f);
    QCOMPARE(before, fx.idsWhere([](const CaptureRecord &r) { return r.data.toLower().contains("sunflower"); }));

    // Frames written after the index caught up are found too (by LIKE) until it catches up again.
    const qsizetype from = fx.records.size();
    fx.call(QStringLiteral("CP-1"), 1, true, QStringLiteral("dt"), QStringLiteral("DataTransfer"),
            {{QStringLiteral("vendorId"), QStringLiteral("sunflower.example")}});
    QVERIFY(fx.write(from));
    const QList<qint64> after = listAll(model, f);
    QCOMPARE(after.size(), before.size() + 1);
    QCOMPARE(after.constLast(), qint64(fx.records.size()));
    {
        Database db;
        QVERIFY(db.open(fx.path()));
        QVERIFY(FrameSearchIndex(db).indexedUpTo().value() < qint64(fx.records.size()));
    }
    indexed.clear();
    session.notifyNewFrames();
    QTRY_VERIFY_WITH_TIMEOUT(!indexed.isEmpty() && indexed.constLast().at(0).toLongLong() == fx.records.size(), 10000);
    QCOMPARE(listAll(model, f), after);
}

void TestCaptureTableModel::pairingAndLatency()
{
    CaptureSession session;
    session.open(m_fx.path());
    CaptureTableModel model(&session);
    listAll(model, {});
    const int call = model.rowOfId(m_fx.bootCall);
    const int reply = model.rowOfId(m_fx.bootResult);
    loadRow(model, call);
    QCOMPARE(model.data(model.index(call, 0), CaptureTableModel::PairIdRole).toLongLong(), m_fx.bootResult);
    QCOMPARE(model.data(model.index(reply, 0), CaptureTableModel::PairIdRole).toLongLong(), m_fx.bootCall);
    QCOMPARE(model.rowAt(call)->latencyUs, 12'000);
    QCOMPARE(model.data(model.index(call, CaptureTableModel::Latency)).toString(), QStringLiteral("12 ms"));
    QCOMPARE(model.data(model.index(reply, CaptureTableModel::Latency)).toString(), QStringLiteral("12 ms"));
    // Replies from the station to a CSMS CALL pair the same way; CALLERROR included.
    const int reset = model.rowOfId(m_fx.resetCall);
    loadRow(model, reset);
    QCOMPARE(model.rowAt(reset)->pairId, m_fx.resetError);
    QCOMPARE(model.data(model.index(reset, CaptureTableModel::Latency)).toString(), QStringLiteral("2.0 ms"));
    // An unanswered CALL has no pair and no latency.
    const int lost = model.rowOfId(m_fx.unanswered);
    loadRow(model, lost);
    QCOMPARE(model.rowAt(lost)->pairId, 0);
    QVERIFY(model.data(model.index(lost, CaptureTableModel::Latency)).toString().isEmpty());

    // Pairing also works when the filter leaves only sparse rows (no dense window read).
    FrameViewFilter f;
    f.messageType = 2;
    f.action = QStringLiteral("Authorize");
    listAll(model, f);
    QCOMPARE(model.rowCount(), 1);
    loadRow(model, 0);
    QCOMPARE(model.rowAt(0)->pairId, m_fx.authorizeResult);
    QCOMPARE(model.rowAt(0)->latencyUs, 4000);
}

void TestCaptureTableModel::tailAppendsInBatches()
{
    test::TrafficFixture fx;
    fx.buildScenario(5);
    QVERIFY(fx.write());
    CaptureSession session;
    session.open(fx.path());
    CaptureTableModel model(&session);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    FrameViewFilter f;
    f.stationId = QStringLiteral("CP-1");
    const int before = int(listAll(model, f).size());
    const qsizetype from = fx.records.size();
    for (int i = 0; i < 500; ++i)
        fx.call(i % 2 ? QStringLiteral("CP-1") : QStringLiteral("CP-2"), i % 2 ? 1 : 2, true, QStringLiteral("x%1").arg(i),
                QStringLiteral("Heartbeat"), {});
    QVERIFY(fx.write(from));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy finished(&model, &CaptureTableModel::listingFinished);
    session.notifyNewFrames();
    QVERIFY(finished.wait(10000));
    QCOMPARE(model.rowCount(), before + 250);
    // 250 new rows, one insertion (one listing page, one event-loop turn).
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(model.idAt(model.rowCount() - 1), qint64(fx.records.size()));
}

void TestCaptureTableModel::lintVerdictsAndProblemsFilter()
{
    CaptureSession session;
    session.open(m_fx.path());
    CaptureTableModel model(&session);
    listAll(model, {});
    QSignalSpy linted(&session, &CaptureSession::lintFinished);
    session.runLint({});
    QVERIFY(linted.wait(20000));
    const LintReport report = linted.constFirst().at(0).value<LintReport>();
    model.setLintReport(report);
    QVERIFY(!report.findings.isEmpty());
    // The unanswered Heartbeat is named by a no-reply finding and shows it as its verdict.
    const int lost = model.rowOfId(m_fx.unanswered);
    loadRow(model, lost);
    QVERIFY2(model.data(model.index(lost, CaptureTableModel::Verdict)).toString().contains(QStringLiteral("no-reply")),
             qPrintable(model.data(model.index(lost, CaptureTableModel::Verdict)).toString()));
    QVERIFY(!model.findingsOf(m_fx.unanswered).isEmpty());
    // The schema problem keeps its recorded text as the verdict.
    const int bad = model.rowOfId(m_fx.badStatus);
    loadRow(model, bad);
    QCOMPARE(model.data(model.index(bad, CaptureTableModel::Verdict)).toString(), QStringLiteral("/connectorId: less than minimum 0"));
    // "Only problems" now includes the frames lint named.
    FrameViewFilter f;
    f.onlyProblems = true;
    const QList<qint64> problems = listAll(model, f);
    QVERIFY(problems.contains(m_fx.badStatus));
    QVERIFY(problems.contains(m_fx.unanswered));
    QVERIFY(!problems.contains(m_fx.bootCall));
}

void TestCaptureTableModel::matchExpressionQuotesWords()
{
    QCOMPARE(FrameSearchIndex::matchExpression(QStringLiteral("TAG-ALPHA")), QStringLiteral("\"TAG\" \"ALPHA\"*"));
    QCOMPARE(FrameSearchIndex::matchExpression(QStringLiteral("  NOT OR \"x")), QStringLiteral("\"NOT\" \"OR\" \"x\"*"));
    QVERIFY(FrameSearchIndex::matchExpression(QStringLiteral("--")).isEmpty());
    QCOMPARE(FrameSearchIndex::likePattern(QStringLiteral("50%_a")), QStringLiteral("%50\\%\\_a%"));
}

QTEST_MAIN(TestCaptureTableModel)
#include "tst_capturetablemodel.moc"
