#include "wsframe.h"

#include <QByteArray>
#include <QCryptographicHash>

#include <cstring>

namespace cb::bench {

WsParse parseWsFrame(char *data, std::size_t size, std::size_t maxPayload, WsFrame &frame, std::size_t &consumed)
{
    if (size < 2)
        return WsParse::Incomplete;
    const auto b0 = static_cast<std::uint8_t>(data[0]);
    const auto b1 = static_cast<std::uint8_t>(data[1]);
    if (b0 & 0x70)
        return WsParse::Invalid; // RSV bits: no extension was negotiated
    frame.fin = b0 & 0x80;
    frame.opcode = WsOpcode(b0 & 0x0F);
    frame.masked = b1 & 0x80;
    std::size_t pos = 2;
    std::uint64_t length = b1 & 0x7F;
    if (length == 126) {
        if (size < 4)
            return WsParse::Incomplete;
        length = (std::uint64_t(std::uint8_t(data[2])) << 8) | std::uint8_t(data[3]);
        pos = 4;
    } else if (length == 127) {
        if (size < 10)
            return WsParse::Incomplete;
        length = 0;
        for (int i = 0; i < 8; ++i)
            length = (length << 8) | std::uint8_t(data[2 + i]);
        pos = 10;
    }
    if (length > maxPayload)
        return WsParse::Invalid;
    unsigned char key[4] = {0, 0, 0, 0};
    if (frame.masked) {
        if (size < pos + 4)
            return WsParse::Incomplete;
        std::memcpy(key, data + pos, 4);
        pos += 4;
    }
    if (size < pos + length)
        return WsParse::Incomplete;
    frame.payload = data + pos;
    frame.length = std::size_t(length);
    if (frame.masked) {
        for (std::size_t i = 0; i < frame.length; ++i)
            frame.payload[i] = char(std::uint8_t(frame.payload[i]) ^ key[i & 3]);
    }
    consumed = pos + frame.length;
    return WsParse::Complete;
}

void appendWsFrame(std::string &out, WsOpcode opcode, std::string_view payload, bool mask, std::uint32_t maskKey)
{
    const std::size_t start = out.size();
    const std::size_t n = payload.size();
    std::size_t header = 2 + (n < 126 ? 0 : n <= 0xFFFF ? 2 : 8) + (mask ? 4 : 0);
    out.resize(start + header + n);
    char *p = out.data() + start;
    p[0] = char(0x80 | std::uint8_t(opcode));
    std::size_t pos = 2;
    if (n < 126) {
        p[1] = char(n);
    } else if (n <= 0xFFFF) {
        p[1] = char(126);
        p[2] = char(n >> 8);
        p[3] = char(n & 0xFF);
        pos = 4;
    } else {
        p[1] = char(127);
        for (int i = 0; i < 8; ++i)
            p[2 + i] = char((std::uint64_t(n) >> (8 * (7 - i))) & 0xFF);
        pos = 10;
    }
    if (!mask) {
        std::memcpy(p + pos, payload.data(), n);
        return;
    }
    p[1] = char(std::uint8_t(p[1]) | 0x80);
    unsigned char key[4];
    std::memcpy(key, &maskKey, 4);
    std::memcpy(p + pos, key, 4);
    pos += 4;
    for (std::size_t i = 0; i < n; ++i)
        p[pos + i] = char(std::uint8_t(payload[i]) ^ key[i & 3]);
}

std::string wsAcceptKey(std::string_view key)
{
    QByteArray input(key.data(), qsizetype(key.size()));
    input += "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    const QByteArray accept = QCryptographicHash::hash(input, QCryptographicHash::Sha1).toBase64();
    return std::string(accept.constData(), std::size_t(accept.size()));
}

std::string_view httpHeader(std::string_view headers, std::string_view name)
{
    std::size_t lineStart = headers.find("\r\n");
    while (lineStart != std::string_view::npos) {
        lineStart += 2;
        const std::size_t lineEnd = headers.find("\r\n", lineStart);
        const std::string_view line = headers.substr(lineStart, lineEnd == std::string_view::npos ? std::string_view::npos : lineEnd - lineStart);
        const std::size_t colon = line.find(':');
        if (colon == name.size()) {
            bool same = true;
            for (std::size_t i = 0; i < colon && same; ++i)
                same = (line[i] | 0x20) == (name[i] | 0x20);
            if (same) {
                std::string_view value = line.substr(colon + 1);
                while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
                    value.remove_prefix(1);
                while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
                    value.remove_suffix(1);
                return value;
            }
        }
        lineStart = lineEnd;
    }
    return {};
}

} // namespace cb::bench
