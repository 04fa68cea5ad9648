#pragma once

// Minimal RFC 6455 framing for the load generator and the echo server: just what OCPP-J over
// plain ws:// needs (text, close, ping, pong; no extensions). Kept free of Qt containers so the
// hot path is a few memcpy's and an XOR.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace cb::bench {

enum class WsOpcode : std::uint8_t { Continuation = 0x0, Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xA };

struct WsFrame
{
    bool fin = true;
    WsOpcode opcode = WsOpcode::Text;
    bool masked = false;
    char *payload = nullptr; // points into the parsed buffer (unmasked in place)
    std::size_t length = 0;
};

enum class WsParse { Complete, Incomplete, Invalid };

// Parses the frame at the start of `data`, unmasking its payload in place. On Complete,
// `consumed` is the frame's full size. Invalid: reserved bits set, bad length, or larger than
// maxPayload.
WsParse parseWsFrame(char *data, std::size_t size, std::size_t maxPayload, WsFrame &frame, std::size_t &consumed);

// Appends one final frame. A client must mask (maskKey != 0 is used as the key); a server must not.
void appendWsFrame(std::string &out, WsOpcode opcode, std::string_view payload, bool mask, std::uint32_t maskKey);

// Sec-WebSocket-Accept for a Sec-WebSocket-Key.
std::string wsAcceptKey(std::string_view key);

// Value of an HTTP header (case-insensitive name) in a header block, or empty.
std::string_view httpHeader(std::string_view headers, std::string_view name);

} // namespace cb::bench
