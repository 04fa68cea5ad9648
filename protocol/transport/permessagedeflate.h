#pragma once

#include <QByteArray>

#include <memory>
#include <optional>

namespace cb {

// The permessage-deflate parameters the server agreed to (RFC 7692 §7.1).
struct DeflateParams
{
    bool serverNoContextTakeover = false; // the server resets its compressor after each message
    bool clientNoContextTakeover = false; // the client resets its compressor after each message
    int serverMaxWindowBits = 15;         // LZ77 window of what the server sends
    int clientMaxWindowBits = 15;         // LZ77 window of what the client sends
    bool answerClientMaxWindowBits = false; // the offer named a value: echo it to the client

    // The value of Sec-WebSocket-Extensions in the 101 answer.
    QByteArray responseHeader() const;
};

namespace permessagedeflate {

// Picks the first permessage-deflate offer in a Sec-WebSocket-Extensions value (all header lines
// joined by ',') that the server can meet. An offer with an unknown, duplicated or out-of-range
// parameter is declined (§7.1: the server then tries the next offer); nothing when none is left.
std::optional<DeflateParams> negotiate(const QByteArray &extensionsHeader);

// The four octets a deflate flush ends with, left off on the wire (§7.2.1).
inline constexpr char kTail[4] = {'\x00', '\x00', '\xff', '\xff'};

} // namespace permessagedeflate

// Decompresses the messages of one connection. Bounded: it never produces more than the limit
// it is given, however small the input, so a compression bomb costs at most that much memory.
class MessageInflater
{
public:
    enum class Outcome { Ok, TooBig, Corrupt, OutOfMemory };

    explicit MessageInflater(const DeflateParams &params);
    ~MessageInflater();
    MessageInflater(const MessageInflater &) = delete;
    MessageInflater &operator=(const MessageInflater &) = delete;

    // Inflates one message's payload (without the tail) into `out`. TooBig as soon as the output
    // would pass `maxBytes`; the stream is unusable after anything but Ok.
    Outcome inflate(const QByteArray &compressed, qint64 maxBytes, QByteArray &out);

private:
    struct Stream;
    std::unique_ptr<Stream> m_stream; // made on the first message
    bool m_resetEachMessage;
    int m_windowBits;
};

// Compresses the messages the server sends on one connection.
class MessageDeflater
{
public:
    explicit MessageDeflater(const DeflateParams &params);
    ~MessageDeflater();
    MessageDeflater(const MessageDeflater &) = delete;
    MessageDeflater &operator=(const MessageDeflater &) = delete;

    // One message's payload as it goes on the wire (the tail removed); nothing when zlib could
    // not make its stream (out of memory): the message then goes uncompressed, which RFC 7692
    // allows at any time.
    std::optional<QByteArray> deflate(const QByteArray &message);

private:
    struct Stream;
    std::unique_ptr<Stream> m_stream; // made on the first message
    bool m_resetEachMessage;
    int m_windowBits;
};

} // namespace cb
