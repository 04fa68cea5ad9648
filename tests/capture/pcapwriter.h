#pragma once

#include <QByteArray>
#include <QFile>
#include <QHostAddress>
#include <QString>

#include <vector>

// Test support: writes classic pcap files with hand-built Ethernet (or other link layer) / IPv4 /
// IPv6 / TCP headers, and the WebSocket frames that go into them.
class PcapWriter
{
public:
    enum Link { Ethernet = 1, Raw = 101, Null = 0, LinuxSll = 113, LinuxSll2 = 276 };

    explicit PcapWriter(QByteArray *out, Link link = Ethernet);
    void packet(const QByteArray &linkPayload, qint64 timestampUs = 0);
    Link link() const { return m_link; }
    qint64 nextTimestamp() { return m_clock += 1000; }

private:
    QByteArray *m_out;
    Link m_link;
    qint64 m_clock = 1700000000000000;
};

// One TCP connection between a station (client) and a CSMS (server), written packet by packet.
class TcpFlow
{
public:
    TcpFlow(PcapWriter &writer, const QHostAddress &client, quint16 clientPort, const QHostAddress &server, quint16 serverPort);

    void handshake(); // SYN, SYN-ACK, ACK
    // One segment from `fromClient` side at stream offset `offset` (relative to the start of its
    // data); `advance` moves the side's next sequence number past it.
    void segment(bool fromClient, const QByteArray &data, qint64 offset);
    // Sends `data` in order as segments of at most `mss` bytes.
    void send(bool fromClient, const QByteArray &data, int mss = 1400);
    void fin(bool fromClient);
    void rst(bool fromClient);
    qint64 sent(bool fromClient) const { return fromClient ? m_clientSent : m_serverSent; }

    // The full WebSocket upgrade exchange for `identity` (path /ocpp/<identity> percent-encoded).
    void upgrade(const QString &identity, const QString &subprotocol, const QByteArray &extraResponseHeaders = {});

private:
    QByteArray packet(bool fromClient, quint8 flags, quint32 seq, const QByteArray &payload) const;

    PcapWriter &m_writer;
    QHostAddress m_client, m_server;
    quint16 m_clientPort, m_serverPort;
    quint32 m_clientIsn = 1000, m_serverIsn = 0xfffff000; // the server's wraps around 2^32 soon
    qint64 m_clientSent = 0, m_serverSent = 0;
};

// A WebSocket frame. Clients mask (RFC 6455); `rsv1` marks a permessage-deflate message.
QByteArray wsFrame(int opcode, const QByteArray &payload, bool fin = true, bool masked = false, bool rsv1 = false);
// Raw deflate of one message as permessage-deflate sends it: Z_SYNC_FLUSH, 00 00 ff ff removed.
class Deflater
{
public:
    explicit Deflater(bool noContextTakeover);
    ~Deflater();
    QByteArray compress(const QByteArray &message);

private:
    struct State;
    State *m_state;
    bool m_reset;
};
