#include "tcpstream.h"

namespace cb::capture {

void TcpStream::syn(quint32 isn)
{
    if (m_started && m_sawSyn)
        return; // a retransmitted SYN
    m_started = m_sawSyn = true;
    m_isn = isn;
    m_next = isn + 1; // the SYN takes one sequence number
}

void TcpStream::segment(quint32 seq, const quint8 *data, quint32 length, StreamConsumer &consumer)
{
    if (length == 0)
        return;
    if (!m_started) {
        // Capture began after the SYN: the first data seen starts the stream.
        m_started = true;
        m_isn = seq - 1;
        m_next = seq;
    }
    const qint32 ahead = qint32(seq - m_next);
    if (ahead <= 0) {
        const quint32 skip = quint32(-qint64(ahead));
        if (skip >= length)
            return; // retransmission of delivered bytes
        deliver(data + skip, length - skip, consumer);
        drain(consumer);
        return;
    }
    const quint64 offset = m_position + quint64(ahead);
    auto [it, inserted] = m_pending.try_emplace(offset);
    if (inserted || it->second.size() < qsizetype(length)) {
        m_pendingBytes += qsizetype(length) - it->second.size();
        it->second = QByteArray(reinterpret_cast<const char *>(data), length);
    }
    while (m_pendingBytes > kMaxPending)
        skipGap(consumer);
}

void TcpStream::finish(StreamConsumer &consumer)
{
    while (!m_pending.empty())
        skipGap(consumer);
}

void TcpStream::deliver(const quint8 *data, quint32 length, StreamConsumer &consumer)
{
    m_next += length;
    m_position += length;
    consumer.bytes(data, length);
}

void TcpStream::drain(StreamConsumer &consumer)
{
    while (!m_pending.empty() && m_pending.begin()->first <= m_position) {
        auto node = m_pending.extract(m_pending.begin());
        m_pendingBytes -= node.mapped().size();
        const quint64 end = node.key() + quint64(node.mapped().size());
        if (end > m_position) {
            const quint32 skip = quint32(m_position - node.key());
            deliver(reinterpret_cast<const quint8 *>(node.mapped().constData()) + skip,
                    quint32(node.mapped().size()) - skip, consumer);
        }
    }
}

void TcpStream::skipGap(StreamConsumer &consumer)
{
    if (m_pending.empty())
        return;
    const quint64 missing = m_pending.begin()->first - m_position;
    m_next += quint32(missing);
    m_position += missing;
    consumer.gap(missing);
    drain(consumer);
}

} // namespace cb::capture
