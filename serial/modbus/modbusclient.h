#pragma once

#include "hardwareclient.h"
#include "link/seriallink.h"
#include "registerprofile.h"
#include "rtumaster.h"

#include <QHash>

#include <functional>

namespace cb::serial {

// Modbus RTU master driven by a register profile: reads the profile's blocks one after another
// with the profile's delay between requests, decodes them into a HardwareState, writes only within
// the profile's bounds, and reopens the port after an unplug.
//
// The RTU framing is our own (modbus::RtuMaster over a SerialLink), not Qt SerialBus's
// QModbusRtuSerialClient: that client owns its serial port and swallows the reply bytes, so the
// byte log could not show what really crossed the wire (see serial/PROFILES.md, "Byte log").
// Requests are logged by the link exactly as written, replies and everything else received by the
// master, one entry per frame or run of garbage, with a note for what was not a good reply.
class ModbusClient : public HardwareClient
{
    Q_OBJECT
public:
    using WriteCallback = std::function<void(const Status<> &)>;

    explicit ModbusClient(modbus::RegisterProfile profile, QObject *parent = nullptr);
    ~ModbusClient() override;

    static SerialSettings defaultSettings(const modbus::RegisterProfile &profile, const QString &port);

    Status<> open(const SerialSettings &settings) override;
    void close() override;
    bool isOpen() const override { return m_link.isOpen(); }
    void refresh() override;
    HardwareState state() const override;
    LinkCounters counters() const override;
    QString source() const override { return QStringLiteral("modbus:") + m_profile.id; }

    const modbus::RegisterProfile &profile() const { return m_profile; }
    void setServerId(int id) { m_serverId = id; }
    int serverId() const { return m_serverId; }
    void setTimeout(std::chrono::milliseconds t) { m_master.setTimeout(t); }
    // Extra attempts after a timeout or CRC error; the profile's `retries` by default.
    void setRetries(int n) { m_master.setRetries(n); }
    void setReconnectBackoff(std::chrono::milliseconds initial, std::chrono::milliseconds maximum);
    SerialLink &link() { return m_link; }
    modbus::RtuMaster &master() { return m_master; }
    // Registers of the last refresh (address -> value).
    const QHash<quint16, quint16> &registers() const { return m_registers; }
    // Whether a read block switched to its fallback function (e.g. Phoenix 03 -> 04).
    bool usesFallback(int block) const { return m_fallback.value(block); }

    // Writes a profile value (engineering units); out-of-bounds values are refused before sending.
    Status<> writeValue(const QString &name, double value, WriteCallback callback = {});

    // CRC-16/MODBUS (kept here for callers of the old client; see modbus/rtucrc.h).
    static quint16 crc16(QByteArrayView bytes);

private:
    void readBlock(int index);
    void finishRefresh();
    void onLinkLost(const QString &reason);

    modbus::RegisterProfile m_profile;
    SerialLink m_link;
    modbus::RtuMaster m_master;
    int m_serverId = 1;

    bool m_refreshing = false;
    int m_refreshGeneration = 0; // callbacks of an aborted refresh are ignored
    int m_blockOk = 0;
    QStringList m_problems;
    QHash<quint16, quint16> m_fresh;
    QHash<quint16, quint16> m_registers;
    QHash<int, bool> m_fallback;
    HardwareState m_state;
};

} // namespace cb::serial
