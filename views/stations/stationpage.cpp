#include "stationpage.h"

#include "connectors/connectorstab.h"
#include "devicemodel/devicemodelmanager.h"
#include "devicemodel/devicemodelservice.h"
#include "devicemodel/devicemodeltab.h"
#include "devicemodel/hardwarepoller.h"
#include "overview/overviewtab.h"
#include "settings/appsettings.h"
#include "traffic/stationtraffictab.h"
#include "workspace/workspace.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace cb {

StationPage::StationPage(Workspace &workspace, QWidget *parent) : QTabWidget(parent), m_workspace(workspace)
{
    m_overview = new OverviewTab(this);
    addTab(m_overview, tr("&Overview"));
    m_deviceModels = &workspace.deviceModels();
    m_poller = &workspace.hardwarePoller();
    // Defaults until the main window hands over the settings it loaded (MainWindow::setSettings).
    applySettings(AppSettings{});
    m_deviceModelTab = new DeviceModelTab(*m_deviceModels, this);
    addTab(m_deviceModelTab, tr("&Device model"));
    m_connectorsTab = new ConnectorsTab(*m_poller, this);
    addTab(m_connectorsTab, tr("Co&nnectors"));
    // The station's captured traffic from the database, following it live (issue 7).
    m_trafficTab = new StationTrafficTab(workspace, this);
    addStationTab(m_trafficTab, tr("&Traffic"), [tab = m_trafficTab](const StationSnapshot &s) { tab->setStation(s.identity); });
    connect(m_poller, &HardwarePoller::changed, this, [this] { m_overview->setHardware(m_poller->connectors()); });
    connect(&workspace, &Workspace::stationChanged, this, &StationPage::onChanged);
    connect(&workspace, &Workspace::meterSamples, this, [this](const QString &id, const QList<MeterSample> &samples) {
        if (id == m_identity)
            m_overview->addMeterSamples(samples);
    });
    connect(&workspace, &Workspace::framesArrived, this, &StationPage::onFrames);
}

void StationPage::addStationTab(QWidget *tab, const QString &title, std::function<void(const StationSnapshot &)> onStation)
{
    addTab(tab, title);
    m_followers.append(std::move(onStation));
}

void StationPage::applySettings(const AppSettings &settings)
{
    m_deviceModels->setFetchAfterBoot(settings.fetchReportAfterBoot());
    m_poller->setInterval(settings.hardwarePollInterval());
}

bool StationPage::showTab(const QString &name)
{
    for (int i = 0; i < count(); ++i) {
        QString title = tabText(i);
        title.remove(QLatin1Char('&'));
        if (widget(i)->objectName().compare(name, Qt::CaseInsensitive) == 0 || title.compare(name, Qt::CaseInsensitive) == 0
            || title.remove(QLatin1Char(' ')).compare(name, Qt::CaseInsensitive) == 0) {
            setCurrentIndex(i);
            return true;
        }
    }
    return false;
}

QStringList StationPage::tabNames() const
{
    QStringList names;
    for (int i = 0; i < count(); ++i)
        names << tabText(i).remove(QLatin1Char('&')).toLower();
    return names;
}

void StationPage::showStation(const QString &identity)
{
    m_identity = identity;
    StationSnapshot s;
    if (const auto live = m_workspace.liveStation(identity))
        s = *live;
    else
        s.identity = identity;
    m_overview->clear();
    m_overview->setSnapshot(s);
    m_overview->addMeterSamples(s.latestMeterValues);
    followDeviceModel(s);
    for (const auto &f : m_followers)
        f(s);
}

void StationPage::onChanged(const StationSnapshot &s)
{
    if (s.identity != m_identity)
        return;
    m_overview->setSnapshot(s);
    followDeviceModel(s);
    for (const auto &f : m_followers)
        f(s);
}

void StationPage::followDeviceModel(const StationSnapshot &s)
{
    if (s.identity.isEmpty())
        return;
    const bool otherStation = m_poller->identity() != s.identity;
    m_poller->setStation(s.identity, s.version);
    QList<QPair<int, int>> connectors;
    for (const ConnectorStatus &c : s.connectors)
        connectors.append(qMakePair(c.evseId, c.connectorId));
    m_poller->setConnectors(connectors);
    m_connectorsTab->setDeviceModelAvailable(!s.version || *s.version != OcppVersion::V16);
    if (s.version)
        m_deviceModelTab->setStation(s.identity, *s.version);
    if (otherStation || !m_modelFeed) {
        disconnect(m_modelFeed);
        DeviceModelService *service = m_deviceModels->service(s.identity);
        m_poller->setDeviceModel(service->model());
        m_modelFeed = connect(service, &DeviceModelService::modelChanged, this, [this, service] { m_poller->setDeviceModel(service->model()); });
    }
    m_poller->setConnected(s.connected);
}

void StationPage::onFrames(const QList<CaptureRecord> &records)
{
    // NotifyEvent carries hardware changes between polls (2.x). The live feed is capped under
    // heavy load; a dropped event is caught up by the next poll.
    for (const CaptureRecord &r : records) {
        if (r.outgoing || r.messageType != 2 || r.stationId != m_identity || r.action != QLatin1String("NotifyEvent"))
            continue;
        const QJsonArray frame = QJsonDocument::fromJson(r.data).array();
        if (frame.size() >= 4)
            m_poller->ingestNotifyEvent(frame.at(3).toObject());
    }
}

} // namespace cb
