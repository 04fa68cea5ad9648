#include "stationconnection.h"

#include "common/logging.h"

#include <QWebSocket>

namespace cb {

StationConnection::StationConnection(QWebSocket *socket, ConnectionInfo info, const ServerConfig &config, QObject *parent)
    : QObject(parent), m_socket(socket), m_info(std::move(info)), m_rpc(m_info.version)
{
    m_socket->setParent(this);
    // Qt closes with 1009 (too much data) itself when a message exceeds this, and with 1007
    // when a text message is not valid UTF-8.
    m_socket->setMaxAllowedIncomingMessageSize(quint64(config.maxFrameBytes));
    m_socket->setMaxAllowedIncomingFrameSize(quint64(config.maxFrameBytes));
    m_rpc.setResponseTimeout(config.responseTimeout);
    m_rpc.setTransmitter([this](const QByteArray &text) {
        if (m_open)
            m_socket->sendTextMessage(QString::fromUtf8(text));
    });
    connect(m_socket, &QWebSocket::textMessageReceived, this,
            [this](const QString &message) { m_rpc.receive(message.toUtf8()); });
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &) {
        // OCPP-J frames are text; a binary frame means the peer is not speaking OCPP-J.
        close(QWebSocketProtocol::CloseCodeDatatypeNotSupported, tr("OCPP-J uses text frames only"));
    });
    connect(m_socket, &QWebSocket::pong, this, [this](quint64, const QByteArray &) { m_lastPong = QDateTime::currentDateTimeUtc(); });
    connect(m_socket, &QWebSocket::disconnected, this, &StationConnection::onDisconnected);
    if (config.pingInterval.count() > 0) {
        connect(&m_ping, &QTimer::timeout, this, [this] { m_socket->ping(); });
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
    m_socket->close(code, reason);
}

void StationConnection::onDisconnected()
{
    if (!m_open)
        return;
    m_open = false;
    m_ping.stop();
    const int code = int(m_socket->closeCode());
    const QString reason = m_socket->closeReason();
    m_rpc.close(reason.isEmpty() ? tr("connection closed (%1)").arg(code) : reason);
    qCInfo(lcTransport).noquote() << "connection" << m_info.connectionId << m_info.identity << "closed" << code << reason;
    Q_EMIT closed(m_info.connectionId, code, reason);
}

} // namespace cb
