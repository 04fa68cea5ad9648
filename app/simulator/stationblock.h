#pragma once

#include "trigger.h"

#include <QString>

#include <optional>

namespace cb {
class RpcEndpoint;
}

namespace cb::sim {

class VirtualStation;

// One OCPP functional block on the station side, like protocol/station/blocks on the CSMS side:
// it answers the CSMS-initiated actions it owns, sends its station-initiated messages and keeps
// its part of the station's behaviour. Firmware, certificate and log flows join as blocks.
class StationBlock
{
public:
    explicit StationBlock(VirtualStation &station) : m_station(station) {}
    virtual ~StationBlock() = default;
    StationBlock(const StationBlock &) = delete;
    StationBlock &operator=(const StationBlock &) = delete;

    virtual QString name() const = 0;
    // Registers handlers on a new connection's endpoint (before any frame arrives).
    virtual void attach(RpcEndpoint &rpc) = 0;
    // The WebSocket is open (nothing sent yet).
    virtual void onConnected() {}
    // BootNotification accepted, or reconnected after an earlier acceptance.
    virtual void onRegistered(bool reconnected) { Q_UNUSED(reconnected) }
    virtual void onDisconnected() {}
    // The station stops or reboots: timers off.
    virtual void onStopping() {}
    // The CSMS changed a setting (2.x variable name or 1.6 key).
    virtual void onSettingChanged(const QString &name) { Q_UNUSED(name) }
    // TriggerMessage: a reply when this block owns the requested message.
    virtual std::optional<TriggerReply> trigger(const TriggerRequest &request)
    {
        Q_UNUSED(request)
        return std::nullopt;
    }

protected:
    VirtualStation &station() { return m_station; }
    const VirtualStation &station() const { return m_station; }

private:
    VirtualStation &m_station;
};

} // namespace cb::sim
