#pragma once

#include <QByteArray>
#include <QtGlobal>

#include <map>

namespace cb::capture {

// Receives the bytes of one TCP direction in order.
class StreamConsumer
{
public:
    virtual ~StreamConsumer() = default;
    virtual void bytes(const quint8 *data, quint32 length) = 0;
    // `missing` bytes never made it into the capture; everything after them follows.
    virtual void gap(quint64 missing) = 0;
};

// Reassembles one direction of a TCP connection: in-order data passes straight through (no copy),
// early segments wait in a small map keyed by stream offset, retransmissions and overlaps are
// trimmed to the bytes not yet delivered. Offsets are 64-bit so sequence wrap-around is harmless.
class TcpStream
{
public:
    // Most bytes held back waiting for a missing segment before the gap is declared lost.
    static constexpr qsizetype kMaxPending = 8 * 1024 * 1024;

    void syn(quint32 isn);
    // A segment with `length` payload bytes starting at sequence number `seq`.
    void segment(quint32 seq, const quint8 *data, quint32 length, StreamConsumer &consumer);
    // Declares every hole lost and delivers what waits behind it (end of connection or capture).
    void finish(StreamConsumer &consumer);

    bool started() const { return m_started; }
    quint32 isn() const { return m_isn; }
    quint64 delivered() const { return m_position; }

private:
    void deliver(const quint8 *data, quint32 length, StreamConsumer &consumer);
    void drain(StreamConsumer &consumer);
    void skipGap(StreamConsumer &consumer);

    bool m_started = false;
    bool m_sawSyn = false;
    quint32 m_isn = 0;
    quint32 m_next = 0;      // sequence number of the next byte to deliver
    quint64 m_position = 0;  // stream offset of that byte
    std::map<quint64, QByteArray> m_pending; // early segments by stream offset
    qsizetype m_pendingBytes = 0;
};

} // namespace cb::capture
