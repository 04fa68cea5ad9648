#include "permessagedeflate.h"

#include <QList>

#include <zlib.h>

#include <algorithm>

namespace cb {

QByteArray DeflateParams::responseHeader() const
{
    QByteArray r = "permessage-deflate";
    if (serverNoContextTakeover)
        r += "; server_no_context_takeover";
    if (clientNoContextTakeover)
        r += "; client_no_context_takeover";
    if (serverMaxWindowBits != 15)
        r += "; server_max_window_bits=" + QByteArray::number(serverMaxWindowBits);
    if (answerClientMaxWindowBits)
        r += "; client_max_window_bits=" + QByteArray::number(clientMaxWindowBits);
    return r;
}

namespace permessagedeflate {

namespace {

struct Param
{
    QByteArray name;
    std::optional<QByteArray> value;
};

struct Offer
{
    QByteArray name;
    QList<Param> params;
};

// Splits `s` at `sep` outside quoted strings (RFC 7230 §3.2.6), so that a quoted value of some
// other extension cannot cut an offer in two.
QList<QByteArray> splitOutsideQuotes(const QByteArray &s, char sep)
{
    QList<QByteArray> parts;
    QByteArray cur;
    bool quoted = false;
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char c = s.at(i);
        if (quoted && c == '\\' && i + 1 < s.size()) {
            cur += c;
            cur += s.at(++i);
            continue;
        }
        if (c == '"')
            quoted = !quoted;
        if (c == sep && !quoted) {
            parts << cur;
            cur.clear();
            continue;
        }
        cur += c;
    }
    parts << cur;
    return parts;
}

QByteArray unquote(const QByteArray &v)
{
    if (v.size() < 2 || !v.startsWith('"') || !v.endsWith('"'))
        return v;
    QByteArray out;
    for (qsizetype i = 1; i + 1 < v.size(); ++i) {
        if (v.at(i) == '\\' && i + 2 < v.size())
            ++i;
        out += v.at(i);
    }
    return out;
}

QList<Offer> parseOffers(const QByteArray &header)
{
    QList<Offer> offers;
    for (const QByteArray &element : splitOutsideQuotes(header, ',')) {
        const QList<QByteArray> parts = splitOutsideQuotes(element, ';');
        Offer o;
        o.name = parts.first().trimmed();
        if (o.name.isEmpty())
            continue; // an empty list element (RFC 7230 §7 allows them)
        for (qsizetype i = 1; i < parts.size(); ++i) {
            const QByteArray p = parts.at(i).trimmed();
            const qsizetype eq = p.indexOf('=');
            Param param;
            if (eq < 0) {
                param.name = p;
            } else {
                param.name = p.left(eq).trimmed();
                param.value = unquote(p.mid(eq + 1).trimmed());
            }
            o.params << param;
        }
        offers << o;
    }
    return offers;
}

// A window size as RFC 7692 §7.1.2 writes it: 8 to 15, no leading zero.
std::optional<int> windowBits(const QByteArray &v)
{
    if (v.size() == 1 && v.at(0) >= '8' && v.at(0) <= '9')
        return v.at(0) - '0';
    if (v.size() == 2 && v.at(0) == '1' && v.at(1) >= '0' && v.at(1) <= '5')
        return 10 + (v.at(1) - '0');
    return std::nullopt;
}

std::optional<DeflateParams> accept(const Offer &offer)
{
    if (offer.name.compare("permessage-deflate", Qt::CaseInsensitive) != 0)
        return std::nullopt;
    DeflateParams params;
    QList<QByteArray> seen;
    for (const Param &p : offer.params) {
        const QByteArray name = p.name.toLower();
        if (seen.contains(name))
            return std::nullopt; // §7.1: a duplicated parameter makes the offer invalid
        seen << name;
        if (name == "server_no_context_takeover" || name == "client_no_context_takeover") {
            if (p.value)
                return std::nullopt;
            (name.startsWith("server") ? params.serverNoContextTakeover : params.clientNoContextTakeover) = true;
        } else if (name == "server_max_window_bits") {
            const auto bits = p.value ? windowBits(*p.value) : std::nullopt;
            // zlib cannot deflate with a 256-byte window (it silently uses 512), so an offer that
            // insists on 8 is one this server cannot meet.
            if (!bits || *bits == 8)
                return std::nullopt;
            params.serverMaxWindowBits = *bits;
        } else if (name == "client_max_window_bits") {
            if (p.value) {
                const auto bits = windowBits(*p.value);
                if (!bits)
                    return std::nullopt;
                params.clientMaxWindowBits = *bits;
                params.answerClientMaxWindowBits = true;
            }
        } else {
            return std::nullopt;
        }
    }
    return params;
}

} // namespace

std::optional<DeflateParams> negotiate(const QByteArray &extensionsHeader)
{
    if (extensionsHeader.trimmed().isEmpty())
        return std::nullopt;
    for (const Offer &offer : parseOffers(extensionsHeader))
        if (auto params = accept(offer))
            return params;
    return std::nullopt;
}

} // namespace permessagedeflate

namespace {
constexpr uInt kChunk = 16 * 1024;
// What the server compresses with. A sender may always use a smaller window than agreed (the
// agreement bounds what the receiver keeps): OCPP messages are a few KiB at most, and zlib's
// default (32 KiB window, memLevel 8) costs 256 KiB per connection where this costs 48 KiB.
constexpr int kSendWindowBits = 13;
constexpr int kSendMemLevel = 6;
} // namespace

// The zlib streams are made on the first message and, without context takeover, dropped after
// each one: an idle connection then holds no compression memory at all.
struct MessageInflater::Stream
{
    z_stream z{};
    bool ended = false; // the peer closed its deflate stream with a final block
};

MessageInflater::MessageInflater(const DeflateParams &params)
    : m_resetEachMessage(params.clientNoContextTakeover),
      // A zlib peer asked for an 8-bit window deflates with 9 bits; 9 inflates both.
      m_windowBits(params.answerClientMaxWindowBits ? std::max(9, params.clientMaxWindowBits) : MAX_WBITS)
{
}

MessageInflater::~MessageInflater()
{
    if (m_stream)
        inflateEnd(&m_stream->z);
}

MessageInflater::Outcome MessageInflater::inflate(const QByteArray &compressed, qint64 maxBytes, QByteArray &out)
{
    out.clear();
    if (m_stream && m_stream->ended) {
        inflateReset(&m_stream->z);
        m_stream->ended = false;
    }
    if (!m_stream) {
        m_stream = std::make_unique<Stream>();
        if (inflateInit2(&m_stream->z, -m_windowBits) != Z_OK) {
            m_stream.reset();
            return Outcome::OutOfMemory;
        }
    }
    z_stream &z = m_stream->z;
    char buf[kChunk];
    const QByteArray tail = QByteArray::fromRawData(permessagedeflate::kTail, 4);
    for (const QByteArray *input : {&compressed, &tail}) {
        z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(input->constData()));
        z.avail_in = uInt(input->size());
        do {
            // Never more than one byte past the limit: that byte is the proof it was passed.
            const auto room = uInt(std::min<qint64>(kChunk, maxBytes + 1 - out.size()));
            z.next_out = reinterpret_cast<Bytef *>(buf);
            z.avail_out = room;
            const int rc = ::inflate(&z, Z_SYNC_FLUSH);
            if (rc == Z_MEM_ERROR)
                return Outcome::OutOfMemory;
            if (rc == Z_NEED_DICT || rc == Z_DATA_ERROR || rc == Z_STREAM_ERROR)
                return Outcome::Corrupt;
            out.append(buf, qsizetype(room - z.avail_out));
            if (out.size() > maxBytes)
                return Outcome::TooBig;
            if (rc == Z_STREAM_END) {
                // A final block ends the peer's stream; the next message starts a new one.
                m_stream->ended = true;
                break;
            }
            if (rc == Z_BUF_ERROR)
                break; // no progress possible: the input is used up
        } while (z.avail_in > 0 || z.avail_out == 0);
        if (m_stream->ended)
            break;
    }
    z.next_in = nullptr;
    z.avail_in = 0;
    if (m_resetEachMessage) {
        inflateEnd(&z);
        m_stream.reset();
    }
    return Outcome::Ok;
}

struct MessageDeflater::Stream
{
    z_stream z{};
};

MessageDeflater::MessageDeflater(const DeflateParams &params)
    : m_resetEachMessage(params.serverNoContextTakeover), m_windowBits(std::min(kSendWindowBits, params.serverMaxWindowBits))
{
}

MessageDeflater::~MessageDeflater()
{
    if (m_stream)
        deflateEnd(&m_stream->z);
}

std::optional<QByteArray> MessageDeflater::deflate(const QByteArray &message)
{
    if (!m_stream) {
        m_stream = std::make_unique<Stream>();
        if (deflateInit2(&m_stream->z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -m_windowBits, kSendMemLevel, Z_DEFAULT_STRATEGY) != Z_OK) {
            m_stream.reset();
            return std::nullopt;
        }
    }
    z_stream &z = m_stream->z;
    QByteArray out;
    out.resize(qsizetype(deflateBound(&z, uLong(message.size()))) + 16);
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(message.constData()));
    z.avail_in = uInt(message.size());
    qsizetype used = 0;
    for (;;) {
        z.next_out = reinterpret_cast<Bytef *>(out.data() + used);
        z.avail_out = uInt(out.size() - used);
        ::deflate(&z, Z_SYNC_FLUSH);
        used = out.size() - qsizetype(z.avail_out);
        if (z.avail_out != 0)
            break;
        out.resize(out.size() * 2); // the flush did not fit; rare, deflateBound is generous
    }
    out.truncate(used);
    // A sync flush ends in an empty stored block: its 0x00 0x00 0xff 0xff stays off the wire.
    if (out.endsWith(QByteArray::fromRawData(permessagedeflate::kTail, 4)))
        out.chop(4);
    z.next_in = nullptr;
    z.avail_in = 0;
    if (m_resetEachMessage) {
        deflateEnd(&z);
        m_stream.reset();
    }
    return out;
}

} // namespace cb
