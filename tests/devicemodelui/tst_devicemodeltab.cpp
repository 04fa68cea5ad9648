// The Device Model tab end to end: the real server on loopback, a 2.0.1 virtual station, the
// station page with its DeviceModelManager. The report read after boot fills the tree; an edit
// goes out with Apply and shows as changed only once accepted and read back; a refused write
// stays unchanged with its reason; a RebootRequired write offers a Reset and is verified after
// the reboot; snapshots list, diff against live and export; the Connectors tab shows the
// hardware of each connector.
#include "connectors/connectorhardwaremodel.h"
#include "connectors/connectorstab.h"
#include "devicemodel/devicemodelfilterproxy.h"
#include "devicemodel/devicemodelmanager.h"
#include "devicemodel/devicemodelservice.h"
#include "devicemodel/devicemodeltab.h"
#include "devicemodel/devicemodeltreemodel.h"
#include "devicemodel/diffdialog.h"
#include "devicemodel/difftablemodel.h"
#include "devicemodel/hardwarepoller.h"
#include "devicemodel/snapshotlistmodel.h"
#include "devicemodel/snapshotpanel.h"
#include "overview/connectortile.h"
#include "overview/overviewtab.h"
#include "simulator/virtualstation.h"
#include "stations/stationpage.h"
#include "workspace/workspace.h"
#include "workspacestation.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QFile>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace cb;
using namespace cb::dm;

class TestDeviceModelTab : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void reportAfterBootFillsTheTree();
    void acceptedWriteIsVerifiedBeforeItShowsChanged();
    void refusedWriteStaysUnchanged();
    void rebootRequiredOffersResetAndVerifiesAfterIt();
    void snapshotsDiffAndExport();
    void hardwareShownPerConnector();
    void screenshots();

private:
    QModelIndex valueIndex(const QString &component, const QString &variable, std::optional<int> evse = {}) const;
    int entryOf(const QString &component, const QString &variable, std::optional<int> evse = {}) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_ws;
    std::unique_ptr<StationPage> m_page;
    std::unique_ptr<sim::VirtualStation> m_station;
    DeviceModelTab *m_tab = nullptr;
};

void TestDeviceModelTab::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("ChargeBench-test"));
    m_dir = std::make_unique<QTemporaryDir>();
    m_ws = std::make_unique<Workspace>();
    m_page = std::make_unique<StationPage>(*m_ws);
    m_page->hardwarePoller()->setInterval(std::chrono::milliseconds(300));
    m_tab = m_page->deviceModelTab();
    new QAbstractItemModelTester(m_tab->treeModel(), QAbstractItemModelTester::FailureReportingMode::QtTest, m_page.get());
    new QAbstractItemModelTester(m_tab->proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest, m_page.get());
    new QAbstractItemModelTester(m_tab->snapshots()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest, m_page.get());
    new QAbstractItemModelTester(m_page->connectorsTab()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest, m_page.get());
    QVERIFY(m_ws->start(test::loopbackWorkspaceConfig(m_dir->filePath(QStringLiteral("dm.sqlite")))).ok());
    m_page->resize(1280, 800);
    m_page->show();
    m_page->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_page.get())); // shortcuts need an active window
    m_page->showStation(QStringLiteral("DM-201"));
    sim::VirtualStationConfig sc = test::quickStationConfig(QUrl(m_ws->urls().first()), QStringLiteral("DM-201"), OcppVersion::V201);
    sc.evses = 2;
    m_station = std::make_unique<sim::VirtualStation>(sc);
    QSignalSpy registered(m_station.get(), &sim::VirtualStation::registered);
    m_station->start();
    QVERIFY(registered.wait(20000));
}

void TestDeviceModelTab::cleanupTestCase()
{
    m_station.reset();
    m_page.reset();
    m_ws.reset();
}

int TestDeviceModelTab::entryOf(const QString &component, const QString &variable, std::optional<int> evse) const
{
    return int(m_tab->treeModel()->deviceModel().indexOf(ComponentRef{component, {}, evse, {}}, VariableRef{variable, {}}));
}

QModelIndex TestDeviceModelTab::valueIndex(const QString &component, const QString &variable, std::optional<int> evse) const
{
    return m_tab->treeModel()->indexOfEntry(entryOf(component, variable, evse), DeviceModelTreeModel::Value);
}

void TestDeviceModelTab::reportAfterBootFillsTheTree()
{
    // Nobody pressed Refresh: the manager reads the full report after boot.
    QTRY_VERIFY_WITH_TIMEOUT(m_tab->treeModel()->deviceModel().size() > 100, 30000);
    QCOMPARE(m_tab->identity(), QStringLiteral("DM-201"));
    QVERIFY(entryOf(QStringLiteral("OCPPCommCtrlr"), QStringLiteral("HeartbeatInterval")) >= 0);
    QVERIFY(entryOf(QStringLiteral("CPPWMController"), QStringLiteral("State"), 2) >= 0);
    // Filter from the keyboard: Ctrl+F focuses the filter, typing narrows the tree.
    QVERIFY(m_page->showTab(QStringLiteral("device model")));
    QCOMPARE(m_page->currentWidget(), m_tab);
    m_tab->view()->setFocus();
    QTest::keyClick(m_tab->view(), Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(m_tab->findChild<QLineEdit *>(QStringLiteral("deviceModelFilter"))->hasFocus());
    QTest::keyClicks(m_tab->findChild<QLineEdit *>(QStringLiteral("deviceModelFilter")), QStringLiteral("HeartbeatInterval"));
    QCOMPARE(m_tab->proxy()->rowCount(), 1);
    m_tab->setFilterText({});
    QVERIFY(m_tab->proxy()->rowCount() > 10);
}

void TestDeviceModelTab::acceptedWriteIsVerifiedBeforeItShowsChanged()
{
    QTRY_VERIFY_WITH_TIMEOUT(m_tab->applyAction()->isEnabled() || m_tab->treeModel()->deviceModel().size() > 0, 30000);
    const QModelIndex hb = valueIndex(QStringLiteral("OCPPCommCtrlr"), QStringLiteral("HeartbeatInterval"));
    const QString before = hb.data().toString();
    const QString wanted = before == QLatin1String("120") ? QStringLiteral("150") : QStringLiteral("120");
    QVERIFY(m_tab->treeModel()->setData(hb, wanted));
    QVERIFY(m_tab->applyAction()->isEnabled());
    QVERIFY(!hb.data(DeviceModelTreeModel::ChangedRole).toBool());
    QVERIFY(m_tab->apply() > 0);
    QCOMPARE(m_tab->treeModel()->pendingCount(), 0);
    const int entry = m_tab->treeModel()->entryOf(hb);
    QTRY_VERIFY_WITH_TIMEOUT(m_tab->treeModel()->writeState(entry, QStringLiteral("Actual"))
                                 && m_tab->treeModel()->writeState(entry, QStringLiteral("Actual"))->stage == WriteState::Stage::Verified,
                             20000);
    QVERIFY(hb.data(DeviceModelTreeModel::ChangedRole).toBool());
    QTRY_COMPARE(valueIndex(QStringLiteral("OCPPCommCtrlr"), QStringLiteral("HeartbeatInterval")).data().toString(), wanted);
    QCOMPARE(hb.siblingAtColumn(DeviceModelTreeModel::Result).data().toString(), QStringLiteral("Accepted \u2713 verified"));
}

void TestDeviceModelTab::refusedWriteStaysUnchanged()
{
    // A value the station's own rules refuse (not a number for an integer): queued directly,
    // because the editors would not let a person type it.
    const int entry = entryOf(QStringLiteral("OCPPCommCtrlr"), QStringLiteral("NetworkProfileConnectionAttempts"));
    QVERIFY(entry >= 0);
    const QModelIndex value = m_tab->treeModel()->indexOfEntry(entry, DeviceModelTreeModel::Value);
    const QString before = value.data().toString();
    m_tab->treeModel()->putPending(entry, QStringLiteral("Actual"), QStringLiteral("soon"));
    QVERIFY(m_tab->apply() > 0);
    QTRY_VERIFY_WITH_TIMEOUT(m_tab->treeModel()->writeState(entry, QStringLiteral("Actual"))
                                 && m_tab->treeModel()->writeState(entry, QStringLiteral("Actual"))->stage == WriteState::Stage::Answered,
                             20000);
    QCOMPARE(m_tab->treeModel()->writeState(entry, QStringLiteral("Actual"))->status, QStringLiteral("Rejected"));
    QVERIFY(!value.data(DeviceModelTreeModel::ChangedRole).toBool());
    QCOMPARE(value.data().toString(), before);
    QVERIFY(value.siblingAtColumn(DeviceModelTreeModel::Result).data().toString().startsWith(QStringLiteral("Rejected")));
}

void TestDeviceModelTab::rebootRequiredOffersResetAndVerifiesAfterIt()
{
    const int entry = entryOf(QStringLiteral("ISO15118Ctrlr"), QStringLiteral("SeccId"), 1);
    QVERIFY(entry >= 0);
    const QModelIndex value = m_tab->treeModel()->indexOfEntry(entry, DeviceModelTreeModel::Value);
    QVERIFY(m_tab->treeModel()->setData(value, QStringLiteral("SECC-NEW-1")));
    QVERIFY(m_tab->apply() > 0);
    QTRY_VERIFY_WITH_TIMEOUT(!m_tab->rebootNotice().isEmpty(), 20000);
    QVERIFY(!value.data(DeviceModelTreeModel::ChangedRole).toBool());
    QVERIFY(value.siblingAtColumn(DeviceModelTreeModel::Result).data().toString().contains(QStringLiteral("RebootRequired")));
    QSignalSpy back(m_station.get(), &sim::VirtualStation::registered);
    m_tab->resetForPendingReboot(true); // the confirmation dialog is the button's; confirmed here
    QVERIFY(back.wait(30000));
    QTRY_VERIFY_WITH_TIMEOUT(m_tab->treeModel()->writeState(entry, QStringLiteral("Actual"))
                                 && m_tab->treeModel()->writeState(entry, QStringLiteral("Actual"))->stage == WriteState::Stage::Verified,
                             30000);
    QTRY_COMPARE(m_tab->treeModel()->indexOfEntry(entry, DeviceModelTreeModel::Value).data().toString(), QStringLiteral("SECC-NEW-1"));
    QVERIFY(m_tab->rebootNotice().isEmpty());
}

void TestDeviceModelTab::snapshotsDiffAndExport()
{
    SnapshotPanel *panel = m_tab->snapshots();
    QTRY_VERIFY(panel->model()->rowCount() >= 1);
    // The oldest snapshot (the read after the first boot) against live: the verified writes.
    const qint64 oldest = panel->model()->snapshots().last().id;
    panel->selectIds({oldest});
    DiffDialog *diff = panel->compareWithLive();
    QVERIFY(diff);
    new QAbstractItemModelTester(diff->model(), QAbstractItemModelTester::FailureReportingMode::QtTest, diff);
    bool heartbeat = false;
    for (int r = 0; r < diff->model()->rowCount(); ++r) {
        if (diff->model()->index(r, DiffTableModel::Variable).data().toString() == QLatin1String("HeartbeatInterval")) {
            heartbeat = true;
            QCOMPARE(diff->model()->index(r, DiffTableModel::Change).data().toString(), QStringLiteral("changed"));
            QCOMPARE(diff->model()->index(r, DiffTableModel::NewValue).data().toString().section(QLatin1Char(' '), 0, 0),
                     valueIndex(QStringLiteral("OCPPCommCtrlr"), QStringLiteral("HeartbeatInterval")).data().toString());
        }
    }
    QVERIFY(heartbeat);
    const QString diffCsv = m_dir->filePath(QStringLiteral("diff.csv"));
    QVERIFY(diff->exportTo(diffCsv, true).ok());
    QFile csv(diffCsv);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QVERIFY(csv.readAll().contains("HeartbeatInterval"));
    // Export the snapshot itself.
    const QString json = m_dir->filePath(QStringLiteral("snapshot.json"));
    QVERIFY(panel->exportSelected(json, false).ok());
    QFile jf(json);
    QVERIFY(jf.open(QIODevice::ReadOnly));
    QVERIFY(jf.size() > 1000);
    // Save now, then two snapshots compare.
    const int before = panel->model()->rowCount();
    panel->saveNow(QStringLiteral("after test writes"));
    QTRY_COMPARE(panel->model()->rowCount(), before + 1);
    panel->selectIds({oldest, panel->model()->snapshots().first().id});
    QVERIFY(panel->compareSelected());
    // "Only changed since snapshot" with the oldest as baseline shows HeartbeatInterval.
    panel->selectIds({oldest});
    panel->useAsBaseline();
    m_tab->proxy()->setOnlyChanged(true);
    QVERIFY(m_tab->proxy()->entryAccepted(entryOf(QStringLiteral("OCPPCommCtrlr"), QStringLiteral("HeartbeatInterval"))));
    QVERIFY(!m_tab->proxy()->entryAccepted(entryOf(QStringLiteral("OCPPCommCtrlr"), QStringLiteral("NetworkConfigurationPriority"))));
    m_tab->proxy()->setOnlyChanged(false);
}

void TestDeviceModelTab::hardwareShownPerConnector()
{
    m_page->showTab(QStringLiteral("connectors"));
    QCOMPARE(m_page->currentWidget(), m_page->connectorsTab());
    ConnectorHardwareModel *model = m_page->connectorsTab()->model();
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 2, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!model->index(1, ConnectorHardwareModel::CpState).data().toString().isEmpty(), 20000);
    QVERIFY(m_station->plugIn(2));
    QTRY_VERIFY_WITH_TIMEOUT(model->index(1, ConnectorHardwareModel::CpState).data().toString().startsWith(QLatin1Char('B')), 20000);
    QVERIFY(model->index(0, ConnectorHardwareModel::CpState).data().toString().startsWith(QLatin1Char('A')));
    // The Overview's tile of EVSE 2 carries the same state.
    const auto evse2ShowsB = [this] {
        const QList<ConnectorTile *> tiles = m_page->overview()->tiles();
        return std::any_of(tiles.cbegin(), tiles.cend(),
                           [](ConnectorTile *t) { return t->status().evseId == 2 && t->hardwareText().startsWith(QStringLiteral("CP B")); });
    };
    QTRY_VERIFY_WITH_TIMEOUT(evse2ShowsB(), 20000);
}

// With CHARGEBENCH_SCREENSHOT_DIR set, renders the tabs as this test left them (verified,
// refused and pending values side by side) for the documentation.
void TestDeviceModelTab::screenshots()
{
    const QString dir = qEnvironmentVariable("CHARGEBENCH_SCREENSHOT_DIR");
    if (dir.isEmpty())
        QSKIP("CHARGEBENCH_SCREENSHOT_DIR not set");
    QVERIFY(m_page->showTab(QStringLiteral("device model")));
    m_tab->setFilterText(QStringLiteral("OCPPCommCtrlr"));
    QVERIFY(m_tab->treeModel()->setData(valueIndex(QStringLiteral("OCPPCommCtrlr"), QStringLiteral("OfflineThreshold")), QStringLiteral("120")));
    m_tab->view()->expandToDepth(0);
    m_tab->view()->setCurrentIndex(m_tab->proxy()->mapFromSource(valueIndex(QStringLiteral("OCPPCommCtrlr"), QStringLiteral("HeartbeatInterval"))));
    QVERIFY(m_page->grab().save(dir + QStringLiteral("/devicemodel.png")));
    QVERIFY(m_page->showTab(QStringLiteral("connectors")));
    QVERIFY(m_page->grab().save(dir + QStringLiteral("/connectors.png")));
    QVERIFY(m_page->showTab(QStringLiteral("overview")));
    QVERIFY(m_page->grab().save(dir + QStringLiteral("/overview-hardware.png")));
}

QTEST_MAIN(TestDeviceModelTab)
#include "tst_devicemodeltab.moc"
