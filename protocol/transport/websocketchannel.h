#pragma once

#include "socketio.h"
#include "websocketdecoder.h"

#include <QByteArray>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

namespace cb {

// The server side of one WebSocket connection after the opening handshake (RFC 6455 §5-7): text
// messages in and out as UTF-8 bytes (no QString round trip), pings, and the close handshake.
// Protocol errors close the connection with the code the RFC names (1002 protocol, 1007 invalid
// UTF-8, 1009 too big). Lives on the server thread.
class WebSocketChannel : public QObject, private SocketIoHandler
{
    Q_OBJECT
public:
    // Set before start(); each may be empty.
    struct Callbacks
    {
        std::function<void(const QByteArray &)> text;
        std::function<void(const QByteArray &)> binary;
        std::function<void(const QByteArray &)> pong;
        std::function<void()> closed; // once, when the TCP connection is gone
    };

    WebSocketChannel(std::unique_ptr<SocketIo> io, qint64 maxMessageBytes, QObject *parent = nullptr);
    ~WebSocketChannel() override;

    void setCallbacks(Callbacks callbacks) { m_callbacks = std::move(callbacks); }
    // Starts reading; `alreadyRead` are bytes that arrived with the handshake.
    void start(const QByteArray &alreadyRead = {});
    // Sends raw bytes before any frame (the 101 answer of the handshake).
    void writeHandshake(const QByteArray &bytes);

    // After the handshake agreed on permessage-deflate, before start(): messages both ways are
    // compressed from then on (control frames never are).
    void enableDeflate(const DeflateParams &params);
    bool isDeflateEnabled() const { return m_deflater != nullptr; }

    bool isOpen() const { return m_state == State::Open; }
    void sendText(const QByteArray &utf8);
    void ping(const QByteArray &payload = {});
    // Starts the close handshake; the connection ends when the peer answers, or after a grace period.
    void close(int code, const QString &reason);

    // After closed(): the code and reason of the first close frame (sent or received), 1006 and an
    // empty reason when the connection dropped without one.
    int closeCode() const { return m_closeCode; }
    QString closeReason() const { return m_closeReason; }

    static constexpr int kCloseGraceMs = 5000;

private:
    enum class State { Open, Closing, Closed };

    void bytesReceived(const char *data, qsizetype size) override;
    void socketClosed() override;
    void onMessage(WebSocketMessage &&m);
    void sendFrame(WebSocketOpcode opcode, const QByteArray &payload, bool compressed = false);
    void sendClose(int code, const QString &reason, const QByteArray &payload);

    std::unique_ptr<SocketIo> m_io;
    WebSocketDecoder m_decoder;
    std::unique_ptr<MessageDeflater> m_deflater;
    Callbacks m_callbacks;
    State m_state = State::Open;
    bool m_closeSent = false;
    int m_closeCode = 1006;
    QString m_closeReason;
    QTimer m_grace;
};

} // namespace cb
