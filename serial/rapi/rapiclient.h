#pragma once

#include "hardwareclient.h"
#include "link/seriallink.h"
#include "rapiframe.h"

#include <QTimer>

#include <deque>
#include <functional>
#include <optional>

namespace cb::serial {

// An $OK or $NK answer to one command.
struct RapiReply
{
    bool ok = false;              // $OK
    QList<QByteArray> tokens;
    QByteArray raw;
};

// OpenEVSE RAPI over a SerialLink (115200 8N1). Commands go out one at a time with a timeout and,
// by default, a sequence id that the reply must echo; asynchronous $AT/$AB lines may arrive at any
// time, also while a reply is awaited, and update the picture at once. Wrong checksums, garbage,
// partial lines and replies for another sequence id are counted and dropped, never trusted.
class RapiClient : public HardwareClient
{
    Q_OBJECT
public:
    using ReplyCallback = std::function<void(const Result<RapiReply> &)>;
    using ActionCallback = std::function<void(const Status<> &)>;

    explicit RapiClient(QObject *parent = nullptr);
    ~RapiClient() override;

    static SerialSettings defaultSettings(const QString &port);

    Status<> open(const SerialSettings &settings) override;
    void close() override;
    bool isOpen() const override { return m_link.isOpen(); }
    void refresh() override;
    HardwareState state() const override;
    LinkCounters counters() const override;
    QString source() const override { return QStringLiteral("rapi"); }

    SerialLink &link() { return m_link; }
    void setCommandTimeout(std::chrono::milliseconds t) { m_timeout.setInterval(t); }
    void setUseSequenceIds(bool on) { m_useSequenceIds = on; }

    // Sends "$<command> <params>" once the commands before it are answered.
    void send(const QByteArray &command, const QList<QByteArray> &params, ReplyCallback callback);

    void enable(ActionCallback cb = {}) { action("FE", {}, std::move(cb)); }
    void disable(ActionCallback cb = {}) { action("FD", {}, std::move(cb)); }
    void sleep(ActionCallback cb = {}) { action("FS", {}, std::move(cb)); }
    void restart(ActionCallback cb = {}) { action("FR", {}, std::move(cb)); }
    // SC: the controller answers $NK when it had to clamp the value.
    void setCurrentLimit(int amps, ActionCallback cb = {});

Q_SIGNALS:
    void asyncMessage(const cb::serial::rapi::RapiMessage &message);

private:
    struct Pending
    {
        QByteArray command;
        QList<QByteArray> params;
        int sequenceId = 0;
        ReplyCallback callback;
    };

    void action(const QByteArray &command, const QList<QByteArray> &params, ActionCallback cb);
    void sendNext();
    void onData(const QByteArray &bytes);
    void onLine(const QByteArray &line);
    void onTimeout();
    void failAll(const Error &e);
    Error timeoutError(const QString &commands) const;
    int nextSequenceId();

    SerialLink m_link;
    QTimer m_timeout;
    std::deque<Pending> m_queue;
    std::optional<Pending> m_current;
    QByteArray m_rx;
    bool m_useSequenceIds = true;
    int m_lastSequenceId = 0;
    bool m_refreshing = false;
    bool m_inTimeoutCallback = false;
    HardwareState m_state;
    LinkCounters m_counters;
};

} // namespace cb::serial
