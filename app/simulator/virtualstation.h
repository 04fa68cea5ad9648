#pragma once

#include "common/result.h"
#include "outboundqueue.h"
#include "outlet.h"
#include "stationsettings.h"
#include "transactioncontrol.h"
#include "virtualstationconfig.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <memory>
#include <vector>

namespace cb {
class StationClient;
}

namespace cb::sim {

class AvailabilityBlock;
class StationBlock;

// A virtual charging station for OCPP 1.6J, 2.0.1 and 2.1 that behaves like a real charger:
// it connects with its security profile, boots (and waits while Pending/Rejected), sends
// heartbeats and connector status, answers the CSMS from a realistic device model or 1.6
// configuration, runs charging sessions with rising meter values, reconnects with back-off and
// can be told to misbehave (faults) for tests and training. The protocol work is done by one
// StationBlock per functional block; this class owns the connection and the hardware.
class VirtualStation : public QObject
{
    Q_OBJECT
public:
    enum class State { Stopped, Connecting, Booting, Pending, Rejected, Accepted, Offline, Rebooting };
    Q_ENUM(State)

    // How a station-initiated message travels.
    enum class Delivery {
        Registered,    // only while accepted; dropped otherwise (the state is re-sent on acceptance)
        Always,        // whenever connected (BootNotification)
        Triggered,     // connected and accepted or pending: answers a TriggerMessage
        Transactional, // queued while offline or unaccepted, sent in order, retried
    };

    explicit VirtualStation(VirtualStationConfig config, QObject *parent = nullptr);
    ~VirtualStation() override;

    // Mistakes in a configuration that a person can fix (profile vs. URL scheme, password
    // length, missing client certificate, ...).
    static Status<> check(const VirtualStationConfig &config);

    void start();
    // Closes the connection normally and stays offline.
    void stop();

    const VirtualStationConfig &config() const { return m_config; }
    const QString &identity() const { return m_config.identity; }
    OcppVersion version() const { return m_config.version; }
    State state() const { return m_state; }
    static QString stateName(State s);
    bool isConnected() const { return m_rpc != nullptr; }
    bool isRegistered() const { return m_registration == QLatin1String("Accepted"); }
    QString registrationStatus() const { return m_registration; }
    bool wasAccepted() const { return m_wasAccepted; }

    // --- The simulated driver (GUI, training, tests); in 1.6 evseId is the connector ---
    bool plugIn(int evseId, int connectorId = 1);
    bool unplug(int evseId, int connectorId = 1);
    bool presentIdToken(int evseId, const QString &idToken, int connectorId = 1);

    // --- Faults ---
    // The connector reports Faulted with this error code (1.6 ChargePointErrorCode, e.g.
    // GroundFailure); a running session ends. An empty code clears the fault.
    bool setConnectorFault(int evseId, int connectorId, const QString &errorCode);
    // The station behaves as if every BootNotification were Rejected: it keeps retrying at the
    // interval and sends nothing else.
    void setRejectBoot(bool on) { m_rejectBoot = on; }
    bool rejectsBoot() const { return m_rejectBoot; }
    // Answers to the CSMS's calls come this much later.
    void setReplyDelay(std::chrono::milliseconds delay) { m_replyDelay = delay; }
    // Drops the TCP connection without a WebSocket close; the station reconnects with back-off.
    void dropConnection();
    // Sends a frame that is not valid OCPP-J (default: broken JSON).
    void sendMalformedFrame(const QByteArray &text = {});

    // Bugs of the station itself (payloads it built that break the schema); empty when healthy.
    QStringList internalErrors() const { return m_internalErrors; }

    // --- For the station's functional blocks ---
    StationSettings &settings() { return *m_settings; }
    DeviceModel *deviceModel() const { return m_model.get(); }             // 2.0.1 / 2.1
    ConfigurationKeys *configurationKeys() const { return m_keys.get(); }  // 1.6
    const std::vector<std::unique_ptr<Outlet>> &outlets() const { return m_outlets; }
    Outlet *outlet(int evseId, int connectorId = 1) const;
    QList<Outlet *> outletsOfEvse(int evseId) const;
    bool stationOperative() const { return m_stationOperative; }
    void setStationOperative(bool on) { m_stationOperative = on; }
    TransactionControl &transactions() { return *m_transactions; }
    QString lastIdToken() const { return m_lastIdToken; }

    void call(const QString &action, const QJsonObject &payload, CallCallback done = {}, Delivery delivery = Delivery::Registered);
    void enqueue(const QString &action, OutboundQueue::Builder build, CallCallback done = {});
    // Registers a handler for a CSMS-initiated action, with the reply delay fault applied.
    void handle(RpcEndpoint &rpc, const QString &action, std::function<void(const RpcCall &, RpcResponder)> handler);
    // Runs after the current reply went out (a triggered message follows its TriggerMessage reply).
    void afterReply(std::function<void()> f);

    void setRegistration(const QString &status, bool reconnected = false);
    // Something about the outlet changed: publish its status when it differs.
    void outletChanged(Outlet &outlet);
    void settingChanged(const QString &name);
    void sessionEnded(Outlet &outlet);
    // Reset: ends sessions (cause), goes offline, comes back with BootNotification(bootReason).
    void reboot(const QString &bootReason, EndCause cause);
    QString bootReason() const { return m_bootReason; }
    // A scheduled reset (OnIdle) waits for all sessions to end.
    void scheduleReset(const QString &bootReason) { m_pendingReset = bootReason; }

    std::chrono::milliseconds protocolSeconds(double seconds) const;
    static QString now();
    void note(const QString &line);
    void internalError(const QString &text);

Q_SIGNALS:
    // One line per notable event, for people (CLI, GUI log).
    void event(const QString &line);
    void stateChanged(cb::sim::VirtualStation::State state);
    void registered();
    void connectionLost();

private:
    void connectNow();
    void onConnected();
    void onDisconnected(const QString &why);
    void scheduleReconnect();
    void setState(State s);
    void stopTimersAndBlocks();
    Outlet *driverOutlet(int evseId, int connectorId) const;
    void finishReboot();
    QString liveValue16(const ConfigurationKey &k) const;

    VirtualStationConfig m_config;
    std::unique_ptr<DeviceModel> m_model;
    std::unique_ptr<ConfigurationKeys> m_keys;
    std::unique_ptr<StationSettings> m_settings;
    std::vector<std::unique_ptr<Outlet>> m_outlets;
    std::vector<std::unique_ptr<StationBlock>> m_blocks;
    TransactionControl *m_transactions = nullptr;
    AvailabilityBlock *m_availability = nullptr;
    OutboundQueue m_queue;

    StationClient *m_client = nullptr;
    QPointer<RpcEndpoint> m_rpc;
    State m_state = State::Stopped;
    QString m_registration;
    bool m_wasAccepted = false;
    bool m_stopping = true;
    bool m_rebooting = false;
    QString m_bootReason = QStringLiteral("PowerUp");
    QString m_pendingReset;
    bool m_stationOperative = true;
    QString m_lastIdToken;
    int m_backOffAttempt = 0;
    QTimer m_reconnect;
    QTimer m_rebootTimer;
    QByteArray m_password;

    bool m_rejectBoot = false;
    std::chrono::milliseconds m_replyDelay{0};
    QStringList m_internalErrors;
};

} // namespace cb::sim
