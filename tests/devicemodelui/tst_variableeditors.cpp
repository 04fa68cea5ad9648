// Editors by data type: each produces the value string the station will be sent, respects the
// variable's limits, and queues the edit as a pending change; values the characteristics forbid
// are refused before they are queued.
#include "devicemodel/devicemodeltreemodel.h"
#include "devicemodel/listselectioneditor.h"
#include "devicemodel/variableeditordelegate.h"
#include "devicemodel/variablevalue.h"
#include "samplemodel.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QListWidget>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QTreeView>

using namespace cb;
using namespace cb::dm;

class TestVariableEditors : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void integerWithLimits();
    void decimalWithLimits();
    void booleanCombo();
    void optionListCombo();
    void memberListMultiSelection();
    void sequenceListOrder();
    void dateTimeUtc();
    void stringLengthLimit();
    void attributeRowsEditTheirAttribute();
    void valueProblems_data();
    void valueProblems();

private:
    QModelIndex valueOf(const QString &component, const QString &variable) const;
    QWidget *editorFor(const QModelIndex &index);
    QString commit(QWidget *editor, const QModelIndex &index);

    std::unique_ptr<QTreeView> m_view;
    DeviceModelTreeModel *m_tree = nullptr;
    VariableEditorDelegate *m_delegate = nullptr;
};

void TestVariableEditors::init()
{
    m_view = std::make_unique<QTreeView>();
    m_tree = new DeviceModelTreeModel(m_view.get());
    new QAbstractItemModelTester(m_tree, QAbstractItemModelTester::FailureReportingMode::QtTest, m_view.get());
    m_tree->setDeviceModel(test::sampleModel());
    m_delegate = new VariableEditorDelegate(m_tree, m_view.get());
    m_view->setModel(m_tree);
    m_view->setItemDelegateForColumn(DeviceModelTreeModel::Value, m_delegate);
    m_view->resize(900, 600);
    m_view->show();
}

void TestVariableEditors::cleanup() { m_view.reset(); }

QModelIndex TestVariableEditors::valueOf(const QString &component, const QString &variable) const
{
    const qsizetype e = m_tree->deviceModel().indexOf(ComponentRef{component, {}, {}, {}}, VariableRef{variable, {}});
    return m_tree->indexOfEntry(int(e), DeviceModelTreeModel::Value);
}

QWidget *TestVariableEditors::editorFor(const QModelIndex &index)
{
    QStyleOptionViewItem option;
    option.rect = m_view->visualRect(index);
    QWidget *editor = m_delegate->createEditor(m_view->viewport(), option, index);
    m_delegate->setEditorData(editor, index);
    return editor;
}

QString TestVariableEditors::commit(QWidget *editor, const QModelIndex &index)
{
    m_delegate->setModelData(editor, m_tree, index);
    delete editor;
    return m_tree->pendingValue(m_tree->entryOf(index), index.data(DeviceModelTreeModel::AttributeTypeRole).toString()).value_or(QString());
}

void TestVariableEditors::integerWithLimits()
{
    const QModelIndex i = valueOf(QStringLiteral("OCPPCommCtrlr"), QStringLiteral("HeartbeatInterval"));
    auto *spin = qobject_cast<QSpinBox *>(editorFor(i));
    QVERIFY(spin);
    QCOMPARE(spin->value(), 300);
    QCOMPARE(spin->minimum(), 1);
    QCOMPARE(spin->maximum(), 86400);
    QCOMPARE(spin->suffix(), QStringLiteral(" s"));
    spin->setValue(100000); // clamped by the editor
    QCOMPARE(spin->value(), 86400);
    spin->setValue(45);
    QCOMPARE(commit(spin, i), QStringLiteral("45"));
    // No limits: the whole int range.
    const QModelIndex attempts = valueOf(QStringLiteral("OCPPCommCtrlr"), QStringLiteral("NetworkProfileConnectionAttempts"));
    auto *open = qobject_cast<QSpinBox *>(editorFor(attempts));
    QCOMPARE(open->minimum(), INT_MIN);
    delete open;
}

void TestVariableEditors::decimalWithLimits()
{
    const QModelIndex i = valueOf(QStringLiteral("ClockCtrlr"), QStringLiteral("TimeOffset"));
    auto *spin = qobject_cast<QDoubleSpinBox *>(editorFor(i));
    QVERIFY(spin);
    QCOMPARE(spin->value(), 1.5);
    QCOMPARE(spin->minimum(), -12.0);
    QCOMPARE(spin->maximum(), 14.0);
    spin->setValue(-20);
    QCOMPARE(spin->value(), -12.0);
    spin->setValue(5.25);
    QCOMPARE(commit(spin, i), QStringLiteral("5.25")); // no trailing zeros, no exponent
}

void TestVariableEditors::booleanCombo()
{
    const QModelIndex i = valueOf(QStringLiteral("TxCtrlr"), QStringLiteral("StopTxOnEVSideDisconnect"));
    auto *combo = qobject_cast<QComboBox *>(editorFor(i));
    QVERIFY(combo);
    QCOMPARE(combo->count(), 2);
    QCOMPARE(combo->currentText(), QStringLiteral("true"));
    combo->setCurrentText(QStringLiteral("false"));
    QCOMPARE(commit(combo, i), QStringLiteral("false"));
}

void TestVariableEditors::optionListCombo()
{
    // OptionList values of the sample are read-only; make one writable for the editor.
    DeviceModel m = m_tree->deviceModel();
    DeviceModelEntry e = *m.find(ComponentRef{QStringLiteral("Connector"), {}, 1, 1}, VariableRef{QStringLiteral("ConnectorType"), {}});
    e.attributes.first().mutability = QStringLiteral("ReadWrite");
    m.upsert(e);
    m_tree->setDeviceModel(m);
    const QModelIndex i = m_tree->indexOfEntry(int(m.indexOf(e.key())), DeviceModelTreeModel::Value);
    auto *combo = qobject_cast<QComboBox *>(editorFor(i));
    QVERIFY(combo);
    QCOMPARE(combo->count(), 3);
    QVERIFY(!combo->isEditable()); // only the station's options
    QCOMPARE(combo->currentText(), QStringLiteral("sType2"));
    combo->setCurrentIndex(2);
    QCOMPARE(commit(combo, i), QStringLiteral("cCCS2"));
}

void TestVariableEditors::memberListMultiSelection()
{
    const QModelIndex i = valueOf(QStringLiteral("TxCtrlr"), QStringLiteral("TxStartPoint"));
    auto *list = qobject_cast<ListSelectionEditor *>(editorFor(i));
    QVERIFY(list);
    QVERIFY(!list->ordered());
    QCOMPARE(list->list()->count(), 4);
    // Members keep the values-list order whatever order the value had.
    QCOMPARE(list->selected(), (QStringList{QStringLiteral("EVConnected"), QStringLiteral("Authorized")}));
    list->setChecked(QStringLiteral("EVConnected"), false);
    list->setChecked(QStringLiteral("PowerPathClosed"), true);
    QCOMPARE(commit(list, i), QStringLiteral("Authorized,PowerPathClosed"));
}

void TestVariableEditors::sequenceListOrder()
{
    const QModelIndex i = valueOf(QStringLiteral("SampledDataCtrlr"), QStringLiteral("TxUpdatedMeasurands"));
    auto *list = qobject_cast<ListSelectionEditor *>(editorFor(i));
    QVERIFY(list);
    QVERIFY(list->ordered());
    list->setChecked(QStringLiteral("Voltage"), true);
    // Move Voltage (last) to the top with the keyboard: the order is part of the value.
    list->list()->setCurrentRow(3);
    list->show();
    list->list()->setFocus();
    for (int n = 0; n < 3; ++n)
        QTest::keyClick(list->list(), Qt::Key_Up, Qt::AltModifier);
    QCOMPARE(list->list()->item(0)->text(), QStringLiteral("Voltage"));
    QCOMPARE(commit(list, i), QStringLiteral("Voltage,Energy.Active.Import.Register"));
}

void TestVariableEditors::dateTimeUtc()
{
    const QModelIndex i = valueOf(QStringLiteral("ClockCtrlr"), QStringLiteral("DateTime"));
    auto *edit = qobject_cast<QDateTimeEdit *>(editorFor(i));
    QVERIFY(edit);
    QCOMPARE(edit->dateTime().toUTC(), QDateTime(QDate(2026, 1, 31), QTime(12, 0), Qt::UTC));
    edit->setDateTime(QDateTime(QDate(2027, 6, 1), QTime(8, 30, 5), Qt::UTC));
    QCOMPARE(commit(edit, i), QStringLiteral("2027-06-01T08:30:05Z"));
}

void TestVariableEditors::stringLengthLimit()
{
    const QModelIndex i = valueOf(QStringLiteral("SecurityCtrlr"), QStringLiteral("OrganizationName"));
    auto *line = qobject_cast<QLineEdit *>(editorFor(i));
    QVERIFY(line);
    QCOMPARE(line->maxLength(), 16);
    line->clear();
    QTest::keyClicks(line, QStringLiteral("A very long organisation name"));
    QCOMPARE(line->text(), QStringLiteral("A very long orga"));
    QCOMPARE(commit(line, i), QStringLiteral("A very long orga"));
    // Write-only strings are edited from empty.
    const QModelIndex pw = valueOf(QStringLiteral("SecurityCtrlr"), QStringLiteral("BasicAuthPassword"));
    auto *secret = qobject_cast<QLineEdit *>(editorFor(pw));
    QVERIFY(secret->text().isEmpty());
    secret->setText(QStringLiteral("s3cret-passw0rd"));
    QCOMPARE(commit(secret, pw), QStringLiteral("s3cret-passw0rd"));
}

void TestVariableEditors::attributeRowsEditTheirAttribute()
{
    const QModelIndex hb = valueOf(QStringLiteral("OCPPCommCtrlr"), QStringLiteral("HeartbeatInterval")).siblingAtColumn(0);
    const QModelIndex maxSet = m_tree->index(1, DeviceModelTreeModel::Value, hb);
    QCOMPARE(maxSet.data(DeviceModelTreeModel::AttributeTypeRole).toString(), QStringLiteral("MaxSet"));
    auto *spin = qobject_cast<QSpinBox *>(editorFor(maxSet));
    QCOMPARE(spin->value(), 3600);
    spin->setValue(7200);
    QCOMPARE(commit(spin, maxSet), QStringLiteral("7200"));
    QVERIFY(!m_tree->pendingValue(m_tree->entryOf(hb), QStringLiteral("Actual")));
}

void TestVariableEditors::valueProblems_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("valuesList");
    QTest::addColumn<double>("minLimit");
    QTest::addColumn<double>("maxLimit");
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("ok");
    QTest::newRow("integer ok") << QStringLiteral("integer") << QStringLiteral("") << 0.0 << 10.0 << QStringLiteral("10") << true;
    QTest::newRow("integer fraction") << QStringLiteral("integer") << QStringLiteral("") << 0.0 << 10.0 << QStringLiteral("1.5") << false;
    QTest::newRow("integer high") << QStringLiteral("integer") << QStringLiteral("") << 0.0 << 10.0 << QStringLiteral("11") << false;
    QTest::newRow("decimal ok") << QStringLiteral("decimal") << QStringLiteral("") << -1.0 << 1.0 << QStringLiteral("-0.5") << true;
    QTest::newRow("decimal comma") << QStringLiteral("decimal") << QStringLiteral("") << -1.0 << 1.0 << QStringLiteral("0,5") << false;
    QTest::newRow("boolean") << QStringLiteral("boolean") << QStringLiteral("") << 0.0 << 0.0 << QStringLiteral("yes") << false;
    QTest::newRow("option") << QStringLiteral("OptionList") << QStringLiteral("A,B") << 0.0 << 0.0 << QStringLiteral("C") << false;
    QTest::newRow("member twice") << QStringLiteral("MemberList") << QStringLiteral("A,B") << 0.0 << 0.0 << QStringLiteral("A,A") << false;
    QTest::newRow("sequence twice ok") << QStringLiteral("SequenceList") << QStringLiteral("A,B") << 0.0 << 0.0 << QStringLiteral("A,B,A") << true;
    QTest::newRow("list length") << QStringLiteral("MemberList") << QStringLiteral("A,B") << 0.0 << 2.0 << QStringLiteral("A,B") << false;
    QTest::newRow("string length") << QStringLiteral("string") << QStringLiteral("") << 2.0 << 2.0 << QStringLiteral("DEU") << false;
    QTest::newRow("date") << QStringLiteral("dateTime") << QStringLiteral("") << 0.0 << 0.0 << QStringLiteral("tomorrow") << false;
}

void TestVariableEditors::valueProblems()
{
    QFETCH(QString, type);
    QFETCH(QString, valuesList);
    QFETCH(double, minLimit);
    QFETCH(double, maxLimit);
    QFETCH(QString, value);
    QFETCH(bool, ok);
    VariableCharacteristics c;
    c.dataType = type;
    c.valuesList = valuesList;
    if (maxLimit != 0) {
        c.minLimit = minLimit;
        c.maxLimit = maxLimit;
    }
    QCOMPARE(VariableValue::problem(c, value).isEmpty(), ok);
}

QTEST_MAIN(TestVariableEditors)
#include "tst_variableeditors.moc"
