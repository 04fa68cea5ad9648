// ByteLogModel: rows arrive in one batch per event-loop turn, the oldest go beyond the capacity,
// and the columns show what crossed the wire (hex, text, direction, notes), all under
// QAbstractItemModelTester.
#include "serial/bytelogmodel.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QSignalSpy>
#include <QTest>

using namespace cb;
using serial::ByteLogEntry;

namespace {
ByteLogEntry entry(const QByteArray &bytes, ByteLogEntry::Direction d = ByteLogEntry::Direction::In, const QString &note = {})
{
    ByteLogEntry e;
    e.direction = d;
    e.timestampUs = ByteLogEntry::nowUs();
    e.port = QStringLiteral("/dev/ttyTEST");
    e.bytes = bytes;
    e.note = note;
    return e;
}
} // namespace

class TestByteLogModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rowsArriveInOneBatchPerTurn();
    void capacityDropsTheOldest_data();
    void capacityDropsTheOldest();
    void columnsShowTheBytes();
    void discardedFramesShowAsProblems();
    void longChunksArePreviewed();
    void clearAndShrink();
};

void TestByteLogModel::rowsArriveInOneBatchPerTurn()
{
    ByteLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy batches(&model, &ByteLogModel::batchInserted);
    for (int i = 0; i < 250; ++i)
        model.append(entry(QByteArray::number(i)));
    QCOMPARE(model.rowCount(), 0); // nothing before the event loop turns
    QCOMPARE(model.pendingCount(), 250);
    QVERIFY(batches.wait());
    QCOMPARE(model.rowCount(), 250);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(batches.first().first().toInt(), 250);
    QCOMPARE(model.entryAt(249).bytes, QByteArray("249"));

    model.append(entry("next"));
    model.flush(); // at once, for callers that need the row now
    QCOMPARE(model.rowCount(), 251);
    QCOMPARE(inserted.count(), 2);
}

void TestByteLogModel::capacityDropsTheOldest_data()
{
    QTest::addColumn<int>("capacity");
    QTest::addColumn<QList<int>>("batches");
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("firstKept"); // the number carried by the first row left

    QTest::newRow("under capacity") << 10 << QList<int>{3, 4} << 7 << 0;
    QTest::newRow("exactly full") << 10 << QList<int>{5, 5} << 10 << 0;
    QTest::newRow("overflow across batches") << 10 << QList<int>{8, 8} << 10 << 6;
    QTest::newRow("one batch larger than capacity") << 10 << QList<int>{25} << 10 << 15;
    QTest::newRow("many small batches") << 5 << QList<int>{2, 2, 2, 2, 2} << 5 << 5;
}

void TestByteLogModel::capacityDropsTheOldest()
{
    QFETCH(int, capacity);
    QFETCH(QList<int>, batches);
    QFETCH(int, rows);
    QFETCH(int, firstKept);

    ByteLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCapacity(capacity);
    int n = 0;
    for (int size : batches) {
        for (int i = 0; i < size; ++i)
            model.append(entry(QByteArray::number(n++)));
        model.flush();
        QVERIFY(model.rowCount() <= capacity);
    }
    QCOMPARE(model.rowCount(), rows);
    QCOMPARE(model.entryAt(0).bytes, QByteArray::number(firstKept));
    QCOMPARE(model.entryAt(rows - 1).bytes, QByteArray::number(n - 1));
    QCOMPARE(model.droppedCount(), qint64(n - rows));
}

void TestByteLogModel::columnsShowTheBytes()
{
    ByteLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append(entry("$GS^30\r", ByteLogEntry::Direction::Out));
    model.append(entry(QByteArray("$OK\x01\xff\r", 6)));
    model.flush();
    QCOMPARE(model.columnCount(), int(ByteLogModel::ColumnCount));
    auto cell = [&](int row, int column, int role = Qt::DisplayRole) { return model.index(row, column).data(role); };
    QCOMPARE(cell(0, ByteLogModel::Hex).toString(), QStringLiteral("24 47 53 5e 33 30 0d"));
    QCOMPARE(cell(0, ByteLogModel::Text).toString(), QStringLiteral("$GS^30\\r"));
    QCOMPARE(cell(0, ByteLogModel::Size).toString(), QStringLiteral("7"));
    QCOMPARE(cell(0, ByteLogModel::Direction).toString(), QStringLiteral("\u2192"));
    QVERIFY(cell(0, ByteLogModel::Time, ByteLogModel::OutgoingRole).toBool());
    QCOMPARE(cell(1, ByteLogModel::Direction).toString(), QStringLiteral("\u2190"));
    QCOMPARE(cell(1, ByteLogModel::Text).toString(), QStringLiteral("$OK\\x01\\xff\\r"));
    QCOMPARE(cell(1, ByteLogModel::Hex).toString(), QStringLiteral("24 4f 4b 01 ff 0d"));
    QCOMPARE(cell(1, ByteLogModel::Hex, ByteLogModel::EntryBytesRole).toByteArray(), QByteArray("$OK\x01\xff\r", 6));
    QVERIFY(cell(0, ByteLogModel::Time).toString().contains(QLatin1Char(':')));
    QCOMPARE(model.headerData(ByteLogModel::Hex, Qt::Horizontal, Qt::DisplayRole).toString(), QStringLiteral("Hex"));
}

void TestByteLogModel::discardedFramesShowAsProblems()
{
    ByteLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append(entry({}, ByteLogEntry::Direction::In, QStringLiteral("frame with a wrong CRC discarded")));
    model.append(entry(QByteArray("\x01\x04\x02\x00\x07\xf9\x32", 7), ByteLogEntry::Direction::In, QStringLiteral("slow reply")));
    // A Modbus frame with a wrong CRC, logged with its real bytes.
    ByteLogEntry bad = entry(QByteArray("\x01\x04\x02\x00\x07\xf9\x68", 7), ByteLogEntry::Direction::In, QStringLiteral("CRC error: discarded"));
    bad.problem = true;
    model.append(bad);
    model.flush();
    const QColor red(0xc6, 0x28, 0x28);
    const QModelIndex discarded = model.index(0, ByteLogModel::Note);
    QCOMPARE(discarded.data().toString(), QStringLiteral("frame with a wrong CRC discarded"));
    QCOMPARE(discarded.data(Qt::ForegroundRole).value<QBrush>().color(), red);
    QVERIFY(discarded.data(ByteLogModel::ProblemRole).toBool());
    QCOMPARE(model.index(0, ByteLogModel::Size).data().toString(), QStringLiteral("0"));
    // A note on a good frame is information, not a problem.
    QVERIFY(!model.index(1, ByteLogModel::Note).data(Qt::ForegroundRole).isValid());
    QVERIFY(!model.index(1, ByteLogModel::Note).data(ByteLogModel::ProblemRole).toBool());
    // Bad bytes: note and hex in red, the bytes themselves intact.
    QCOMPARE(model.index(2, ByteLogModel::Note).data(Qt::ForegroundRole).value<QBrush>().color(), red);
    QCOMPARE(model.index(2, ByteLogModel::Hex).data(Qt::ForegroundRole).value<QBrush>().color(), red);
    QCOMPARE(model.index(2, ByteLogModel::Hex).data().toString(), QStringLiteral("01 04 02 00 07 f9 68"));
    QVERIFY(model.index(2, ByteLogModel::Time).data(ByteLogModel::ProblemRole).toBool());
}

void TestByteLogModel::longChunksArePreviewed()
{
    ByteLogModel model;
    const QByteArray big(200, 'x');
    model.append(entry(big));
    model.flush();
    const QString shown = model.index(0, ByteLogModel::Hex).data().toString();
    QVERIFY(shown.endsWith(QStringLiteral("\u2026")));
    QCOMPARE(shown.count(QStringLiteral("78")), ByteLogModel::kHexPreviewBytes);
    QCOMPARE(model.index(0, ByteLogModel::Hex).data(Qt::ToolTipRole).toString().count(QStringLiteral("78")), 200);
    QCOMPARE(model.index(0, ByteLogModel::Text).data().toString(), QString(200, QLatin1Char('x')));
}

void TestByteLogModel::clearAndShrink()
{
    ByteLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (int i = 0; i < 20; ++i)
        model.append(entry(QByteArray::number(i)));
    model.flush();
    model.setCapacity(5);
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.entryAt(0).bytes, QByteArray("15"));
    model.append(entry("pending"));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.pendingCount(), 0);
    model.flush();
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(TestByteLogModel)
#include "tst_bytelogmodel.moc"
