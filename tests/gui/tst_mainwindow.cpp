// The main window over the real workspace and a station on loopback (offscreen): the station
// appears with its boot data, a connector tile changes colour on StatusNotification, meter values
// reach the chart, frames reach the traffic dock, and the status bar tells where to connect.
#include "mainwindow.h"
#include "olderschema.h"
#include "overview/connectortile.h"
#include "overview/meterchart.h"
#include "overview/overviewtab.h"
#include "stations/stationlistmodel.h"
#include "stations/stationpage.h"
#include "statuscolors.h"
#include "storage/database.h"
#include "traffic/trafficdock.h"
#include "traffic/trafficmodel.h"
#include "transport/stationclient.h"
#include "workspace/workspace.h"
#include "workspacestation.h"

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QProgressDialog>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTimer>
#include <QTemporaryDir>
#include <QTest>

using namespace cb;

namespace {
QJsonObject json(const char *text) { return QJsonDocument::fromJson(QByteArray(text)).object(); }
} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void stationAppearsWithBootData();
    void tileFollowsStatusNotification();
    void meterValuesReachTheChart();
    void trafficDockShowsFramesAndCapsRows();
    void portInUseKeepsTheWindowUsable();
    void olderDatabaseIsUpdatedWithProgress();
    void cancellingTheUpdateLeavesTheDatabaseAsItWas();

private:
    void connectStation(OcppVersion v, const QString &id);
    CallOutcome call(const QString &action, const QJsonObject &payload);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_ws;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<StationClient> m_client;
};

void TestMainWindow::init()
{
    QCoreApplication::setOrganizationName(QStringLiteral("ChargeBench-test"));
    m_dir = std::make_unique<QTemporaryDir>();
    m_ws = std::make_unique<Workspace>();
    m_window = std::make_unique<MainWindow>(*m_ws);
    new QAbstractItemModelTester(m_window->stationModel(), QAbstractItemModelTester::FailureReportingMode::QtTest, m_window.get());
    new QAbstractItemModelTester(m_window->trafficDock()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest,
                                 m_window.get());
    const WorkspaceConfig cfg = test::loopbackWorkspaceConfig(m_dir->filePath(QStringLiteral("gui.sqlite")));
    m_window->show();
    QVERIFY(m_window->startServer(cfg, true));
}

void TestMainWindow::cleanup()
{
    m_client.reset();
    m_window.reset();
    m_ws.reset();
}

void TestMainWindow::connectStation(OcppVersion v, const QString &id)
{
    m_client = std::make_unique<StationClient>();
    ClientConfig cc;
    cc.baseUrl = QUrl(m_ws->urls().first());
    cc.identity = id;
    cc.versions = {v};
    QSignalSpy up(m_client.get(), &StationClient::connected);
    m_client->open(cc);
    QVERIFY(up.wait(20000));
}

CallOutcome TestMainWindow::call(const QString &action, const QJsonObject &payload)
{
    std::optional<CallOutcome> out;
    m_client->rpc()->call(action, payload, [&](const CallOutcome &o) { out = o; });
    if (!QTest::qWaitFor([&] { return out.has_value(); }, 20000))
        return {};
    return *out;
}

void TestMainWindow::stationAppearsWithBootData()
{
    QVERIFY(m_window->statusText().contains(QStringLiteral("ws://127.0.0.1:")));
    connectStation(OcppVersion::V16, QStringLiteral("GUI-16"));
    QVERIFY(call(QStringLiteral("BootNotification"), json(R"({"chargePointVendor":"GuiVendor","chargePointModel":"GuiModel","firmwareVersion":"4.2"})")).ok());
    StationListModel *model = m_window->stationModel();
    QTRY_COMPARE(model->rowCount(), 1);
    QTRY_COMPARE(model->data(model->index(0, StationListModel::VendorModel), Qt::DisplayRole).toString(), QStringLiteral("GuiVendor / GuiModel"));
    QCOMPARE(model->data(model->index(0, StationListModel::Version), Qt::DisplayRole).toString(), QStringLiteral("1.6"));
    QCOMPARE(model->data(model->index(0, StationListModel::State), Qt::DisplayRole).toString(), QStringLiteral("connected"));
    // The first station is selected and its page filled in.
    QTRY_COMPARE(m_window->stationPage()->identity(), QStringLiteral("GUI-16"));
    QTRY_COMPARE(m_window->stationPage()->overview()->fieldText(QStringLiteral("firmware")), QStringLiteral("4.2"));
    QTRY_VERIFY(m_window->statusText().contains(QStringLiteral("1 station(s) connected")));
    m_client->close();
    QTRY_COMPARE(model->data(model->index(0, StationListModel::State), Qt::DisplayRole).toString(), QStringLiteral("offline"));
}

void TestMainWindow::tileFollowsStatusNotification()
{
    connectStation(OcppVersion::V201, QStringLiteral("GUI-201"));
    QVERIFY(call(QStringLiteral("StatusNotification"), json(R"({"timestamp":"2026-01-01T00:00:00Z","connectorStatus":"Available","evseId":1,"connectorId":1})")).ok());
    OverviewTab *overview = m_window->stationPage()->overview();
    QTRY_COMPARE(overview->tiles().size(), 1);
    QCOMPARE(overview->tiles().first()->color(), connectorStatusColor(QStringLiteral("Available")));
    QVERIFY(call(QStringLiteral("StatusNotification"), json(R"({"timestamp":"2026-01-01T00:01:00Z","connectorStatus":"Faulted","evseId":1,"connectorId":1})")).ok());
    QTRY_COMPARE(overview->tiles().first()->color(), connectorStatusColor(QStringLiteral("Faulted")));
    QVERIFY(connectorStatusColor(QStringLiteral("Faulted")) != connectorStatusColor(QStringLiteral("Available")));
    QVERIFY(call(QStringLiteral("StatusNotification"), json(R"({"timestamp":"2026-01-01T00:01:00Z","connectorStatus":"Occupied","evseId":2,"connectorId":1})")).ok());
    QTRY_COMPARE(overview->tiles().size(), 2);
}

void TestMainWindow::meterValuesReachTheChart()
{
    connectStation(OcppVersion::V21, QStringLiteral("GUI-21"));
    QVERIFY(call(QStringLiteral("StatusNotification"), json(R"({"timestamp":"2026-01-01T00:00:00Z","connectorStatus":"Occupied","evseId":1,"connectorId":1})")).ok());
    QTRY_COMPARE(m_window->stationPage()->identity(), QStringLiteral("GUI-21"));
    QVERIFY(call(QStringLiteral("MeterValues"), json(R"({"evseId":1,"meterValue":[{"timestamp":"2026-01-01T10:01:00Z","sampledValue":[{"value":7.2,"measurand":"Power.Active.Import","unitOfMeasure":{"unit":"kW"}},{"value":16,"measurand":"Current.Import","phase":"L1","unitOfMeasure":{"unit":"A"}},{"value":3.5,"measurand":"Energy.Active.Import.Register","unitOfMeasure":{"unit":"kWh"}}]}]})")).ok());
    QTRY_COMPARE(m_window->stationPage()->overview()->chart()->pointCount(), 3);
}

void TestMainWindow::trafficDockShowsFramesAndCapsRows()
{
    TrafficModel *traffic = m_window->trafficDock()->model();
    traffic->setCapacity(10);
    connectStation(OcppVersion::V16, QStringLiteral("GUI-T"));
    for (int i = 0; i < 8; ++i)
        QVERIFY(call(QStringLiteral("Heartbeat"), {}).ok());
    // 1 open record + 16 frames, capped to the newest 10.
    QTRY_COMPARE(traffic->rowCount(), 10);
    const QModelIndex last = traffic->index(traffic->rowCount() - 1, TrafficModel::Action);
    QCOMPARE(last.data().toString(), QStringLiteral("Heartbeat"));
    QVERIFY(last.data(TrafficModel::RecordTextRole).toString().contains(QStringLiteral("currentTime")));
    m_window->trafficDock()->setPaused(true);
    QVERIFY(call(QStringLiteral("Heartbeat"), {}).ok());
    QVERIFY(call(QStringLiteral("Heartbeat"), {}).ok());
    QVERIFY(m_ws->capture().flush().ok()); // the capture keeps recording while the view is paused
    QCOMPARE(traffic->data(traffic->index(traffic->rowCount() - 1, TrafficModel::Type)).toString(), QStringLiteral("CALLRESULT"));
}

void TestMainWindow::portInUseKeepsTheWindowUsable()
{
    Workspace other;
    MainWindow second(other);
    WorkspaceConfig cfg;
    cfg.server.address = QHostAddress::LocalHost;
    cfg.server.port = quint16(QUrl(m_ws->urls().first()).port());
    cfg.databasePath = m_dir->filePath(QStringLiteral("second.sqlite"));
    QVERIFY(!second.startServer(cfg, true));
    QVERIFY(second.statusText().contains(QStringLiteral("Server stopped")));
    QVERIFY(second.isEnabled());
}

namespace {

// A capture as ChargeBench wrote it at schema version 2 (before the frame postings), with enough
// frames that updating it takes a noticeable while.
QString makeVersion2Database(const QString &path, int frames)
{
    {
        auto c = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v2"));
        c.setDatabaseName(path);
        if (!c.open())
            return c.lastError().text();
        if (const QString made = test::createSchemaAtVersion(c, 2); !made.isEmpty())
            return made;
        QSqlQuery q(c);
        const QString fill = QStringLiteral(
            "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < %1) "
            "INSERT INTO frames (ts_us, kind, station_id, connection_id, direction, msg_type, msg_id, action, payload) "
            "SELECT 1700000000000000 + i, 'frame', 'CP-' || (i % 50), 1, 'in', 2, i, 'Heartbeat', '[]' FROM n").arg(frames);
        if (!q.exec(fill))
            return q.lastError().text();
        c.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v2"));
    return {};
}

int userVersion(const QString &path)
{
    int version = -1;
    {
        auto c = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("peek"));
        c.setDatabaseName(path);
        QSqlQuery q(c);
        if (c.open() && q.exec(QStringLiteral("PRAGMA user_version")) && q.next())
            version = q.value(0).toInt();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("peek"));
    return version;
}

QProgressDialog *visibleProgressDialog()
{
    for (QWidget *w : QApplication::topLevelWidgets())
        if (auto *d = qobject_cast<QProgressDialog *>(w); d && d->isVisible())
            return d;
    return nullptr;
}

} // namespace

// Opening a large capture of an older ChargeBench updates its schema once. That runs on a worker
// thread behind a progress dialog: the window's event loop keeps turning meanwhile.
void TestMainWindow::olderDatabaseIsUpdatedWithProgress()
{
    const QString path = m_dir->filePath(QStringLiteral("old.sqlite"));
    const QString made = makeVersion2Database(path, 300000);
    QVERIFY2(made.isEmpty(), qPrintable(made));
    QVERIFY(Database::needsMigration(path));

    int ticksWhileShown = 0;
    QTimer watcher;
    watcher.setInterval(1);
    connect(&watcher, &QTimer::timeout, this, [&] {
        if (visibleProgressDialog())
            ++ticksWhileShown;
    });
    watcher.start();
    Workspace other;
    MainWindow second(other);
    second.show();
    const WorkspaceConfig cfg = test::loopbackWorkspaceConfig(path);
    QVERIFY(second.startServer(cfg, true));
    watcher.stop();
    QVERIFY2(ticksWhileShown > 0, "no event was handled while the database was updated");
    QVERIFY(!visibleProgressDialog());
    QCOMPARE(userVersion(path), latestSchemaVersion());
    QVERIFY(!Database::needsMigration(path));
    QVERIFY(!other.urls().isEmpty());
}

// Cancel (here Escape) in the progress dialog rolls the update back: the file is as it was, the server does not
// start and says why, and the next start updates it.
void TestMainWindow::cancellingTheUpdateLeavesTheDatabaseAsItWas()
{
    const QString path = m_dir->filePath(QStringLiteral("old.sqlite"));
    const QString made = makeVersion2Database(path, 300000);
    QVERIFY2(made.isEmpty(), qPrintable(made));

    Workspace other;
    MainWindow second(other);
    second.show();
    const WorkspaceConfig cfg = test::loopbackWorkspaceConfig(path);
    QTimer canceller;
    canceller.setInterval(1);
    connect(&canceller, &QTimer::timeout, this, [&] {
        if (QProgressDialog *d = visibleProgressDialog()) {
            canceller.stop();
            QTest::keyClick(d, Qt::Key_Escape); // as a person would, from the keyboard
        }
    });
    canceller.start();
    QVERIFY(!second.startServer(cfg, true));
    QVERIFY(!canceller.isActive()); // it did cancel
    QVERIFY2(second.statusBar()->currentMessage().contains(QStringLiteral("cancelled")), qPrintable(second.statusBar()->currentMessage()));
    QVERIFY(second.statusText().contains(QStringLiteral("Server stopped")));
    QVERIFY(other.urls().isEmpty());
    QCOMPARE(userVersion(path), 2);
    QVERIFY(Database::needsMigration(path));

    QVERIFY(second.startServer(cfg, true));
    QCOMPARE(userVersion(path), latestSchemaVersion());
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
