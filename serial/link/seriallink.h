#pragma once

#include "backoff.h"
#include "bytelogentry.h"
#include "common/result.h"
#include "linkcounters.h"
#include "serialsettings.h"

#include <QObject>
#include <QPointer>
#include <QSerialPort>
#include <QTimer>

#include <functional>

namespace cb::serial {

// One serial port with what a service cable needs: open with line settings, every byte in and out
// reported (signal and optional callback), and automatic reopening with back-off after the port
// went away (USB unplug, peer closed). Protocol clients sit on top and see only dataReceived().
class SerialLink : public QObject
{
    Q_OBJECT
public:
    enum class State { Closed, Open, Reconnecting };
    Q_ENUM(State)
    using ByteObserver = std::function<void(const ByteLogEntry &)>;

    explicit SerialLink(QObject *parent = nullptr);
    ~SerialLink() override;

    // Opens the port now; a failure is returned, not retried (nothing to reconnect to yet).
    Status<> open(const SerialSettings &settings);
    void close();
    // Queues bytes for sending; false when the port is not open (e.g. while reconnecting).
    bool write(const QByteArray &bytes);

    State state() const { return m_state; }
    bool isOpen() const { return m_state == State::Open; }
    const SerialSettings &settings() const { return m_settings; }
    QString systemLocation() const;
    const LinkCounters &counters() const { return m_counters; }

    void setByteObserver(ByteObserver observer) { m_observer = std::move(observer); }
    void setReconnectBackoff(std::chrono::milliseconds initial, std::chrono::milliseconds maximum);
    // How often an open port is checked for presence (a vanished device node means unplugged).
    void setPresenceInterval(std::chrono::milliseconds interval);

    // The hint for a failed open, shared with the Modbus client which opens its own port.
    static Error openError(const SerialSettings &settings, QSerialPort::SerialPortError error, const QString &detail);
    static bool portPresent(const QString &systemLocation);
    static QString systemLocationFor(const QString &portName);

Q_SIGNALS:
    void dataReceived(const QByteArray &bytes);
    void bytesLogged(const cb::serial::ByteLogEntry &entry);
    void stateChanged(cb::serial::SerialLink::State state);
    void linkLost(const QString &reason);
    void linkRestored();

private:
    Status<> openPort();
    void onReadyRead();
    void onError(QSerialPort::SerialPortError error);
    void checkPresence();
    void lose(const QString &reason);
    void tryReconnect();
    void setState(State s);
    void log(ByteLogEntry::Direction d, const QByteArray &bytes);

    SerialSettings m_settings;
    QPointer<QSerialPort> m_port;
    State m_state = State::Closed;
    LinkCounters m_counters;
    ByteObserver m_observer;
    Backoff m_backoff;
    QTimer m_reconnectTimer;
    QTimer m_presenceTimer;
};

} // namespace cb::serial
