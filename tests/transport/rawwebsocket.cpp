#include "rawwebsocket.h"

#include <QRandomGenerator>

RawWebSocket::RawWebSocket(QObject *parent) : QObject(parent)
{
    connect(&m_socket, &QTcpSocket::readyRead, this, &RawWebSocket::onReadyRead);
    connect(&m_socket, &QTcpSocket::disconnected, this, [this] { m_disconnected = true; });
}

void RawWebSocket::connectTo(quint16 port, const QByteArray &path, const QByteArray &subprotocols, const QByteArray &extraHeaders)
{
    QByteArray request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port)
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          "Sec-WebSocket-Version: 13\r\n";
    if (!subprotocols.isEmpty())
        request += "Sec-WebSocket-Protocol: " + subprotocols + "\r\n";
    request += extraHeaders + "\r\n";
    m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    m_socket.write(request);
}

void RawWebSocket::connectOnly(quint16 port)
{
    m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
}

void RawWebSocket::sendRequest(const QByteArray &raw)
{
    m_socket.write(raw);
}

void RawWebSocket::sendFrame(quint8 opcode, const QByteArray &payload, bool fin, bool masked)
{
    m_socket.write(frame(opcode, payload, fin, masked));
}

QByteArray RawWebSocket::frame(quint8 opcode, const QByteArray &payload, bool fin, bool masked)
{
    QByteArray f;
    f.append(char((fin ? 0x80 : 0x00) | opcode));
    const char maskBit = masked ? char(0x80) : char(0);
    const qint64 n = payload.size();
    if (n < 126) {
        f.append(char(maskBit | n));
    } else if (n < 65536) {
        f.append(char(maskBit | 126));
        f.append(char(n >> 8));
        f.append(char(n & 0xff));
    } else {
        f.append(char(maskBit | 127));
        for (int i = 7; i >= 0; --i)
            f.append(char((n >> (8 * i)) & 0xff));
    }
    if (!masked)
        return f + payload;
    const quint32 mask = QRandomGenerator::global()->generate();
    const char m[4] = {char(mask >> 24), char(mask >> 16), char(mask >> 8), char(mask)};
    f.append(m, 4);
    for (qint64 i = 0; i < n; ++i)
        f.append(char(payload.at(i) ^ m[i % 4]));
    return f;
}

int RawWebSocket::httpStatus() const
{
    const QList<QByteArray> parts = m_response.split(' ');
    return parts.size() > 1 ? parts.at(1).toInt() : 0;
}

void RawWebSocket::onReadyRead()
{
    m_buffer += m_socket.readAll();
    if (m_response.isEmpty()) {
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        m_response = m_buffer.left(end + 4);
        m_buffer.remove(0, end + 4);
        m_handshakeDone = httpStatus() == 101;
    }
    // Server frames are unmasked and never fragmented.
    while (m_buffer.size() >= 2) {
        const quint8 opcode = quint8(m_buffer.at(0)) & 0x0f;
        qint64 len = quint8(m_buffer.at(1)) & 0x7f;
        int offset = 2;
        if (len == 126) {
            if (m_buffer.size() < 4)
                return;
            len = (quint8(m_buffer.at(2)) << 8) | quint8(m_buffer.at(3));
            offset = 4;
        } else if (len == 127) {
            if (m_buffer.size() < 10)
                return;
            len = 0;
            for (int i = 2; i < 10; ++i)
                len = (len << 8) | quint8(m_buffer.at(i));
            offset = 10;
        }
        if (m_buffer.size() < offset + len)
            return;
        const bool rsv1 = quint8(m_buffer.at(0)) & 0x40;
        const QByteArray payload = m_buffer.mid(offset, len);
        m_buffer.remove(0, offset + len);
        if (opcode == 0x8 && payload.size() >= 2)
            m_closeCode = (quint8(payload.at(0)) << 8) | quint8(payload.at(1));
        else if (opcode == 0x1) {
            m_texts.append(payload);
            m_textsCompressed.append(rsv1);
        }
        else if (opcode == 0xA)
            m_pongs.append(payload);
    }
}
