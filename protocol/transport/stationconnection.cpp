#include "stationconnection.h"

#include "common/logging.h"
#include "websocketchannel.h"

namespace cb {

StationConnection::StationConnection(WebSocketChannel *channel, ConnectionInfo info, const ServerConfig &config, QObject *parent)
    : QObject(parent), m_channel(channel), m_info(std::move(info)), m_rpc(m_info.version)
{
    m_channel->setParent(this);
    m_rpc.setResponseTimeout(config.responseTimeout);
    m_rpc.setTransmitter([this](const QByteArray &text) {
        if (m_open)
            m_channel->sendText(text);
    });
    WebSocketChannel::Callbacks callbacks;
    callbacks.text = [this](const QByteArray &message) { m_rpc.receive(message); };
    callbacks.binary = [this](const QByteArray &) {
        // OCPP-J frames are text; a binary frame means the peer is not speaking OCPP-J.
        close(QWebSocketProtocol::CloseCodeDatatypeNotSupported, tr("OCPP-J uses text frames only"));
    };
    callbacks.pong = [this](const QByteArray &) { m_lastPong = QDateTime::currentDateTimeUtc(); };
    callbacks.closed = [this] { onDisconnected(); };
    m_channel->setCallbacks(std::move(callbacks));
    if (config.pingInterval.count() > 0) {
        connect(&m_ping, &QTimer::timeout, this, [this] { m_channel->ping(); });
        m_ping.start(config.pingInterval);
    }
}

StationConnection::~StationConnection()
{
    m_rpc.close(tr("connection object destroyed"));
}

void StationConnection::close(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    if (!m_open)
        return;
    m_channel->close(int(code), reason);
}

void StationConnection::onDisconnected()
{
    if (!m_open)
        return;
    m_open = false;
    m_ping.stop();
    const int code = m_channel->closeCode();
    const QString reason = m_channel->closeReason();
    m_rpc.close(reason.isEmpty() ? tr("connection closed (%1)").arg(code) : reason);
    qCInfo(lcTransport).noquote() << "connection" << m_info.connectionId << m_info.identity << "closed" << code << reason;
    Q_EMIT closed(m_info.connectionId, code, reason);
}

} // namespace cb
