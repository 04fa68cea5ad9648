#pragma once

#include "permessagedeflate.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <memory>

namespace cb {

// RFC 6455 opcodes.
enum class WebSocketOpcode : quint8 { Continuation = 0x0, Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xA };

// One complete message: a text or binary message (fragments joined) or a control frame.
struct WebSocketMessage
{
    WebSocketOpcode opcode = WebSocketOpcode::Text;
    QByteArray payload;      // unmasked; for Close: the reason (UTF-8)
    int closeCode = 0;       // Close only: 1005 when the frame carried no code
};

// Why the decoder gave up: the close code to send and a reason a person can act on.
struct WebSocketFailure
{
    int closeCode = 0;
    QString reason;
};

// Incremental decoder of the frames a WebSocket client sends (RFC 6455 §5): masked frames,
// fragmented messages, control frames between fragments, the message size limit, UTF-8 of text
// messages and close reasons. Bytes go in as they come off the socket; complete messages come
// out through the callback. After the first protocol error it stops and reports the failure.
// With permessage-deflate (RFC 7692) compressed messages come out inflated, never past the
// message size limit.
class WebSocketDecoder
{
public:
    using MessageSink = std::function<void(WebSocketMessage &&)>;

    explicit WebSocketDecoder(qint64 maxMessageBytes, bool requireMasked = true)
        : m_maxMessage(maxMessageBytes), m_requireMasked(requireMasked)
    {
    }

    // Decodes what it can; keeps an incomplete frame for the next call. Returns false once the
    // peer broke the protocol (see failure()); the sink may have received messages before that.
    // The sink may not destroy the decoder.
    bool feed(const char *data, qsizetype size, const MessageSink &sink);

    // After the handshake agreed on permessage-deflate: RSV1 marks compressed messages.
    void enableDeflate(const DeflateParams &params);
    bool deflateEnabled() const { return m_inflater != nullptr; }

    bool failed() const { return m_failure.closeCode != 0; }
    const WebSocketFailure &failure() const { return m_failure; }

private:
    // Decodes one frame at the start of [p, end): returns the bytes it used, 0 when the frame is
    // incomplete, -1 on a protocol error.
    qsizetype decodeFrame(const char *p, const char *end, const MessageSink &sink);
    qsizetype fail(int code, const QString &reason);
    // Hands a complete data message to the sink, inflated and UTF-8 checked; returns `used`.
    qsizetype deliver(WebSocketMessage &&m, bool compressed, qsizetype used, const MessageSink &sink);

    qint64 m_maxMessage;
    bool m_requireMasked;
    QByteArray m_pending;    // an incomplete frame carried over from the previous feed()
    QByteArray m_fragments;  // the data of a fragmented message so far
    WebSocketOpcode m_fragmentOpcode = WebSocketOpcode::Continuation; // Continuation: none in progress
    bool m_fragmentsCompressed = false;
    std::unique_ptr<MessageInflater> m_inflater; // set when permessage-deflate was agreed
    WebSocketFailure m_failure;
};

} // namespace cb
