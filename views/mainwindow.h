#pragma once

#include "settings/appsettings.h"
#include "workspace/workspaceconfig.h"

#include <QMainWindow>

class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace cb {

class CaptureWindow;
class StationListModel;
class StationPage;
class TrafficDock;
class Workspace;

// The main window: station list on the left, the selected station's page in the centre, live
// traffic at the bottom, and in the status bar every URL a charger can use to reach this laptop.
// It only arranges views; all work goes through the workspace.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(Workspace &workspace, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Starts the server with `config`; on failure says why in a dialog and stays usable.
    bool startServer(const WorkspaceConfig &config, bool quiet = false);
    // The settings the window edits (File > Settings); saved when changed.
    // Also applied to the station page (report after boot, hardware poll interval); call before startServer.
    void setSettings(const AppSettings &settings);
    void showSettings();
    void showSerialPanel();
    // File > Open capture: a capture window of its own; with `file`, opens or imports it at once.
    CaptureWindow *openCapture(const QString &file = QString());
    void selectStation(const QString &identity);

    StationListModel *stationModel() const { return m_stations; }
    StationPage *stationPage() const { return m_page; }
    TrafficDock *trafficDock() const { return m_traffic; }
    QString statusText() const;

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void updateStatusBar();
    void copyUrls();
    void showAbout();

    Workspace &m_workspace;
    WorkspaceConfig m_config;
    AppSettings m_settings;
    QWidget *m_serialWindow = nullptr;
    StationListModel *m_stations;
    QSortFilterProxyModel *m_sorted;
    QTableView *m_list;
    StationPage *m_page;
    TrafficDock *m_traffic;
    QLabel *m_urls;
    QLabel *m_tls;
    QLabel *m_count;
};

} // namespace cb
