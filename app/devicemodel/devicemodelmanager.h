#pragma once

#include "api/stationapiextension.h"

#include <QDateTime>
#include <QHash>
#include <QObject>

#include <functional>
#include <memory>
#include <vector>

namespace cb {

class DeviceModelService;
class Workspace;

// One DeviceModelService per station identity, made on first use and kept for the workspace's
// lifetime. The workspace owns the one manager (Workspace::deviceModels()). Fetches a full report
// (2.x FullInventory / 1.6 all keys) after each BootNotification when fetchAfterBoot is on; it is
// off until a front end turns it on (the GUI from AppSettings::fetchReportAfterBoot, serve with
// --fetch-report-after-boot), so a workspace nobody asked reads nothing by itself. Also serves
// the automation API's device-model endpoints (see automationapi.h). Lives on the workspace's
// thread.
class DeviceModelManager : public QObject
{
    Q_OBJECT
public:
    explicit DeviceModelManager(Workspace &workspace, QObject *parent = nullptr);
    ~DeviceModelManager() override;

    DeviceModelService *service(const QString &identity);
    QList<DeviceModelService *> services() const { return m_services.values(); }

    void setFetchAfterBoot(bool on) { m_fetchAfterBoot = on; }
    bool fetchAfterBoot() const { return m_fetchAfterBoot; }

    // Answers API requests still waiting on a station with 503, so the API can stop at once.
    void cancelApiRequests();

Q_SIGNALS:
    void serviceAdded(cb::DeviceModelService *service);

private:
    // Serves GET devicemodel[?refresh=1], GET|POST snapshots, GET|DELETE snapshots/{id},
    // GET snapshots/{id}/diff/{id|live}, POST profile (see automationapi.h, openapi.json).
    void serveApi(const StationApiRequest &request, std::function<void(StationApiReply)> done);

    struct PendingApi
    {
        std::function<void(StationApiReply)> answer;
        bool answered = false;
    };

    Workspace &m_workspace;
    std::shared_ptr<QObject> m_relay;
    std::vector<std::shared_ptr<PendingApi>> m_pendingApi;
    QHash<QString, DeviceModelService *> m_services;
    QHash<QString, QDateTime> m_lastBoot;
    bool m_fetchAfterBoot = false;
};

} // namespace cb
