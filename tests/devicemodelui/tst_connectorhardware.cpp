// Connector hardware state from the device model, against the real server on loopback and a
// 2.0.1 virtual station with two EVSEs: GetVariables polling within the batch size, values per
// connector (EVSE-level variables shared by the EVSE's connectors), a plugged-in EV changing
// the control pilot of its own connector only, NotifyEvent updates, the Connectors tab's model
// and the Overview tile's hardware line.
#include "connectors/connectorhardwaremodel.h"
#include "connectors/hardwaretext.h"
#include "devicemodel/hardwarepoller.h"
#include "overview/connectortile.h"
#include "devicemodel/devicemodelmanager.h"
#include "settings/appsettings.h"
#include "simulator/virtualstation.h"
#include "stations/stationpage.h"
#include "workspace/workspace.h"
#include "workspacestation.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace cb;

class TestConnectorHardware : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void pollsHardwarePerConnector();
    void pluggedEvChangesOnlyItsConnector();
    void notifyEventUpdatesBetweenPolls();
    void onlyWhatTheReportListsOnceKnown();
    void sixteenHasNothingToPoll();
    void settingsTakeEffectWithoutRestart();

private:
    bool poll();
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_ws;
    std::unique_ptr<sim::VirtualStation> m_station;
    std::unique_ptr<HardwarePoller> m_poller;
    QList<CaptureRecord> m_frames;
};

void TestConnectorHardware::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_ws = std::make_unique<Workspace>();
    QVERIFY(m_ws->start(test::loopbackWorkspaceConfig(m_dir->filePath(QStringLiteral("hw.sqlite")))).ok());
    connect(m_ws.get(), &Workspace::framesArrived, this, [this](const QList<CaptureRecord> &r) { m_frames += r; });
    sim::VirtualStationConfig sc = test::quickStationConfig(QUrl(m_ws->urls().first()), QStringLiteral("HW-201"), OcppVersion::V201);
    sc.evses = 2;
    m_station = std::make_unique<sim::VirtualStation>(sc);
    QSignalSpy registered(m_station.get(), &sim::VirtualStation::registered);
    m_station->start();
    QVERIFY(registered.wait(20000));
    m_poller = std::make_unique<HardwarePoller>(*m_ws);
    m_poller->setStation(sc.identity, OcppVersion::V201);
    m_poller->setConnectors({{1, 1}, {2, 1}});
    m_poller->setConnected(true);
}

void TestConnectorHardware::cleanup()
{
    m_poller.reset();
    m_station.reset();
    m_ws.reset();
    m_frames.clear();
}

bool TestConnectorHardware::poll()
{
    QSignalSpy done(m_poller.get(), &HardwarePoller::pollFinished);
    if (!m_poller->pollNow())
        return false;
    if (!done.wait(20000))
        return false;
    return done.first().first().toBool();
}

void TestConnectorHardware::pollsHardwarePerConnector()
{
    QVERIFY(poll());
    const ConnectorHardware c1 = m_poller->connector(1, 1);
    QCOMPARE(c1.value(QStringLiteral("CPPWMController.State")), QStringLiteral("A"));
    QCOMPARE(c1.value(QStringLiteral("PowerContactor.Active")), QStringLiteral("false"));
    QCOMPARE(c1.value(QStringLiteral("RCD.Tripped")), QStringLiteral("false"));
    QCOMPARE(c1.value(QStringLiteral("Connector.AvailabilityState")), QStringLiteral("Available"));
    QCOMPARE(c1.value(QStringLiteral("EVSE.AvailabilityState")), QStringLiteral("Available"));
    QVERIFY(!c1.value(QStringLiteral("ConnectorPlugRetentionLock.Active")).isEmpty());
    bool number = false;
    c1.value(QStringLiteral("TemperatureSensor.Temperature")).toDouble(&number);
    QVERIFY(number);
    QCOMPARE(c1.value(QStringLiteral("ConnectedEV.Available")), QStringLiteral("false"));
    QVERIFY(c1.values.value(QStringLiteral("PowerContactor.Active")).evseLevel);
    QVERIFY(!c1.values.value(QStringLiteral("Connector.AvailabilityState")).evseLevel);
    // Both EVSEs, and every GetVariables within the batch size.
    QCOMPARE(m_poller->connectors().size(), 2);
    QCOMPARE(m_poller->connector(2, 1).value(QStringLiteral("CPPWMController.State")), QStringLiteral("A"));
    // The live feed delivers frames in batches: wait until a whole poll's requests have arrived.
    const auto requests = [this] {
        return std::count_if(m_frames.cbegin(), m_frames.cend(), [](const CaptureRecord &r) {
            return r.outgoing && r.action == QLatin1String("GetVariables") && r.messageType == 2;
        });
    };
    QTRY_VERIFY(requests() >= int((m_poller->targets().size() + m_poller->batchSize() - 1) / m_poller->batchSize()));
    for (const CaptureRecord &r : std::as_const(m_frames)) {
        if (!r.outgoing || r.action != QLatin1String("GetVariables") || r.messageType != 2)
            continue;
        const QJsonArray items = QJsonDocument::fromJson(r.data).array().at(3).toObject().value(QLatin1String("getVariableData")).toArray();
        QVERIFY(items.size() <= m_poller->batchSize());
    }

    // The Connectors tab's model: one row per connector, words for the values.
    ConnectorHardwareModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setConnectors(m_poller->connectors());
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, ConnectorHardwareModel::Connector).data().toString(), QStringLiteral("EVSE 1 / connector 1"));
    QCOMPARE(model.index(0, ConnectorHardwareModel::CpState).data().toString(), hw::cpStateText(QStringLiteral("A")));
    QCOMPARE(model.index(0, ConnectorHardwareModel::Contactor).data().toString(), QStringLiteral("open"));
    QCOMPARE(model.index(1, ConnectorHardwareModel::Rcd).data().toString(), QStringLiteral("not tripped"));
    QVERIFY(model.index(0, ConnectorHardwareModel::Temperature).data().toString().endsWith(QStringLiteral("\u00b0C")) ||
            !model.index(0, ConnectorHardwareModel::Temperature).data().toString().isEmpty());
}

void TestConnectorHardware::pluggedEvChangesOnlyItsConnector()
{
    QVERIFY(poll());
    QVERIFY(m_station->plugIn(1));
    QTRY_VERIFY_WITH_TIMEOUT(poll() && m_poller->connector(1, 1).value(QStringLiteral("CPPWMController.State")) == QLatin1String("B"), 20000);
    QCOMPARE(m_poller->connector(1, 1).value(QStringLiteral("ConnectedEV.Available")), QStringLiteral("true"));
    QCOMPARE(m_poller->connector(2, 1).value(QStringLiteral("CPPWMController.State")), QStringLiteral("A"));
    // The Overview tile of connector 1 says so.
    ConnectorTile tile;
    ConnectorStatus status;
    status.evseId = 1;
    status.connectorId = 1;
    status.status = QStringLiteral("Occupied");
    tile.setStatus(status);
    tile.setHardware(m_poller->connector(1, 1));
    QVERIFY2(tile.hardwareText().startsWith(QStringLiteral("CP B")), qPrintable(tile.hardwareText()));
    QVERIFY(tile.toolTip().contains(QStringLiteral("CPPWMController.State: B")));
}

void TestConnectorHardware::notifyEventUpdatesBetweenPolls()
{
    QVERIFY(poll());
    QSignalSpy changed(m_poller.get(), &HardwarePoller::changed);
    const QJsonObject event = QJsonDocument::fromJson(QByteArrayLiteral(
        R"({"generatedAt":"2026-01-01T00:00:00Z","seqNo":0,"eventData":[
            {"eventId":1,"timestamp":"2026-01-01T00:00:00Z","trigger":"Delta","actualValue":"true","eventNotificationType":"HardWiredNotification",
             "component":{"name":"RCD","evse":{"id":2}},"variable":{"name":"Tripped"}},
            {"eventId":2,"timestamp":"2026-01-01T00:00:00Z","trigger":"Delta","actualValue":"x","eventNotificationType":"HardWiredNotification",
             "component":{"name":"SomethingElse","evse":{"id":2}},"variable":{"name":"Tripped"}}]})")).object();
    m_poller->ingestNotifyEvent(event);
    QCOMPARE(changed.count(), 1);
    const HardwareValue rcd = m_poller->connector(2, 1).values.value(QStringLiteral("RCD.Tripped"));
    QCOMPARE(rcd.value, QStringLiteral("true"));
    QVERIFY(rcd.fromEvent);
    QVERIFY(!m_poller->connector(2, 1).values.contains(QStringLiteral("SomethingElse.Tripped")));
    QCOMPARE(m_poller->connector(1, 1).value(QStringLiteral("RCD.Tripped")), QStringLiteral("false"));
    QVERIFY(hw::summary(m_poller->connector(2, 1)).contains(QStringLiteral("RCD TRIPPED")));
}

void TestConnectorHardware::onlyWhatTheReportListsOnceKnown()
{
    // A report that lists only the contactor of EVSE 2 narrows the poll to it.
    dm::DeviceModel m;
    dm::DeviceModelEntry e;
    e.component = dm::ComponentRef{QStringLiteral("PowerContactor"), {}, 2, {}};
    e.variable.name = QStringLiteral("Active");
    e.attributes.append(dm::VariableAttribute{});
    m.upsert(e);
    dm::DeviceModelEntry other;
    other.component = dm::ComponentRef{QStringLiteral("OCPPCommCtrlr"), {}, {}, {}};
    other.variable.name = QStringLiteral("HeartbeatInterval");
    other.attributes.append(dm::VariableAttribute{});
    m.upsert(other);
    m_poller->setDeviceModel(m);
    QCOMPARE(m_poller->targets().size(), 1);
    QVERIFY(poll());
    QCOMPARE(m_poller->connector(2, 1).value(QStringLiteral("PowerContactor.Active")), QStringLiteral("false"));
    QVERIFY(m_poller->connector(1, 1).value(QStringLiteral("CPPWMController.State")).isEmpty());
}

void TestConnectorHardware::sixteenHasNothingToPoll()
{
    m_poller->setStation(QStringLiteral("HW-201"), OcppVersion::V16);
    m_poller->setConnectors({{1, 1}});
    QVERIFY(m_poller->targets().isEmpty());
    QVERIFY(!m_poller->pollNow());
}


// Settings > Behaviour (poll interval, report after boot) reach the open station page at once:
// MainWindow::showSettings hands them to StationPage::applySettings after OK.
void TestConnectorHardware::settingsTakeEffectWithoutRestart()
{
    using namespace std::chrono_literals;
    StationPage page(*m_ws);
    AppSettings settings;
    settings.setHardwarePollInterval(3000ms);
    settings.setFetchReportAfterBoot(false);
    page.applySettings(settings);
    QCOMPARE(page.hardwarePoller()->interval(), 3000ms);
    QCOMPARE(page.deviceModels()->fetchAfterBoot(), false);
    settings.setHardwarePollInterval(0ms);
    settings.setFetchReportAfterBoot(true);
    page.applySettings(settings);
    QCOMPARE(page.hardwarePoller()->interval(), 0ms);
    QCOMPARE(page.deviceModels()->fetchAfterBoot(), true);
}

QTEST_MAIN(TestConnectorHardware)
#include "tst_connectorhardware.moc"
