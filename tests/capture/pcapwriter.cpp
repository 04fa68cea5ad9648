#include "pcapwriter.h"

#include <QtEndian>
#include <QUrl>

#include <zlib.h>

namespace {

template<typename T>
void putLe(QByteArray &b, T v)
{
    char raw[sizeof(T)];
    qToLittleEndian(v, raw);
    b.append(raw, sizeof(T));
}

template<typename T>
void putBe(QByteArray &b, T v)
{
    char raw[sizeof(T)];
    qToBigEndian(v, raw);
    b.append(raw, sizeof(T));
}

quint16 checksum(const QByteArray &b)
{
    quint32 sum = 0;
    for (qsizetype i = 0; i + 1 < b.size(); i += 2)
        sum += (quint8(b[i]) << 8) | quint8(b[i + 1]);
    if (b.size() % 2)
        sum += quint8(b.back()) << 8;
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return quint16(~sum);
}

} // namespace

PcapWriter::PcapWriter(QByteArray *out, Link link) : m_out(out), m_link(link)
{
    putLe<quint32>(*m_out, 0xa1b2c3d4);
    putLe<quint16>(*m_out, 2);
    putLe<quint16>(*m_out, 4);
    putLe<qint32>(*m_out, 0);
    putLe<quint32>(*m_out, 0);
    putLe<quint32>(*m_out, 262144);
    putLe<quint32>(*m_out, quint32(link));
}

void PcapWriter::packet(const QByteArray &ip, qint64 timestampUs)
{
    if (timestampUs == 0)
        timestampUs = nextTimestamp();
    const bool v6 = (quint8(ip[0]) >> 4) == 6;
    QByteArray frame;
    switch (m_link) {
    case Ethernet:
        frame.append(QByteArray::fromHex("020000000002020000000001"));
        putBe<quint16>(frame, v6 ? 0x86dd : 0x0800);
        break;
    case Null:
        putLe<quint32>(frame, v6 ? 10 : 2); // host byte order AF_INET / AF_INET6
        break;
    case LinuxSll:
        putBe<quint16>(frame, 0); // packet type
        putBe<quint16>(frame, 772); // ARPHRD_LOOPBACK
        putBe<quint16>(frame, 6);
        frame.append(QByteArray(8, '\0'));
        putBe<quint16>(frame, v6 ? 0x86dd : 0x0800);
        break;
    case LinuxSll2:
        putBe<quint16>(frame, v6 ? 0x86dd : 0x0800);
        putBe<quint16>(frame, 0);
        putBe<quint32>(frame, 1); // interface index
        putBe<quint16>(frame, 772);
        frame.append(char(0)).append(char(6));
        frame.append(QByteArray(8, '\0'));
        break;
    case Raw:
        break;
    }
    frame.append(ip);
    putLe<quint32>(*m_out, quint32(timestampUs / 1000000));
    putLe<quint32>(*m_out, quint32(timestampUs % 1000000));
    putLe<quint32>(*m_out, quint32(frame.size()));
    putLe<quint32>(*m_out, quint32(frame.size()));
    m_out->append(frame);
}

TcpFlow::TcpFlow(PcapWriter &writer, const QHostAddress &client, quint16 clientPort, const QHostAddress &server,
                 quint16 serverPort)
    : m_writer(writer), m_client(client), m_server(server), m_clientPort(clientPort), m_serverPort(serverPort)
{
}

QByteArray TcpFlow::packet(bool fromClient, quint8 flags, quint32 seq, const QByteArray &payload) const
{
    const QHostAddress &src = fromClient ? m_client : m_server;
    const QHostAddress &dst = fromClient ? m_server : m_client;
    QByteArray tcp;
    putBe<quint16>(tcp, fromClient ? m_clientPort : m_serverPort);
    putBe<quint16>(tcp, fromClient ? m_serverPort : m_clientPort);
    putBe<quint32>(tcp, seq);
    putBe<quint32>(tcp, fromClient ? m_serverIsn + 1 + quint32(m_serverSent) : m_clientIsn + 1 + quint32(m_clientSent));
    tcp.append(char(5 << 4)).append(char(flags));
    putBe<quint16>(tcp, 65535);
    putBe<quint16>(tcp, 0); // checksum: not checked by the importer (offloading makes it unreliable)
    putBe<quint16>(tcp, 0);
    tcp.append(payload);
    QByteArray ip;
    if (src.protocol() == QAbstractSocket::IPv6Protocol) {
        putBe<quint32>(ip, 0x60000000);
        putBe<quint16>(ip, quint16(tcp.size()));
        ip.append(char(6)).append(char(64));
        const Q_IPV6ADDR s = src.toIPv6Address(), d = dst.toIPv6Address();
        ip.append(reinterpret_cast<const char *>(s.c), 16).append(reinterpret_cast<const char *>(d.c), 16);
    } else {
        ip.append(char(0x45)).append(char(0));
        putBe<quint16>(ip, quint16(20 + tcp.size()));
        putBe<quint32>(ip, 0x4000); // id 0, don't fragment
        ip.append(char(64)).append(char(6));
        putBe<quint16>(ip, 0);
        putBe<quint32>(ip, src.toIPv4Address());
        putBe<quint32>(ip, dst.toIPv4Address());
        const quint16 sum = checksum(ip);
        ip[10] = char(sum >> 8);
        ip[11] = char(sum);
    }
    return ip + tcp;
}

void TcpFlow::handshake()
{
    m_writer.packet(packet(true, 0x02, m_clientIsn, {}));
    m_writer.packet(packet(false, 0x12, m_serverIsn, {}));
    m_writer.packet(packet(true, 0x10, m_clientIsn + 1, {}));
}

void TcpFlow::segment(bool fromClient, const QByteArray &data, qint64 offset)
{
    const quint32 isn = fromClient ? m_clientIsn : m_serverIsn;
    m_writer.packet(packet(fromClient, 0x18, isn + 1 + quint32(offset), data));
    qint64 &sent = fromClient ? m_clientSent : m_serverSent;
    sent = std::max(sent, offset + data.size());
}

void TcpFlow::send(bool fromClient, const QByteArray &data, int mss)
{
    for (qsizetype at = 0; at < data.size(); at += mss)
        segment(fromClient, data.mid(at, mss), sent(fromClient));
}

void TcpFlow::fin(bool fromClient)
{
    const quint32 isn = fromClient ? m_clientIsn : m_serverIsn;
    m_writer.packet(packet(fromClient, 0x11, isn + 1 + quint32(sent(fromClient)), {}));
}

void TcpFlow::rst(bool fromClient)
{
    const quint32 isn = fromClient ? m_clientIsn : m_serverIsn;
    m_writer.packet(packet(fromClient, 0x04, isn + 1 + quint32(sent(fromClient)), {}));
}

void TcpFlow::upgrade(const QString &identity, const QString &subprotocol, const QByteArray &extraResponseHeaders)
{
    handshake();
    const QByteArray request = "GET /ocpp/" + QUrl::toPercentEncoding(identity) + " HTTP/1.1\r\nHost: csms\r\n"
        "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ocpp2.1, ocpp2.0.1, ocpp1.6\r\n"
        "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
        "Authorization: Basic Q1MxOnNlY3JldA==\r\n\r\n";
    send(true, request);
    QByteArray response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n";
    if (!subprotocol.isEmpty())
        response += "Sec-WebSocket-Protocol: " + subprotocol.toLatin1() + "\r\n";
    response += extraResponseHeaders + "\r\n";
    send(false, response);
}

QByteArray wsFrame(int opcode, const QByteArray &payload, bool fin, bool masked, bool rsv1)
{
    QByteArray f;
    f.append(char((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode));
    const char maskBit = masked ? char(0x80) : char(0);
    if (payload.size() < 126) {
        f.append(char(maskBit | char(payload.size())));
    } else if (payload.size() < 65536) {
        f.append(char(maskBit | 126));
        putBe<quint16>(f, quint16(payload.size()));
    } else {
        f.append(char(maskBit | 127));
        putBe<quint64>(f, quint64(payload.size()));
    }
    if (!masked)
        return f + payload;
    const char key[4] = {0x37, char(0xfa), 0x21, 0x3d};
    f.append(key, 4);
    for (qsizetype i = 0; i < payload.size(); ++i)
        f.append(char(payload[i] ^ key[i % 4]));
    return f;
}

struct Deflater::State
{
    z_stream z{};
};

Deflater::Deflater(bool noContextTakeover) : m_state(new State), m_reset(noContextTakeover)
{
    deflateInit2(&m_state->z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
}

Deflater::~Deflater()
{
    deflateEnd(&m_state->z);
    delete m_state;
}

QByteArray Deflater::compress(const QByteArray &message)
{
    z_stream &z = m_state->z;
    if (m_reset)
        deflateReset(&z);
    QByteArray out(int(deflateBound(&z, uLong(message.size())) + 64), '\0');
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(message.constData()));
    z.avail_in = uInt(message.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(out.size());
    deflate(&z, Z_SYNC_FLUSH);
    out.resize(out.size() - qsizetype(z.avail_out));
    Q_ASSERT(out.endsWith(QByteArray("\x00\x00\xff\xff", 4)));
    out.chop(4);
    return out;
}
