#pragma once

#include <QDateTime>
#include <QHash>
#include <QObject>

namespace cb {

class DeviceModelService;
class Workspace;

// One DeviceModelService per station identity, made on first use and kept for the workspace's
// lifetime. Fetches a full report (2.x FullInventory / 1.6 all keys) after each BootNotification
// when fetchAfterBoot is on (AppSettings::fetchReportAfterBoot). Also serves the automation API's
// device-model endpoints (see automationapi.h) when made before Workspace::start().
// Lives on the workspace's thread.
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

Q_SIGNALS:
    void serviceAdded(cb::DeviceModelService *service);

private:
    Workspace &m_workspace;
    QHash<QString, DeviceModelService *> m_services;
    QHash<QString, QDateTime> m_lastBoot;
    bool m_fetchAfterBoot = true;
};

} // namespace cb
