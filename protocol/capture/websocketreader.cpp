#include "websocketreader.h"

#include <QCoreApplication>
#include <QtEndian>

#include <zlib.h>

#include <cstring>

namespace cb::capture {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::WebSocketReader)
};

// XORs the payload with the 4-byte key while copying, eight bytes at a time.
void unmaskInto(char *dst, const quint8 *src, quint64 length, const quint8 key[4])
{
    quint64 key64 = 0;
    for (int i = 0; i < 8; ++i)
        key64 |= quint64(key[i % 4]) << (8 * i); // little-endian memory order matches byte order below
    quint64 i = 0;
    for (; i + 8 <= length; i += 8) {
        quint64 v;
        std::memcpy(&v, src + i, 8);
        if constexpr (Q_BYTE_ORDER == Q_LITTLE_ENDIAN)
            v ^= key64;
        else
            v ^= qbswap(key64);
        std::memcpy(dst + i, &v, 8);
    }
    for (; i < length; ++i)
        dst[i] = char(src[i] ^ key[i % 4]);
}

} // namespace

struct WebSocketReader::Inflater
{
    z_stream stream{};
    bool ready = false;
    ~Inflater()
    {
        if (ready)
            inflateEnd(&stream);
    }
};

WebSocketReader::WebSocketReader() = default;
WebSocketReader::~WebSocketReader() = default;

void WebSocketReader::enableDeflate(bool noContextTakeover)
{
    m_deflate = true;
    m_noContextTakeover = noContextTakeover;
}

void WebSocketReader::markBroken(const QString &reason)
{
    if (m_broken.isEmpty())
        m_broken = reason;
    m_buffer.clear();
    m_message.clear();
    m_inMessage = false;
}

void WebSocketReader::feed(const quint8 *data, quint32 length, WebSocketSink &sink)
{
    if (isBroken())
        return;
    if (m_buffer.empty()) {
        // Fast path: parse whole frames straight from the segment.
        quint64 used = 0;
        while (used < length && !isBroken()) {
            const quint64 n = parseFrame(data + used, length - used, sink);
            if (n == 0)
                break;
            used += n;
        }
        if (used < length && !isBroken())
            m_buffer.assign(data + used, data + length);
        return;
    }
    m_buffer.insert(m_buffer.end(), data, data + length);
    quint64 used = 0;
    while (used < m_buffer.size() && !isBroken()) {
        const quint64 n = parseFrame(m_buffer.data() + used, m_buffer.size() - used, sink);
        if (n == 0)
            break;
        used += n;
    }
    if (isBroken())
        return;
    m_buffer.erase(m_buffer.begin(), m_buffer.begin() + qptrdiff(used));
}

quint64 WebSocketReader::parseFrame(const quint8 *p, quint64 available, WebSocketSink &sink)
{
    if (available < 2)
        return 0;
    const bool fin = p[0] & 0x80;
    const bool rsv1 = p[0] & 0x40;
    const int opcode = p[0] & 0x0f;
    const bool masked = p[1] & 0x80;
    quint64 length = p[1] & 0x7f;
    quint64 header = 2;
    if (length == 126) {
        if (available < 4)
            return 0;
        length = (quint64(p[2]) << 8) | p[3];
        header = 4;
    } else if (length == 127) {
        if (available < 10)
            return 0;
        length = 0;
        for (int i = 0; i < 8; ++i)
            length = (length << 8) | p[2 + i];
        header = 10;
    }
    if (length > kMaxMessage) {
        markBroken(Text::tr("A WebSocket frame claims %1 bytes; the stream is not WebSocket or is corrupt.").arg(length));
        return 0;
    }
    const quint8 *key = p + header;
    if (masked)
        header += 4;
    if (available < header + length)
        return 0;
    const quint8 *payload = p + header;

    if (opcode >= 8) {
        if (!fin || length > 125) {
            markBroken(Text::tr("A WebSocket control frame is fragmented or longer than 125 bytes."));
            return 0;
        }
        WebSocketMessage m;
        m.type = opcode == 8 ? WebSocketMessage::Type::Close
               : opcode == 9 ? WebSocketMessage::Type::Ping
               : opcode == 10 ? WebSocketMessage::Type::Pong
                              : WebSocketMessage::Type::Binary;
        m.payload.resize(qsizetype(length));
        if (masked)
            unmaskInto(m.payload.data(), payload, length, key);
        else if (length)
            std::memcpy(m.payload.data(), payload, length);
        if (opcode > 10) {
            m.problem = Text::tr("Unknown WebSocket control opcode %1.").arg(opcode);
        } else if (m.type == WebSocketMessage::Type::Close) {
            m.closeCode = 1005;
            if (length >= 2) {
                m.closeCode = (quint8(m.payload.at(0)) << 8) | quint8(m.payload.at(1));
                m.closeReason = QString::fromUtf8(m.payload.constData() + 2, m.payload.size() - 2);
            }
        }
        sink.message(m);
        return header + length;
    }

    if (opcode == 0) {
        if (!m_inMessage) {
            markBroken(Text::tr("A WebSocket continuation frame arrived without a message to continue."));
            return 0;
        }
    } else if (opcode == 1 || opcode == 2) {
        if (m_inMessage) {
            markBroken(Text::tr("A new WebSocket message started before the previous one ended."));
            return 0;
        }
        m_inMessage = true;
        m_opcode = opcode;
        m_compressed = rsv1 && m_deflate;
        m_message.clear();
    } else {
        markBroken(Text::tr("Unknown WebSocket opcode %1.").arg(opcode));
        return 0;
    }
    if (quint64(m_message.size()) + length > kMaxMessage) {
        markBroken(Text::tr("A WebSocket message is larger than %1 bytes.").arg(kMaxMessage));
        return 0;
    }
    const qsizetype at = m_message.size();
    m_message.resize(at + qsizetype(length));
    if (masked)
        unmaskInto(m_message.data() + at, payload, length, key);
    else if (length)
        std::memcpy(m_message.data() + at, payload, length);
    if (fin)
        finishMessage(sink);
    return header + length;
}

void WebSocketReader::finishMessage(WebSocketSink &sink)
{
    WebSocketMessage m;
    m.type = m_opcode == 1 ? WebSocketMessage::Type::Text : WebSocketMessage::Type::Binary;
    if (m_compressed) {
        if (!inflateMessage(m.payload, m.problem))
            m.payload = m_message;
    } else {
        m.payload = std::move(m_message);
    }
    m_message = QByteArray();
    m_inMessage = false;
    sink.message(m);
}

bool WebSocketReader::inflateMessage(QByteArray &out, QString &problem)
{
    if (!m_inflater)
        m_inflater = std::make_unique<Inflater>();
    z_stream &z = m_inflater->stream;
    if (!m_inflater->ready) {
        // Raw deflate (no zlib header), the largest window: it reads any smaller window too.
        if (inflateInit2(&z, -15) != Z_OK) {
            problem = Text::tr("zlib could not be initialised.");
            return false;
        }
        m_inflater->ready = true;
    } else if (m_noContextTakeover) {
        inflateReset(&z);
    }
    // RFC 7692 7.2.2: the sender removed the empty stored block's 00 00 ff ff; add it back.
    m_message.append("\x00\x00\xff\xff", 4);
    z.next_in = reinterpret_cast<Bytef *>(m_message.data());
    z.avail_in = uInt(m_message.size());
    out.resize(std::max<qsizetype>(m_message.size() * 4, 256));
    qsizetype produced = 0;
    for (;;) {
        z.next_out = reinterpret_cast<Bytef *>(out.data() + produced);
        z.avail_out = uInt(out.size() - produced);
        const int rc = inflate(&z, Z_SYNC_FLUSH);
        produced = out.size() - qsizetype(z.avail_out);
        if (rc == Z_STREAM_END || (rc == Z_OK && z.avail_in == 0 && z.avail_out > 0) || (rc == Z_BUF_ERROR && z.avail_in == 0))
            break;
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            problem = Text::tr("The compressed WebSocket message cannot be inflated (%1); was the capture started after the "
                         "connection, so the compression context is missing?")
                          .arg(QString::fromLatin1(z.msg ? z.msg : "zlib error"));
            inflateReset(&z);
            return false;
        }
        if (quint64(out.size()) >= kMaxMessage) {
            problem = Text::tr("A compressed WebSocket message inflates to more than %1 bytes.").arg(kMaxMessage);
            inflateReset(&z);
            return false;
        }
        out.resize(out.size() * 2);
    }
    out.resize(produced);
    return true;
}

} // namespace cb::capture
