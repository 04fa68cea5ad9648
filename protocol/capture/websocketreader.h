#pragma once

#include <QByteArray>
#include <QString>
#include <QtGlobal>

#include <memory>
#include <vector>

namespace cb::capture {

// One complete WebSocket message or control frame read from a stream.
struct WebSocketMessage
{
    enum class Type { Text, Binary, Close, Ping, Pong };
    Type type = Type::Text;
    QByteArray payload;  // unmasked, inflated, reassembled from its fragments
    int closeCode = 0;   // Close: the status code, 1005 when the frame had none
    QString closeReason; // Close
    QString problem;     // a malformed or undecompressable message; payload holds what was read
};

class WebSocketSink
{
public:
    virtual ~WebSocketSink() = default;
    virtual void message(WebSocketMessage &message) = 0;
};

// Decodes the WebSocket frames of one direction (RFC 6455): masking, fragmentation with control
// frames in between, and permessage-deflate (RFC 7692) with or without context takeover. Bytes
// arrive in arbitrary pieces; a complete frame in one piece is parsed in place without copying.
class WebSocketReader
{
public:
    static constexpr quint64 kMaxMessage = 64 * 1024 * 1024;

    WebSocketReader();
    ~WebSocketReader();
    WebSocketReader(const WebSocketReader &) = delete;
    WebSocketReader &operator=(const WebSocketReader &) = delete;

    // permessage-deflate was negotiated; `noContextTakeover`: this direction's sender resets its
    // compressor after each message.
    void enableDeflate(bool noContextTakeover);

    void feed(const quint8 *data, quint32 length, WebSocketSink &sink);
    // The stream lost bytes: the frame boundary is gone, so nothing more can be read.
    void markBroken(const QString &reason);
    bool isBroken() const { return !m_broken.isEmpty(); }
    const QString &brokenReason() const { return m_broken; }
    bool inMessage() const { return m_inMessage; }

private:
    // Parses one frame at p; returns the bytes it used, 0 when more input is needed.
    quint64 parseFrame(const quint8 *p, quint64 available, WebSocketSink &sink);
    void finishMessage(WebSocketSink &sink);
    bool inflateMessage(QByteArray &out, QString &problem);

    std::vector<quint8> m_buffer; // an incomplete frame waiting for more bytes
    QByteArray m_message;         // data fragments so far (still compressed when m_compressed)
    int m_opcode = 0;
    bool m_inMessage = false;
    bool m_compressed = false;
    bool m_deflate = false;
    bool m_noContextTakeover = false;
    QString m_broken;
    struct Inflater;
    std::unique_ptr<Inflater> m_inflater;
};

} // namespace cb::capture
