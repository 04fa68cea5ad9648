#pragma once

#include "devicemodel/devicemodel.h"
#include "rpc/ocppversion.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <chrono>
#include <optional>

namespace cb {

class Workspace;

// One hardware variable of a connector as last seen: "CPPWMController.State" = "B".
struct HardwareValue
{
    QString value;
    QString unit;      // from the station's characteristics when known
    QDateTime updated; // UTC
    bool fromEvent = false; // NotifyEvent rather than a poll
    bool evseLevel = false; // the variable sits on the EVSE (shared by its connectors)
    QString problem;   // e.g. "Rejected" when the station refused to read it
};

// The standardized hardware variables of one EVSE/connector (OCPP 2.x part 2 appendix):
// keys are "Component.Variable" (with [instance] where the station has several).
struct ConnectorHardware
{
    int evseId = 0;
    int connectorId = 0;
    QMap<QString, HardwareValue> values;

    bool isEmpty() const { return values.isEmpty(); }
    // The value of `key`, or empty.
    QString value(const QString &key) const { return values.value(key).value; }
};

// Keeps the hardware state of one station's connectors current: GetVariables for the
// standardized hardware variables (CPPWMController.State/DCVoltage, PowerContactor.Active,
// ConnectorPlugRetentionLock.Active, RCD.Tripped, TemperatureSensor.Temperature,
// Connector/EVSE.AvailabilityState, ConnectedEV.*) every interval, batched within the station's
// ItemsPerMessage[GetVariables], and NotifyEvent reports in between. Asks only for what the
// station's device model lists once one is known; before that it asks for the standard set and
// stops asking for what the station calls unknown. 1.6 has no device model: nothing is polled.
// Lives on the GUI thread; answers arrive queued, nothing blocks.
class HardwarePoller : public QObject
{
    Q_OBJECT
public:
    explicit HardwarePoller(Workspace &workspace, QObject *parent = nullptr);

    // Forgets everything known about the previous station.
    void setStation(const QString &identity, std::optional<OcppVersion> version);
    QString identity() const { return m_identity; }
    // Connectors known from StatusNotification, so polling can start before a report exists.
    void setConnectors(const QList<QPair<int, int>> &evseConnectors);
    // The station's device model (which variables it has, units, ItemsPerMessage).
    void setDeviceModel(const dm::DeviceModel &model);
    void setConnected(bool connected);
    // 0 stops polling.
    void setInterval(std::chrono::milliseconds interval);
    std::chrono::milliseconds interval() const { return m_interval; }

    // Polls now (if connected, 2.x, and no poll is under way). Returns false when it did not.
    bool pollNow();
    bool isPolling() const { return m_outstanding > 0; }
    // A NotifyEvent request payload of this station.
    void ingestNotifyEvent(const QJsonObject &payload);

    QList<ConnectorHardware> connectors() const;
    ConnectorHardware connector(int evseId, int connectorId) const;
    QDateTime lastPoll() const { return m_lastPoll; }
    QString lastProblem() const { return m_lastProblem; }
    int batchSize() const;

    // The variables asked for in one poll (component/variable pairs), for tests and the tab.
    QList<QPair<dm::ComponentRef, dm::VariableRef>> targets() const;
    static bool isHardwareVariable(const QString &component, const QString &variable);

Q_SIGNALS:
    void changed();
    void pollFinished(bool ok, const QString &problem);

private:
    void rebuildTargets();
    void store(const dm::ComponentRef &component, const dm::VariableRef &variable, const QString &value, bool fromEvent,
               const QString &problem);
    void onAnswer(quint64 generation, const QList<QPair<dm::ComponentRef, dm::VariableRef>> &batch, const QJsonObject &payload,
                  const QString &failure);
    QString unitOf(const dm::ComponentRef &component, const dm::VariableRef &variable) const;

    Workspace &m_workspace;
    QString m_identity;
    std::optional<OcppVersion> m_version;
    bool m_connected = false;
    dm::DeviceModel m_model;
    QList<QPair<int, int>> m_connectorsSeen;
    QList<QPair<dm::ComponentRef, dm::VariableRef>> m_targets;
    QSet<QString> m_unknown; // component/variable keys the station said it does not have
    QHash<int, QMap<QString, HardwareValue>> m_evse;                   // evse -> values
    QHash<QPair<int, int>, QMap<QString, HardwareValue>> m_connector; // (evse, connector) -> values
    std::chrono::milliseconds m_interval{0};
    QTimer m_timer;
    int m_outstanding = 0;
    bool m_pollFailed = false;
    quint64 m_generation = 0; // bumped per station so late answers of the last one are ignored
    QDateTime m_lastPoll;
    QString m_lastProblem;
};

} // namespace cb
