// The Device Model tree: structure over the DeviceModel (component -> variable -> attribute, with
// EVSE groups), the filter proxy (text, only writable, only changed since a baseline), pending
// edits with undo/redo/discard, and write results: a value shows as changed only when verified.
#include "devicemodel/devicemodelfilterproxy.h"
#include "devicemodel/devicemodeltreemodel.h"
#include "samplemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

using namespace cb;
using namespace cb::dm;

namespace {

using Kind = DeviceModelTreeModel::Kind;

// Every variable row under `parent` (any depth) as "Component.Variable".
QStringList variables(const QAbstractItemModel &m, const QModelIndex &parent = {})
{
    QStringList out;
    for (int r = 0; r < m.rowCount(parent); ++r) {
        const QModelIndex i = m.index(r, 0, parent);
        if (Kind(i.data(DeviceModelTreeModel::KindRole).toInt()) == Kind::Variable)
            out << i.parent().data().toString().section(QLatin1Char(' '), 0, 0) + QLatin1Char('.') + i.data().toString();
        else
            out += variables(m, i);
    }
    return out;
}

} // namespace

class TestDeviceModelTree : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void structureAndText();
    void groupByEvse();
    void textFilter_data();
    void textFilter();
    void onlyWritable();
    void onlyChangedSinceBaseline();
    void pendingEditsUndoRedoDiscard();
    void invalidEditIsRefused();
    void rejectedWriteIsNotChanged();
    void verifiedWriteIsChanged();
    void rereadKeepsRowsAndPending();
    void reshapedModelResets();

private:
    std::unique_ptr<DeviceModelTreeModel> m_tree;
    std::unique_ptr<DeviceModelFilterProxy> m_proxy;
};

void TestDeviceModelTree::init()
{
    m_tree = std::make_unique<DeviceModelTreeModel>();
    m_proxy = std::make_unique<DeviceModelFilterProxy>();
    m_proxy->setTreeModel(m_tree.get());
    new QAbstractItemModelTester(m_tree.get(), QAbstractItemModelTester::FailureReportingMode::QtTest, m_tree.get());
    new QAbstractItemModelTester(m_proxy.get(), QAbstractItemModelTester::FailureReportingMode::QtTest, m_proxy.get());
    m_tree->setDeviceModel(test::sampleModel());
}

void TestDeviceModelTree::structureAndText()
{
    // Seven components in report order; the first has two variables.
    QCOMPARE(m_tree->rowCount(), 7);
    const QModelIndex comm = m_tree->index(0, 0);
    QCOMPARE(comm.data().toString(), QStringLiteral("OCPPCommCtrlr"));
    QCOMPARE(m_tree->rowCount(comm), 2);
    const QModelIndex hb = m_tree->index(0, 0, comm);
    QCOMPARE(hb.data().toString(), QStringLiteral("HeartbeatInterval"));
    QCOMPARE(hb.siblingAtColumn(DeviceModelTreeModel::Value).data().toString(), QStringLiteral("300"));
    QCOMPARE(hb.siblingAtColumn(DeviceModelTreeModel::Unit).data().toString(), QStringLiteral("s"));
    QCOMPARE(hb.siblingAtColumn(DeviceModelTreeModel::DataType).data().toString(), QStringLiteral("integer"));
    QCOMPARE(hb.siblingAtColumn(DeviceModelTreeModel::Limits).data().toString(), QStringLiteral("1 \u2026 86400"));
    QCOMPARE(hb.siblingAtColumn(DeviceModelTreeModel::Mutability).data().toString(), QStringLiteral("ReadWrite"));
    // Attributes below the variable: Actual and MaxSet.
    QCOMPARE(m_tree->rowCount(hb), 2);
    QCOMPARE(m_tree->index(1, 0, hb).data().toString(), QStringLiteral("MaxSet"));
    QCOMPARE(m_tree->index(1, DeviceModelTreeModel::Value, hb).data().toString(), QStringLiteral("3600"));
    QCOMPARE(m_tree->parent(m_tree->index(1, 0, hb)), hb);
    // EVSE and connector in the component's name; values list shown.
    QCOMPARE(m_tree->index(1, 0).data().toString(), QStringLiteral("EVSE EVSE 1"));
    QCOMPARE(m_tree->index(2, 0).data().toString(), QStringLiteral("Connector EVSE 1/1"));
    const QModelIndex type = m_tree->index(0, DeviceModelTreeModel::ValuesList, m_tree->index(2, 0));
    QCOMPARE(type.data().toString(), QStringLiteral("cType2,sType2,cCCS2"));
    // Write-only: no value, shown as such; read-only values are not editable, writable ones are.
    const QModelIndex security = m_tree->index(5, 0);
    QCOMPARE(m_tree->index(0, DeviceModelTreeModel::Value, security).data().toString(), QStringLiteral("(write-only)"));
    QVERIFY(m_tree->flags(hb.siblingAtColumn(DeviceModelTreeModel::Value)) & Qt::ItemIsEditable);
    QVERIFY(!(m_tree->flags(m_tree->index(0, DeviceModelTreeModel::Value, m_tree->index(1, 0))) & Qt::ItemIsEditable));
    QVERIFY(!(m_tree->flags(hb) & Qt::ItemIsEditable)); // only the Value column edits
}

void TestDeviceModelTree::groupByEvse()
{
    m_tree->setGroupByEvse(true);
    QCOMPARE(m_tree->rowCount(), 2);
    QCOMPARE(m_tree->index(0, 0).data().toString(), QStringLiteral("Charging station"));
    QCOMPARE(m_tree->index(1, 0).data().toString(), QStringLiteral("EVSE 1"));
    QCOMPARE(m_tree->rowCount(m_tree->index(0, 0)), 5);
    const QModelIndex evse = m_tree->index(1, 0);
    QCOMPARE(m_tree->rowCount(evse), 2); // EVSE 1 and its connector
    const QModelIndex power = m_tree->index(0, 0, m_tree->index(0, 0, evse));
    QCOMPARE(power.data().toString(), QStringLiteral("Power"));
    QCOMPARE(m_tree->parent(m_tree->parent(power)), evse);
    QCOMPARE(m_tree->indexOfEntry(m_tree->entryOf(power)), power);
    QCOMPARE(variables(*m_proxy).size(), 12);
    m_tree->setGroupByEvse(false);
    QCOMPARE(m_tree->rowCount(), 7);
}

void TestDeviceModelTree::textFilter_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("variable name") << QStringLiteral("heartbeat") << QStringList{QStringLiteral("OCPPCommCtrlr.HeartbeatInterval")};
    QTest::newRow("component name keeps all its variables")
        << QStringLiteral("clockctrlr") << QStringList{QStringLiteral("ClockCtrlr.DateTime"), QStringLiteral("ClockCtrlr.TimeOffset")};
    QTest::newRow("value") << QStringLiteral("sType2") << QStringList{QStringLiteral("Connector.ConnectorType")};
    QTest::newRow("nothing") << QStringLiteral("no such thing") << QStringList{};
}

void TestDeviceModelTree::textFilter()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    m_proxy->setText(text);
    QCOMPARE(variables(*m_proxy), expected);
    // Attributes come with their variable.
    if (!expected.isEmpty()) {
        QModelIndex component = m_proxy->index(0, 0);
        const QModelIndex variable = m_proxy->index(0, 0, component);
        QCOMPARE(m_proxy->rowCount(variable), m_tree->rowCount(m_proxy->mapToSource(variable)));
    }
    m_tree->setGroupByEvse(true);
    QCOMPARE(variables(*m_proxy), expected);
    m_proxy->setText({});
    QCOMPARE(variables(*m_proxy).size(), 12);
}

void TestDeviceModelTree::onlyWritable()
{
    m_proxy->setOnlyWritable(true);
    const QStringList v = variables(*m_proxy);
    QVERIFY(v.contains(QStringLiteral("OCPPCommCtrlr.HeartbeatInterval")));
    QVERIFY(v.contains(QStringLiteral("SecurityCtrlr.BasicAuthPassword"))); // write-only is writable
    QVERIFY(!v.contains(QStringLiteral("EVSE.Power")));
    QVERIFY(!v.contains(QStringLiteral("Connector.ConnectorType")));
    QCOMPARE(m_proxy->rowCount(), 5); // EVSE and Connector components vanish entirely
}

void TestDeviceModelTree::onlyChangedSinceBaseline()
{
    m_proxy->setOnlyChanged(true);
    QCOMPARE(variables(*m_proxy), QStringList{}); // no baseline: nothing counts as changed
    const DeviceModel baseline = m_tree->deviceModel();
    m_tree->setBaseline(baseline);
    m_proxy->refilter();
    QCOMPARE(variables(*m_proxy), QStringList{});
    DeviceModel now = baseline;
    now.setValue(ComponentRef{QStringLiteral("ClockCtrlr"), {}, {}, {}}, VariableRef{QStringLiteral("TimeOffset"), {}}, QStringLiteral("Actual"),
                 QStringLiteral("2"));
    DeviceModelEntry added;
    added.component.name = QStringLiteral("NewCtrlr");
    added.variable.name = QStringLiteral("Fresh");
    added.attributes.append(VariableAttribute{});
    now.upsert(added);
    m_tree->setDeviceModel(now);
    m_proxy->refilter();
    QCOMPARE(variables(*m_proxy), (QStringList{QStringLiteral("ClockCtrlr.TimeOffset"), QStringLiteral("NewCtrlr.Fresh")}));
    const QModelIndex offset = m_tree->indexOfEntry(int(now.indexOf(ComponentRef{QStringLiteral("ClockCtrlr"), {}, {}, {}},
                                                                   VariableRef{QStringLiteral("TimeOffset"), {}})),
                                                    DeviceModelTreeModel::Value);
    QVERIFY(offset.data(DeviceModelTreeModel::ChangedSinceBaselineRole).toBool());
    QVERIFY(offset.data(Qt::ToolTipRole).toString().contains(QStringLiteral("In the snapshot: 1.5")));
}

void TestDeviceModelTree::pendingEditsUndoRedoDiscard()
{
    QSignalSpy pending(m_tree.get(), &DeviceModelTreeModel::pendingChanged);
    const QModelIndex hb = m_tree->index(0, DeviceModelTreeModel::Value, m_tree->index(0, 0));
    QVERIFY(m_tree->setData(hb, QStringLiteral("60")));
    QCOMPARE(m_tree->pendingCount(), 1);
    // The row shows the pending value distinctly; the device model is untouched.
    QCOMPARE(hb.data().toString(), QStringLiteral("60"));
    QCOMPARE(hb.data(DeviceModelTreeModel::PendingRole).toString(), QStringLiteral("60"));
    QVERIFY(hb.data(Qt::BackgroundRole).isValid());
    QCOMPARE(*m_tree->deviceModel().at(0).attribute(QStringLiteral("Actual"))->value, QStringLiteral("300"));
    // The Actual attribute row below shows the same pending value.
    QCOMPARE(m_tree->index(0, DeviceModelTreeModel::Value, hb.siblingAtColumn(0)).data().toString(), QStringLiteral("60"));
    const QModelIndex offset = m_tree->index(1, DeviceModelTreeModel::Value, m_tree->index(6, 0));
    QVERIFY(m_tree->setData(offset, QStringLiteral("-2.5")));
    QCOMPARE(m_tree->pendingCount(), 2);
    m_tree->undoStack()->undo();
    QCOMPARE(m_tree->pendingCount(), 1);
    QCOMPARE(offset.data().toString(), QStringLiteral("1.5"));
    m_tree->undoStack()->redo();
    QCOMPARE(offset.data().toString(), QStringLiteral("-2.5"));
    m_tree->discardPending();
    QCOMPARE(m_tree->pendingCount(), 0);
    QCOMPARE(hb.data().toString(), QStringLiteral("300"));
    m_tree->undoStack()->undo(); // discard is undoable too
    QCOMPARE(m_tree->pendingCount(), 2);
    // Typing the reported value again takes the edit back.
    QVERIFY(m_tree->setData(hb, QStringLiteral("300")));
    QCOMPARE(m_tree->pendingCount(), 1);
    QCOMPARE(m_tree->pendingEdits().first().value, QStringLiteral("-2.5"));
    QCOMPARE(pending.last().first().toInt(), 1);
}

void TestDeviceModelTree::invalidEditIsRefused()
{
    const QModelIndex hb = m_tree->index(0, DeviceModelTreeModel::Value, m_tree->index(0, 0));
    QVERIFY(!m_tree->setData(hb, QStringLiteral("0")));      // below minLimit 1
    QVERIFY(!m_tree->setData(hb, QStringLiteral("90000")));  // above maxLimit
    QVERIFY(!m_tree->setData(hb, QStringLiteral("abc")));
    const QModelIndex power = m_tree->index(0, DeviceModelTreeModel::Value, m_tree->index(1, 0));
    QVERIFY(!m_tree->setData(power, QStringLiteral("1"))); // read-only
    const QModelIndex org = m_tree->index(1, DeviceModelTreeModel::Value, m_tree->index(5, 0));
    QVERIFY(!m_tree->setData(org, QStringLiteral("a name far longer than sixteen")));
    QCOMPARE(m_tree->pendingCount(), 0);
}

void TestDeviceModelTree::rejectedWriteIsNotChanged()
{
    const QModelIndex hb = m_tree->index(0, DeviceModelTreeModel::Value, m_tree->index(0, 0));
    QVERIFY(m_tree->setData(hb, QStringLiteral("60")));
    const auto sent = m_tree->pendingEdits();
    m_tree->takePending(sent);
    QCOMPARE(m_tree->pendingCount(), 0);
    QCOMPARE(m_tree->undoStack()->count(), 0); // sent edits cannot be undone
    WriteState s;
    s.requested = QStringLiteral("60");
    s.stage = WriteState::Stage::Answered;
    s.status = QStringLiteral("Rejected");
    s.info = QStringLiteral("ValueTooLow");
    m_tree->setWriteState(0, QStringLiteral("Actual"), s);
    QCOMPARE(hb.data().toString(), QStringLiteral("300")); // still what the station reports
    QVERIFY(!hb.data(DeviceModelTreeModel::ChangedRole).toBool());
    QCOMPARE(hb.siblingAtColumn(DeviceModelTreeModel::Result).data().toString(), QStringLiteral("Rejected: ValueTooLow"));
    // Accepted, but the re-read disagrees: still not changed.
    s.status = QStringLiteral("Accepted");
    s.info.clear();
    s.stage = WriteState::Stage::NotVerified;
    s.readBack = QStringLiteral("300");
    m_tree->setWriteState(0, QStringLiteral("Actual"), s);
    QVERIFY(!hb.data(DeviceModelTreeModel::ChangedRole).toBool());
    QCOMPARE(hb.siblingAtColumn(DeviceModelTreeModel::Result).data().toString(), QStringLiteral("Accepted, but the station reports 300"));
}

void TestDeviceModelTree::verifiedWriteIsChanged()
{
    DeviceModel now = m_tree->deviceModel();
    now.setValue(now.at(0).component, now.at(0).variable, QStringLiteral("Actual"), QStringLiteral("60"));
    m_tree->setDeviceModel(now);
    WriteState s;
    s.requested = QStringLiteral("60");
    s.status = QStringLiteral("Accepted");
    s.stage = WriteState::Stage::Verified;
    m_tree->setWriteState(0, QStringLiteral("Actual"), s);
    const QModelIndex hb = m_tree->index(0, DeviceModelTreeModel::Value, m_tree->index(0, 0));
    QCOMPARE(hb.data().toString(), QStringLiteral("60"));
    QVERIFY(hb.data(DeviceModelTreeModel::ChangedRole).toBool());
    QVERIFY(hb.data(Qt::FontRole).value<QFont>().bold());
    QCOMPARE(hb.siblingAtColumn(DeviceModelTreeModel::Result).data().toString(), QStringLiteral("Accepted \u2713 verified"));
}

void TestDeviceModelTree::rereadKeepsRowsAndPending()
{
    const QModelIndex offsetRow = m_tree->index(1, 0, m_tree->index(6, 0));
    QPersistentModelIndex persistent(offsetRow);
    QVERIFY(m_tree->setData(offsetRow.siblingAtColumn(DeviceModelTreeModel::Value), QStringLiteral("3")));
    QSignalSpy reset(m_tree.get(), &QAbstractItemModel::modelReset);
    QSignalSpy changed(m_tree.get(), &QAbstractItemModel::dataChanged);
    DeviceModel now = m_tree->deviceModel();
    now.setValue(now.at(0).component, now.at(0).variable, QStringLiteral("Actual"), QStringLiteral("120"));
    m_tree->setDeviceModel(now);
    QCOMPARE(reset.count(), 0);
    QVERIFY(changed.count() >= 1);
    QVERIFY(persistent.isValid());
    QCOMPARE(m_tree->index(0, DeviceModelTreeModel::Value, m_tree->index(0, 0)).data().toString(), QStringLiteral("120"));
    QCOMPARE(m_tree->pendingCount(), 1);
}

void TestDeviceModelTree::reshapedModelResets()
{
    QVERIFY(m_tree->setData(m_tree->index(1, DeviceModelTreeModel::Value, m_tree->index(6, 0)), QStringLiteral("3")));
    QVERIFY(m_tree->setData(m_tree->index(0, DeviceModelTreeModel::Value, m_tree->index(0, 0)), QStringLiteral("30")));
    // A new report without OCPPCommCtrlr: its pending edit goes, the other one stays.
    DeviceModel now;
    for (const DeviceModelEntry &e : m_tree->deviceModel().entries())
        if (e.component.name != QLatin1String("OCPPCommCtrlr"))
            now.upsert(e);
    QSignalSpy reset(m_tree.get(), &QAbstractItemModel::modelReset);
    m_tree->setDeviceModel(now);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(m_tree->rowCount(), 6);
    QCOMPARE(m_tree->pendingCount(), 1);
    QCOMPARE(m_tree->pendingEdits().first().value, QStringLiteral("3"));
    QCOMPARE(m_tree->deviceModel().at(m_tree->pendingEdits().first().entry).variable.name, QStringLiteral("TimeOffset"));
}

QTEST_MAIN(TestDeviceModelTree)
#include "tst_devicemodeltree.moc"
