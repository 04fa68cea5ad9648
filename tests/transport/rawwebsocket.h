#pragma once

#include <QByteArray>
#include <QObject>
#include <QTcpSocket>

// A deliberately minimal WebSocket client for tests that must put on the wire what a
// well-behaved client library refuses to send: invalid UTF-8 text frames, oversized frames,
// hand-written handshakes. It reads the server's HTTP answer and close frames.
class RawWebSocket : public QObject
{
    Q_OBJECT
public:
    explicit RawWebSocket(QObject *parent = nullptr);

    void connectTo(quint16 port, const QByteArray &path, const QByteArray &subprotocols,
                   const QByteArray &extraHeaders = {});
    void sendFrame(quint8 opcode, const QByteArray &payload);
    void sendRequest(const QByteArray &raw); // anything at all, instead of a handshake

    QByteArray response() const { return m_response; } // HTTP head received
    int httpStatus() const;
    int closeCode() const { return m_closeCode; }        // -1 until a close frame arrived
    bool handshakeDone() const { return m_handshakeDone; }
    bool isDisconnected() const { return m_disconnected; }

private:
    void onReadyRead();

    QTcpSocket m_socket;
    QByteArray m_buffer;
    QByteArray m_response;
    bool m_handshakeDone = false;
    bool m_disconnected = false;
    int m_closeCode = -1;
};
