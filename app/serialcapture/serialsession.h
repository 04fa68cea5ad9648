#pragma once

#include "common/result.h"
#include "hardwarestate.h"
#include "link/bytelogentry.h"
#include "link/serialsettings.h"
#include "linkcounters.h"
#include "rapicommandline.h"

#include <QObject>
#include <QTimer>

#include <chrono>
#include <deque>
#include <memory>

namespace cb {

class CaptureWriter;
class SerialCapture;

namespace serial {
class HardwareClient;
}

// One hardware link as the serial panel uses it: the protocol client (RAPI or a Modbus profile),
// polling, the byte log recorded in the capture database, and a RAPI command line. Everything is
// asynchronous on the caller's thread; nothing here waits.
//
// Polling is driven here rather than by HardwareClient::startPolling() so that a typed RAPI command
// never interleaves with a refresh: it goes out when the link is idle, without a sequence id, so
// the frame on the wire is exactly the one shown ("GS" -> "$GS^30"), and the next refresh follows
// at once to show its effect.
class SerialSession : public QObject
{
    Q_OBJECT
public:
    enum class LinkState { Closed, Open, Reconnecting };
    Q_ENUM(LinkState)

    // `capture` may be null (no recording); it must outlive the session otherwise.
    explicit SerialSession(CaptureWriter *capture = nullptr, QObject *parent = nullptr);
    ~SerialSession() override;

    // protocol: "rapi", "modbus:<profile id>" or "modbus:<path to a profile file>". serverId 0
    // keeps the profile's (Modbus only). Polling starts at once.
    Status<> open(const QString &protocol, const serial::SerialSettings &settings, int serverId = 0);
    void close();

    LinkState linkState() const { return m_linkState; }
    bool isActive() const { return m_client != nullptr; } // open or reconnecting
    bool isRapi() const;
    QString protocol() const { return m_protocol; }
    const serial::SerialSettings &settings() const { return m_settings; }
    serial::HardwareState state() const;
    serial::LinkCounters counters() const;
    serial::HardwareClient *client() const { return m_client.get(); }
    SerialCapture *capture() const { return m_capture.get(); }

    void setPollInterval(std::chrono::milliseconds interval);
    std::chrono::milliseconds pollInterval() const { return m_pollTimer.intervalAsDuration(); }
    // Applied to the next open(); tests use short delays to see a replug quickly.
    void setReconnectBackoff(std::chrono::milliseconds initial, std::chrono::milliseconds maximum);

    // RAPI only. Queued behind a running refresh; the answer arrives as rapiCommandFinished().
    // Fails at once when the text is not a command or no RAPI link is open.
    Status<> sendRapiCommand(const QString &text);
    int queuedCommands() const { return int(m_commands.size()) + (m_commandInFlight ? 1 : 0); }

Q_SIGNALS:
    void linkStateChanged(cb::SerialSession::LinkState state, const QString &reason);
    void stateUpdated(const cb::serial::HardwareState &state);
    void refreshFinished(bool ok, const QString &problem);
    void bytesLogged(const cb::serial::ByteLogEntry &entry);
    // The frame about to go out, e.g. "$GS^30\r".
    void rapiCommandSent(const QByteArray &frame);
    // reply: the controller's line ("$OK 1 0 1 0^2F") or, when ok is false and nothing came back,
    // what went wrong.
    void rapiCommandFinished(const QByteArray &frame, bool ok, const QString &reply);

private:
    void poll();
    void sendNextCommand();
    void onRefreshFinished(bool ok, const QString &problem);
    void setLinkState(LinkState s, const QString &reason);

    CaptureWriter *m_writer = nullptr;
    std::unique_ptr<SerialCapture> m_capture;
    std::unique_ptr<serial::HardwareClient> m_client;
    QString m_protocol;
    serial::SerialSettings m_settings;
    LinkState m_linkState = LinkState::Closed;
    QTimer m_pollTimer;
    std::chrono::milliseconds m_backoffInitial{250};
    std::chrono::milliseconds m_backoffMaximum{5000};
    bool m_refreshing = false;
    bool m_commandInFlight = false;
    std::deque<RapiCommandLine> m_commands;
    int m_generation = 0; // callbacks of a closed client are ignored
};

} // namespace cb
