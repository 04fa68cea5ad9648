#pragma once

#include "rpc/rpcendpoint.h"
#include "serverconfig.h"

#include <QDateTime>
#include <QHostAddress>
#include <QObject>
#include <QTimer>
#include <QWebSocketProtocol>

namespace cb {

// What is known about one WebSocket connection of a charger, fixed once it is open.
struct ConnectionInfo
{
    qint64 connectionId = 0;
    QString identity;
    OcppVersion version = OcppVersion::V201;
    QHostAddress remoteAddress;
    quint16 remotePort = 0;
    SecurityProfile profile = SecurityProfile::None;
    QString tlsProtocol;           // "TLS 1.3", empty without TLS
    QString tlsCipher;
    QString clientCertificateSubject;
    QDateTime connectedAt;
    QByteArray handshakeJson;      // request line and headers, secrets masked
    QByteArray compression;        // the agreed Sec-WebSocket-Extensions, empty without compression
};

class WebSocketChannel;

// One open charger connection on the CSMS side: the WebSocket, its RPC endpoint and its pings.
// Lives on the server's thread.
class StationConnection : public QObject
{
    Q_OBJECT
public:
    // Takes the channel (reparented to this); the handshake is done, the channel not started yet.
    StationConnection(WebSocketChannel *channel, ConnectionInfo info, const ServerConfig &config, QObject *parent = nullptr);
    ~StationConnection() override;

    const ConnectionInfo &info() const { return m_info; }
    RpcEndpoint &rpc() { return m_rpc; }
    bool isOpen() const { return m_open; }
    QDateTime lastPong() const { return m_lastPong; }

    void close(QWebSocketProtocol::CloseCode code, const QString &reason);

Q_SIGNALS:
    void closed(qint64 connectionId, int closeCode, const QString &reason);

private:
    void onDisconnected();

    WebSocketChannel *m_channel;
    ConnectionInfo m_info;
    RpcEndpoint m_rpc;
    QTimer m_ping;
    QDateTime m_lastPong;
    bool m_open = true;
};

} // namespace cb
