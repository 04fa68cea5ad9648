#pragma once

#include "link/bytelogentry.h"
#include "link/serialsettings.h"
#include "linkcounters.h"
#include "rtureply.h"
#include "rturequest.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <deque>
#include <functional>
#include <optional>

namespace cb::serial {

class SerialLink;

namespace modbus {

// A Modbus RTU master over a SerialLink: one transaction at a time, the RTU inter-frame silence
// (3.5 character times, 1.75 ms above 19200 baud) before every request, a per-device delay between
// transactions, a reply timeout and retries.
//
// Why not QModbusRtuSerialClient: it owns its QSerialPort and consumes the reply bytes itself, so
// the byte log could only show requests and replies rebuilt from the decoded PDU, never what was
// really on the wire (noise, a frame with a wrong CRC, a reply from another server). Here every
// received byte is logged exactly once, grouped into what it was: a reply, an exception reply, a
// frame with a wrong CRC, a frame for another server, or garbage; the request bytes are logged by
// the SerialLink as written.
//
// Framing: a PC behind a USB adapter cannot see 1.5/3.5 character gaps reliably (the adapter's
// latency timer batches bytes for up to 16 ms), so replies are framed by their expected length
// (exceptions 5 bytes, 03/04 from the byte count, 06/16 8 bytes) and accepted as soon as a frame
// for the request with a valid CRC is in the buffer, wherever it starts. Silence only decides when
// a run of bytes that is not such a frame is over and can be logged as garbage or a CRC error.
class RtuMaster : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const RtuReply &)>;

    explicit RtuMaster(SerialLink &link, QObject *parent = nullptr);
    ~RtuMaster() override; // pending callbacks are dropped, not called

    // Queues a request; `done` is called once, after the reply or the last failed attempt.
    void send(const RtuRequest &request, Callback done);
    // Fails the request in flight and all queued ones with NotOpen (link closed or lost) and logs
    // bytes still buffered.
    void abortAll();
    bool isIdle() const { return !m_current && m_queue.empty(); }

    void setTimeout(std::chrono::milliseconds t) { m_timeoutMs = int(t.count()); }
    int timeoutMs() const { return m_timeoutMs; }
    // Extra attempts after a timeout or a CRC error (0: one attempt).
    void setRetries(int n) { m_retries = qMax(0, n); }
    int retries() const { return m_retries; }
    // Pause between the end of one transaction and the next request (at least the silence).
    void setRequestDelay(std::chrono::milliseconds d) { m_requestDelay = d; }

    // 3.5 character times at these line settings; a fixed 1750 us above 19200 baud (the spec's
    // value for fast lines).
    static std::chrono::microseconds interFrameSilence(const SerialSettings &s);
    // Framing counters: frames in/out, CRC errors, exceptions, timeouts, garbage, foreign replies.
    const LinkCounters &counters() const { return m_counters; }

Q_SIGNALS:
    // Received bytes: one entry per frame or run of garbage, with a note when it was not a reply.
    void bytesLogged(const cb::serial::ByteLogEntry &entry);

private:
    struct Pending
    {
        RtuRequest request;
        Callback done;
        int attempts = 0;
    };
    enum class Kind { None, Partial, Reply, OtherServer, BadCrc, Echo };
    struct Found
    {
        Kind kind = Kind::None;
        qsizetype offset = 0;
        qsizetype length = 0;
    };

    Found scan() const;
    void onData(const QByteArray &bytes);
    void process(bool silence);
    void onTimeout();
    void sendNext();
    void transmit();
    void failOrRetry(RtuReply::Status status, const QByteArray &adu);
    void complete(RtuReply reply);
    // Logs (and removes) the first `length` buffered bytes as one received entry.
    void logIn(qsizetype length, const QString &note, bool problem);
    void dropGarbage(qsizetype length, const QString &note);
    std::chrono::milliseconds silenceMs() const;
    std::chrono::milliseconds gap() const;

    SerialLink &m_link;
    std::deque<Pending> m_queue;
    std::optional<Pending> m_current;
    bool m_inFlight = false;       // m_current's request is on the wire, its reply awaited
    QByteArray m_rx;
    qint64 m_rxStartUs = 0;        // when the first byte of m_rx arrived
    QTimer m_silence;
    QTimer m_timeout;
    QTimer m_gap;
    QElapsedTimer m_lastByte;      // last byte received or sent
    int m_timeoutMs = 500;
    int m_retries = 0;
    std::chrono::milliseconds m_requestDelay{50};
    LinkCounters m_counters;
};

} // namespace modbus
} // namespace cb::serial
