#include "websocketdecoder.h"

#include "utf8validation.h"

#include <QCoreApplication>

#include <cstring>

namespace cb {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::WebSocketDecoder)
};

// XORs the payload with the 4-byte masking key into `out`, 8 bytes at a time where it can.
void unmask(const char *in, qsizetype n, const unsigned char key[4], char *out)
{
    quint32 k32;
    std::memcpy(&k32, key, 4);
    const quint64 k64 = (quint64(k32) << 32) | k32;
    qsizetype i = 0;
    for (; i + 8 <= n; i += 8) {
        quint64 w;
        std::memcpy(&w, in + i, 8);
        w ^= k64;
        std::memcpy(out + i, &w, 8);
    }
    for (; i < n; ++i)
        out[i] = char(in[i] ^ key[i & 3]);
}

bool isValidCloseCode(int code)
{
    // RFC 6455 §7.4: the codes an endpoint may send; 1004-1006 and 1015 are reserved for local use.
    if (code >= 3000 && code <= 4999)
        return true;
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014);
}

} // namespace

bool WebSocketDecoder::feed(const char *data, qsizetype size, const MessageSink &sink)
{
    if (failed())
        return false;
    if (m_pending.isEmpty()) {
        // The common case: whole frames in the socket read, decoded in place.
        const char *p = data;
        const char *end = data + size;
        while (p < end) {
            const qsizetype used = decodeFrame(p, end, sink);
            if (used < 0)
                return false;
            if (used == 0)
                break;
            p += used;
        }
        if (p < end)
            m_pending = QByteArray(p, end - p);
        return true;
    }
    m_pending.append(data, size);
    qsizetype offset = 0;
    while (offset < m_pending.size()) {
        const qsizetype used = decodeFrame(m_pending.constData() + offset, m_pending.constData() + m_pending.size(), sink);
        if (used < 0)
            return false;
        if (used == 0)
            break;
        offset += used;
    }
    m_pending.remove(0, offset);
    return true;
}

qsizetype WebSocketDecoder::fail(int code, const QString &reason)
{
    m_failure = WebSocketFailure{code, reason};
    m_pending.clear();
    m_fragments.clear();
    return -1;
}

qsizetype WebSocketDecoder::decodeFrame(const char *p, const char *end, const MessageSink &sink)
{
    const qsizetype avail = end - p;
    if (avail < 2)
        return 0;
    const auto b0 = quint8(p[0]);
    const auto b1 = quint8(p[1]);
    const bool fin = b0 & 0x80;
    const auto opcode = WebSocketOpcode(b0 & 0x0F);
    const bool masked = b1 & 0x80;
    const bool rsv1 = b0 & 0x40;
    if (b0 & 0x30)
        return fail(1002, Text::tr("RSV2 or RSV3 set in a frame header; no extension that uses them was negotiated"));
    if (rsv1 && !m_inflater)
        return fail(1002, Text::tr("reserved bits set in a frame header, but no extension was negotiated"));
    const bool control = quint8(opcode) & 0x08;
    // RFC 7692 §6.1: only the first frame of a data message says it is compressed.
    if (rsv1 && (control || opcode == WebSocketOpcode::Continuation))
        return fail(1002, Text::tr("the compression bit set on a control or continuation frame"));
    switch (opcode) {
    case WebSocketOpcode::Continuation:
    case WebSocketOpcode::Text:
    case WebSocketOpcode::Binary:
    case WebSocketOpcode::Close:
    case WebSocketOpcode::Ping:
    case WebSocketOpcode::Pong:
        break;
    default:
        return fail(1002, Text::tr("unknown frame opcode %1").arg(int(opcode)));
    }
    if (m_requireMasked && !masked)
        return fail(1002, Text::tr("a client frame was not masked (RFC 6455 §5.1)"));

    qsizetype header = 2;
    quint64 length = b1 & 0x7F;
    if (length == 126) {
        header = 4;
        if (avail < header)
            return 0;
        length = (quint64(quint8(p[2])) << 8) | quint8(p[3]);
    } else if (length == 127) {
        header = 10;
        if (avail < header)
            return 0;
        length = 0;
        for (int i = 2; i < 10; ++i)
            length = (length << 8) | quint8(p[i]);
        if (length >> 63)
            return fail(1002, Text::tr("frame length with the most significant bit set"));
    }
    if (control && (!fin || length > 125))
        return fail(1002, Text::tr("a control frame was fragmented or longer than 125 bytes"));
    const quint64 soFar = control ? 0 : quint64(m_fragments.size());
    if (length + soFar > quint64(m_maxMessage))
        return fail(1009, Text::tr("message larger than %1 bytes").arg(m_maxMessage));
    const qsizetype maskBytes = masked ? 4 : 0;
    if (quint64(avail) < quint64(header + maskBytes) + length)
        return 0;

    const char *payload = p + header + maskBytes;
    const qsizetype n = qsizetype(length);
    const auto unmaskedInto = [&](char *out) {
        if (masked)
            unmask(payload, n, reinterpret_cast<const unsigned char *>(p + header), out);
        else
            std::memcpy(out, payload, size_t(n));
    };
    const qsizetype used = header + maskBytes + n;

    if (control) {
        WebSocketMessage m;
        m.opcode = opcode;
        m.payload.resize(n);
        unmaskedInto(m.payload.data());
        if (opcode == WebSocketOpcode::Close) {
            if (n == 1)
                return fail(1002, Text::tr("a close frame with a 1-byte payload"));
            if (n == 0) {
                m.closeCode = 1005;
            } else {
                m.closeCode = (quint8(m.payload[0]) << 8) | quint8(m.payload[1]);
                m.payload.remove(0, 2);
                if (!isValidCloseCode(m.closeCode))
                    return fail(1002, Text::tr("invalid close code %1").arg(m.closeCode));
                if (!isValidUtf8(m.payload.constData(), size_t(m.payload.size())))
                    return fail(1007, Text::tr("the close reason is not valid UTF-8"));
            }
        }
        sink(std::move(m));
        return used;
    }

    if (opcode == WebSocketOpcode::Continuation) {
        if (m_fragmentOpcode == WebSocketOpcode::Continuation)
            return fail(1002, Text::tr("a continuation frame without a message to continue"));
        const qsizetype at = m_fragments.size();
        m_fragments.resize(at + n);
        unmaskedInto(m_fragments.data() + at);
        if (!fin)
            return used;
        WebSocketMessage m;
        m.opcode = m_fragmentOpcode;
        m.payload = std::move(m_fragments);
        m_fragments = QByteArray();
        m_fragmentOpcode = WebSocketOpcode::Continuation;
        return deliver(std::move(m), m_fragmentsCompressed, used, sink);
    }

    // Text or Binary starting a message.
    if (m_fragmentOpcode != WebSocketOpcode::Continuation)
        return fail(1002, Text::tr("a new message started before the fragmented one ended"));
    if (!fin) {
        m_fragmentOpcode = opcode;
        m_fragmentsCompressed = rsv1;
        m_fragments.resize(n);
        unmaskedInto(m_fragments.data());
        return used;
    }
    WebSocketMessage m;
    m.opcode = opcode;
    m.payload.resize(n);
    unmaskedInto(m.payload.data());
    return deliver(std::move(m), rsv1, used, sink);
}

qsizetype WebSocketDecoder::deliver(WebSocketMessage &&m, bool compressed, qsizetype used, const MessageSink &sink)
{
    if (compressed) {
        QByteArray inflated;
        switch (m_inflater->inflate(m.payload, m_maxMessage, inflated)) {
        case MessageInflater::Outcome::Ok:
            break;
        case MessageInflater::Outcome::TooBig:
            return fail(1009, Text::tr("message larger than %1 bytes once decompressed").arg(m_maxMessage));
        case MessageInflater::Outcome::Corrupt:
            return fail(1002, Text::tr("a compressed message is not valid DEFLATE data"));
        case MessageInflater::Outcome::OutOfMemory:
            return fail(1011, Text::tr("out of memory while decompressing a message"));
        }
        m.payload = std::move(inflated);
    }
    if (m.opcode == WebSocketOpcode::Text && !isValidUtf8(m.payload.constData(), size_t(m.payload.size())))
        return fail(1007, Text::tr("a text message is not valid UTF-8"));
    sink(std::move(m));
    return used;
}

void WebSocketDecoder::enableDeflate(const DeflateParams &params)
{
    m_inflater = std::make_unique<MessageInflater>(params);
}

} // namespace cb
