#pragma once

#include <QByteArray>
#include <QList>
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
    // One frame; `fin` false starts or continues a fragmented message, `masked` false breaks the
    // rule that client frames are masked.
    void sendFrame(quint8 opcode, const QByteArray &payload, bool fin = true, bool masked = true);
    static QByteArray frame(quint8 opcode, const QByteArray &payload, bool fin = true, bool masked = true);
    void sendRequest(const QByteArray &raw); // anything at all, instead of a handshake
    void connectOnly(quint16 port);          // connect, send nothing yet
    QTcpSocket &socket() { return m_socket; }

    QByteArray response() const { return m_response; } // HTTP head received
    int httpStatus() const;
    int closeCode() const { return m_closeCode; }        // -1 until a close frame arrived
    QList<QByteArray> texts() const { return m_texts; }   // text messages from the server, as on the wire
    QList<bool> textsCompressed() const { return m_textsCompressed; } // RSV1 of each text message
    QList<QByteArray> pongs() const { return m_pongs; }
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
    QList<QByteArray> m_texts;
    QList<bool> m_textsCompressed;
    QList<QByteArray> m_pongs;
};
