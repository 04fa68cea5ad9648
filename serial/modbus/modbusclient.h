#pragma once

#include "hardwareclient.h"
#include "link/backoff.h"
#include "registerprofile.h"

#include <QHash>
#include <QModbusDevice>
#include <QModbusReply>
#include <QModbusRtuSerialClient>
#include <QPointer>
#include <QSerialPort>
#include <QTimer>

#include <deque>
#include <functional>

namespace cb::serial {

// Modbus RTU master (Qt SerialBus QModbusRtuSerialClient) driven by a register profile: reads the
// profile's blocks one after another with the profile's delay between requests, decodes them into
// a HardwareState, writes only within the profile's bounds, and reopens the port after an unplug.
//
// Byte log: QModbusRtuSerialClient owns its port and consumes incoming bytes itself, so requests
// are logged exactly as sent and replies as rebuilt from the decoded response (address, PDU, CRC:
// identical bytes for a valid frame). Frames it discards (wrong CRC, foreign reply) are logged as
// an entry without bytes and a note, and counted.
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
    bool isOpen() const override;
    void refresh() override;
    HardwareState state() const override;
    LinkCounters counters() const override { return m_counters; }
    QString source() const override { return QStringLiteral("modbus:") + m_profile.id; }

    const modbus::RegisterProfile &profile() const { return m_profile; }
    void setServerId(int id) { m_serverId = id; }
    int serverId() const { return m_serverId; }
    void setTimeout(std::chrono::milliseconds t);
    void setReconnectBackoff(std::chrono::milliseconds initial, std::chrono::milliseconds maximum);
    // Registers of the last refresh (address -> value).
    const QHash<quint16, quint16> &registers() const { return m_registers; }
    // Whether a read block switched to its fallback function (e.g. Phoenix 03 -> 04).
    bool usesFallback(int block) const { return m_fallback.value(block); }

    // Writes a profile value (engineering units); out-of-bounds values are refused before sending.
    Status<> writeValue(const QString &name, double value, WriteCallback callback = {});

    static quint16 crc16(QByteArrayView bytes);

private:
    struct Request
    {
        QModbusRequest pdu;
        std::function<void(QModbusReply *)> done;
    };

    void startRequest(Request r);
    void sendNext();
    void onFinished(QModbusReply *reply, const std::function<void(QModbusReply *)> &done);
    void readBlock(int index);
    void finishRefresh();
    void lose(const QString &reason);
    void tryReconnect();
    void checkPresence();
    void log(ByteLogEntry::Direction d, const QByteArray &bytes, const QString &note = {});
    QByteArray adu(quint8 functionByte, const QByteArray &data) const;
    QSerialPort *port() const;

    modbus::RegisterProfile m_profile;
    QModbusRtuSerialClient m_modbus;
    SerialSettings m_settings;
    int m_serverId = 1;
    bool m_open = false;       // opened by the user (and not closed since)
    bool m_connected = false;  // the port is open right now
    LinkCounters m_counters;
    Backoff m_backoff;
    QTimer m_reconnectTimer;
    QTimer m_presenceTimer;
    QTimer m_gapTimer;         // the profile's delay between requests
    std::deque<Request> m_queue;
    bool m_busy = false;
    QPointer<QModbusReply> m_inFlight;
    std::function<void(QModbusReply *)> m_inFlightDone;
    quint8 m_inFlightFunction = 0;
    void abortInFlight();
    QByteArray m_outAdu;
    qint64 m_outWritten = 0;

    bool m_refreshing = false;
    int m_refreshGeneration = 0;
    int m_blockOk = 0;
    QStringList m_problems;
    QHash<quint16, quint16> m_fresh;
    QHash<quint16, quint16> m_registers;
    QHash<int, bool> m_fallback;
    HardwareState m_state;
};

} // namespace cb::serial
