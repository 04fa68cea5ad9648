#pragma once

#include "station/stationstate.h"

#include <QTabWidget>

#include <functional>

namespace cb {

class AppSettings;

class ConnectorsTab;
class DeviceModelManager;
class DeviceModelTab;
class HardwarePoller;
class OverviewTab;
class StationTrafficTab;
class Workspace;
struct CaptureRecord;

// The selected station's page: one tab per area. Overview, Device model and Connectors are made
// here; the main window adds the tabs that only need the station's identity (actions, composer).
// The page shows the workspace's DeviceModelManager and points the workspace's hardware poller
// at the selected station; applySettings() hands the settings on to both.
class StationPage : public QTabWidget
{
    Q_OBJECT
public:
    explicit StationPage(Workspace &workspace, QWidget *parent = nullptr);

    void showStation(const QString &identity);
    const QString &identity() const { return m_identity; }
    OverviewTab *overview() const { return m_overview; }
    DeviceModelTab *deviceModelTab() const { return m_deviceModelTab; }
    ConnectorsTab *connectorsTab() const { return m_connectorsTab; }
    StationTrafficTab *trafficTab() const { return m_trafficTab; }
    DeviceModelManager *deviceModels() const { return m_deviceModels; }
    HardwarePoller *hardwarePoller() const { return m_poller; }
    // Settings that apply without a server restart (fetch after boot, hardware poll interval).
    void applySettings(const AppSettings &settings);
    // Shows the tab whose object name or (mnemonic-free, case-insensitive) title is `name`.
    bool showTab(const QString &name);
    // The names showTab() accepts, lower case, one per tab.
    QStringList tabNames() const;
    // Adds a tab that follows the selected station: `onStation` is called on every change.
    void addStationTab(QWidget *tab, const QString &title, std::function<void(const StationSnapshot &)> onStation);

private:
    void onChanged(const StationSnapshot &s);
    void followDeviceModel(const StationSnapshot &s);
    void onFrames(const QList<CaptureRecord> &records);

    Workspace &m_workspace;
    QString m_identity;
    OverviewTab *m_overview;
    DeviceModelManager *m_deviceModels;
    HardwarePoller *m_poller;
    DeviceModelTab *m_deviceModelTab;
    ConnectorsTab *m_connectorsTab;
    StationTrafficTab *m_trafficTab;
    QMetaObject::Connection m_modelFeed;
    QList<std::function<void(const StationSnapshot &)>> m_followers;
};

} // namespace cb
