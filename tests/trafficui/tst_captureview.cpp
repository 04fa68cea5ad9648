// The capture view as a person uses it: keyboard jump between a CALL and its reply, the detail
// pane marking a schema violation at its path, copy as JSON, lint findings selecting their frames,
// following live traffic only while scrolled to the end, the sequence diagram from a selection.
#include "capturebrowse/capturesession.h"
#include "traffic/capturetablemodel.h"
#include "traffic/captureview.h"
#include "traffic/framedetail.h"
#include "traffic/lintfindingsmodel.h"
#include "traffic/sequencediagramdialog.h"
#include "trafficfixture.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QJsonDocument>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>

using namespace cb;

class TestCaptureView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void violationMarks_data();
    void violationMarks();
    void detailMarksViolationAtItsPath();
    void jumpBetweenCallAndReplyWithKeyboard();
    void copyAsJson();
    void findingsSelectTheirFrames();
    void followsLiveUnlessScrolledAway();
    void sequenceDiagramOfSelection();

private:
    bool openAndList(CaptureView &view, const QString &path);
    void selectRowOf(CaptureView &view, qint64 id);
    test::TrafficFixture m_fx;
};

void TestCaptureView::initTestCase()
{
    qRegisterMetaType<SequenceDiagramDialog *>();
    QVERIFY(m_fx.dir.isValid());
    m_fx.buildScenario(10);
    QVERIFY(m_fx.write());
}

bool TestCaptureView::openAndList(CaptureView &view, const QString &path)
{
    QSignalSpy finished(view.model(), &CaptureTableModel::listingFinished);
    view.openDatabase(path);
    return finished.wait(10000);
}

void TestCaptureView::selectRowOf(CaptureView &view, qint64 id)
{
    const int row = view.model()->rowOfId(id);
    QVERIFY(row >= 0);
    view.model()->data(view.model()->index(row, 0));
    QTRY_VERIFY(view.model()->rowAt(row));
    QSignalSpy shown(&view, &CaptureView::detailShown);
    view.table()->setCurrentIndex(view.model()->index(row, 0));
    QVERIFY(shown.wait(5000) || view.detailFrameId() == id);
    QCOMPARE(view.detailFrameId(), id);
}

void TestCaptureView::violationMarks_data()
{
    QTest::addColumn<QString>("problem");
    QTest::addColumn<int>("type");
    QTest::addColumn<QStringList>("pointers");
    QTest::newRow("call field") << QStringLiteral("/connectorId: less than minimum 0") << 2 << QStringList{QStringLiteral("/3/connectorId")};
    QTest::newRow("result nested, two") << QStringLiteral("/idTagInfo/status: not one of the enum values; /currentTime: not a date-time") << 3
                                        << QStringList{QStringLiteral("/2/currentTime"), QStringLiteral("/2/idTagInfo/status")};
    QTest::newRow("root") << QStringLiteral("/: missing required property idTag") << 2 << QStringList{QStringLiteral("/3")};
    QTest::newRow("decode error, no path") << QStringLiteral("not a JSON array") << 2 << QStringList{};
}

void TestCaptureView::violationMarks()
{
    QFETCH(QString, problem);
    QFETCH(int, type);
    QFETCH(QStringList, pointers);
    QStringList keys = framedetail::violationMarks(problem, type).keys();
    keys.sort();
    QCOMPARE(keys, pointers);
}

void TestCaptureView::detailMarksViolationAtItsPath()
{
    CaptureView view;
    view.resize(1200, 700);
    QVERIFY(openAndList(view, m_fx.path()));
    selectRowOf(view, m_fx.badStatus);
    const QString html = view.detail()->toHtml();
    // The connectorId line is highlighted and carries the rule after it; other lines are not.
    const QString text = view.detail()->toPlainText();
    const QStringList lines = text.split(QLatin1Char('\n'));
    QString marked;
    for (const QString &l : lines)
        if (l.contains(QStringLiteral("connectorId")))
            marked = l;
    QVERIFY2(marked.contains(QStringLiteral("less than minimum 0")), qPrintable(text));
    QVERIFY(html.contains(QStringLiteral("#ffd9d9")));
    int rules = 0;
    for (const QString &l : lines)
        rules += l.contains(QStringLiteral("\u2190 less than minimum 0")) ? 1 : 0;
    QCOMPARE(rules, 1);
    // A valid frame has no marks.
    selectRowOf(view, m_fx.bootCall);
    QVERIFY(!view.detail()->toHtml().contains(QStringLiteral("#ffd9d9")));
    QVERIFY(view.detail()->toPlainText().contains(QStringLiteral("Reply after 12 ms")));
}

void TestCaptureView::jumpBetweenCallAndReplyWithKeyboard()
{
    CaptureView view;
    view.resize(1200, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowActive(&view));
    QVERIFY(openAndList(view, m_fx.path()));
    selectRowOf(view, m_fx.authorizeCall);
    view.table()->setFocus();
    QTest::keyClick(view.table(), Qt::Key_J, Qt::ControlModifier);
    QTRY_COMPARE(view.model()->idAt(view.table()->currentIndex().row()), m_fx.authorizeResult);
    QTRY_VERIFY(view.model()->rowAt(view.table()->currentIndex().row()));
    QTest::keyClick(view.table(), Qt::Key_J, Qt::ControlModifier);
    QTRY_COMPARE(view.model()->idAt(view.table()->currentIndex().row()), m_fx.authorizeCall);
    // An unanswered CALL stays where it is and says why.
    selectRowOf(view, m_fx.unanswered);
    QSignalSpy said(&view, &CaptureView::message);
    QVERIFY(!view.jumpToPair());
    QCOMPARE(view.model()->idAt(view.table()->currentIndex().row()), m_fx.unanswered);
    QVERIFY(said.constLast().at(0).toString().contains(QStringLiteral("No reply")));
    // A pair hidden by the filter: the view says so instead of jumping.
    FrameViewFilter f;
    f.messageType = 2;
    QSignalSpy finished(view.model(), &CaptureTableModel::listingFinished);
    view.setFilter(f);
    QVERIFY(finished.wait(5000));
    selectRowOf(view, m_fx.bootCall);
    QVERIFY(!view.jumpToPair());
    QVERIFY(said.constLast().at(0).toString().contains(QStringLiteral("hidden by the filter")));
}

void TestCaptureView::copyAsJson()
{
    CaptureView view;
    QVERIFY(openAndList(view, m_fx.path()));
    selectRowOf(view, m_fx.authorizeResult);
    const QString text = view.copyJson();
    QCOMPARE(QApplication::clipboard()->text(), text);
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
    QVERIFY(doc.isArray());
    QCOMPARE(doc.array().at(0).toInt(), 3);
    QCOMPARE(doc.array().at(2).toObject().value(QStringLiteral("idTagInfo")).toObject().value(QStringLiteral("status")).toString(),
             QStringLiteral("Accepted"));
    QVERIFY(text.contains(QLatin1Char('\n'))); // pretty, not the wire's compact form
}

void TestCaptureView::findingsSelectTheirFrames()
{
    CaptureView view;
    view.resize(1200, 700);
    QAbstractItemModelTester tester(view.findingsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(openAndList(view, m_fx.path()));
    QSignalSpy linted(view.session(), &CaptureSession::lintFinished);
    view.runLint();
    QVERIFY(linted.wait(20000));
    QVERIFY(view.findingsModel()->rowCount() > 0);
    int row = -1;
    for (int r = 0; r < view.findingsModel()->rowCount(); ++r)
        if (view.findingsModel()->frameIds(r).contains(m_fx.unanswered))
            row = r;
    QVERIFY(row >= 0);
    view.findingsTable()->setCurrentIndex(view.findingsModel()->index(row, 0));
    const QModelIndexList selected = view.table()->selectionModel()->selectedRows();
    QCOMPARE(selected.size(), view.findingsModel()->frameIds(row).size());
    QCOMPARE(view.model()->idAt(view.table()->currentIndex().row()), view.findingsModel()->frameIds(row).constFirst());
    QTRY_COMPARE(view.detailFrameId(), view.findingsModel()->frameIds(row).constFirst());
}

void TestCaptureView::followsLiveUnlessScrolledAway()
{
    test::TrafficFixture fx;
    fx.buildScenario(100);
    QVERIFY(fx.write());
    CaptureView view;
    view.resize(1000, 500);
    view.setLockedStation(QStringLiteral("CP-1"));
    view.setFollowLive(true);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(openAndList(view, fx.path()));
    QScrollBar *sb = view.table()->verticalScrollBar();
    QTRY_VERIFY(sb->maximum() > 0);
    QTRY_VERIFY(view.isAtBottom());

    auto appendAndWait = [&](int n) {
        const qsizetype from = fx.records.size();
        for (int i = 0; i < n; ++i)
            fx.call(QStringLiteral("CP-1"), 1, true, QStringLiteral("live%1-%2").arg(from).arg(i), QStringLiteral("Heartbeat"), {});
        QVERIFY(fx.write(from));
        const int before = view.model()->rowCount();
        view.notifyNewFrames();
        QTRY_COMPARE(view.model()->rowCount(), before + n);
    };
    // At the end: the list follows the new frames.
    appendAndWait(30);
    QTRY_VERIFY(view.isAtBottom());
    QCOMPARE(sb->value(), sb->maximum());
    // Scrolled away: new frames arrive, the view stays where the person is reading.
    sb->setValue(0);
    appendAndWait(30);
    QCOMPARE(sb->value(), 0);
    QVERIFY(!view.isAtBottom());
    // Back at the end: following again.
    view.table()->scrollToBottom();
    appendAndWait(5);
    QTRY_VERIFY(view.isAtBottom());
}

void TestCaptureView::sequenceDiagramOfSelection()
{
    CaptureView view;
    view.resize(1200, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowActive(&view));
    QVERIFY(openAndList(view, m_fx.path()));
    const int first = view.model()->rowOfId(m_fx.bootCall);
    const int last = view.model()->rowOfId(m_fx.resetError);
    view.table()->setCurrentIndex(view.model()->index(first, 0));
    view.table()->selectionModel()->select(QItemSelection(view.model()->index(first, 0), view.model()->index(last, 0)),
                                           QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QSignalSpy opened(&view, &CaptureView::sequenceDiagramOpened);
    view.table()->setFocus();
    QTest::keyClick(view.table(), Qt::Key_D, Qt::ControlModifier);
    QVERIFY(opened.wait(5000));
    auto *dialog = opened.constFirst().at(0).value<SequenceDiagramDialog *>();
    QVERIFY(dialog);
    QCOMPARE(dialog->diagram().stepCount(), last - first + 1);
    const QStringList labels = dialog->diagram().labels();
    QVERIFY(labels.contains(QStringLiteral("BootNotification")));
    QVERIFY(labels.contains(QStringLiteral("BootNotification: Accepted")));
    QVERIFY(labels.contains(QStringLiteral("BootNotification: Pending")));
    QVERIFY(labels.contains(QStringLiteral("Authorize: Accepted")));
    QVERIFY(labels.contains(QStringLiteral("Reset: CALLERROR NotSupported")));
    QCOMPARE(dialog->diagram().lanes(), (QStringList{QStringLiteral("CP-1"), QStringLiteral("CP-2")}));
    dialog->close();
}

QTEST_MAIN(TestCaptureView)
#include "tst_captureview.moc"
