#include "websocketchannel.h"

#include "common/logging.h"
#include "websocketencoding.h"

namespace cb {

WebSocketChannel::WebSocketChannel(std::unique_ptr<SocketIo> io, qint64 maxMessageBytes, QObject *parent)
    : QObject(parent), m_io(std::move(io)), m_decoder(maxMessageBytes)
{
    m_grace.setSingleShot(true);
    m_grace.setInterval(kCloseGraceMs);
    // A peer that never answers our close frame, or never closes its end, is cut off.
    connect(&m_grace, &QTimer::timeout, this, [this] {
        if (m_io)
            m_io->abort();
    });
}

WebSocketChannel::~WebSocketChannel()
{
    m_callbacks = {};
    if (m_io)
        m_io->setHandler(nullptr);
}

void WebSocketChannel::start(const QByteArray &alreadyRead)
{
    m_io->setHandler(this);
    if (!alreadyRead.isEmpty())
        bytesReceived(alreadyRead.constData(), alreadyRead.size());
}

void WebSocketChannel::writeHandshake(const QByteArray &bytes)
{
    m_io->write(bytes.constData(), bytes.size(), nullptr, 0);
}

void WebSocketChannel::bytesReceived(const char *data, qsizetype size)
{
    if (m_state == State::Closed)
        return;
    const bool ok = m_decoder.feed(data, size, [this](WebSocketMessage &&m) { onMessage(std::move(m)); });
    if (!ok && m_state != State::Closed) {
        const WebSocketFailure &f = m_decoder.failure();
        qCInfo(lcTransport).noquote() << "WebSocket protocol error, closing with" << f.closeCode << f.reason;
        sendClose(f.closeCode, f.reason, websocketencoding::closePayload(f.closeCode, f.reason));
        // Failing the connection (§7.1.7): no waiting for the peer's close frame.
        m_io->closeAfterWrites();
    }
}

void WebSocketChannel::onMessage(WebSocketMessage &&m)
{
    switch (m.opcode) {
    case WebSocketOpcode::Text:
        if (m_state == State::Open && m_callbacks.text)
            m_callbacks.text(m.payload);
        return;
    case WebSocketOpcode::Binary:
        if (m_state == State::Open && m_callbacks.binary)
            m_callbacks.binary(m.payload);
        return;
    case WebSocketOpcode::Ping:
        if (m_state == State::Open)
            sendFrame(WebSocketOpcode::Pong, m.payload);
        return;
    case WebSocketOpcode::Pong:
        if (m_callbacks.pong)
            m_callbacks.pong(m.payload);
        return;
    case WebSocketOpcode::Close:
        if (m_state == State::Closed)
            return;
        // Either the answer to our close frame, or the peer starts the close: then its code is
        // echoed. The server ends the TCP connection first (§7.1.1).
        sendClose(m.closeCode, QString::fromUtf8(m.payload), websocketencoding::closePayload(m.closeCode, QString()));
        m_io->closeAfterWrites();
        return;
    case WebSocketOpcode::Continuation:
        return; // never delivered by the decoder
    }
}

void WebSocketChannel::enableDeflate(const DeflateParams &params)
{
    m_decoder.enableDeflate(params);
    m_deflater = std::make_unique<MessageDeflater>(params);
}

void WebSocketChannel::sendFrame(WebSocketOpcode opcode, const QByteArray &payload, bool compressed)
{
    char header[websocketencoding::kMaxHeaderSize];
    const qsizetype headerSize = websocketencoding::writeFrameHeader(header, opcode, payload.size(), compressed);
    m_io->write(header, headerSize, payload.constData(), payload.size());
}

void WebSocketChannel::sendText(const QByteArray &utf8)
{
    if (m_state != State::Open)
        return;
    if (m_deflater) {
        if (const auto compressed = m_deflater->deflate(utf8)) {
            sendFrame(WebSocketOpcode::Text, *compressed, true);
            return;
        }
    }
    sendFrame(WebSocketOpcode::Text, utf8);
}

void WebSocketChannel::ping(const QByteArray &payload)
{
    if (m_state == State::Open)
        sendFrame(WebSocketOpcode::Ping, payload.left(125));
}

void WebSocketChannel::close(int code, const QString &reason)
{
    if (m_state != State::Open)
        return;
    sendClose(code, reason, websocketencoding::closePayload(code, reason));
}

void WebSocketChannel::sendClose(int code, const QString &reason, const QByteArray &payload)
{
    // Only the first close frame is sent, and it names why the connection ended.
    if (!m_closeSent) {
        m_closeCode = code;
        m_closeReason = reason;
        sendFrame(WebSocketOpcode::Close, payload);
        m_closeSent = true;
    }
    m_state = State::Closing;
    m_grace.start();
}

void WebSocketChannel::socketClosed()
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_grace.stop();
    if (m_callbacks.closed)
        m_callbacks.closed();
}

} // namespace cb
