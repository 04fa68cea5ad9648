#include "stationclient.h"

#include "common/logging.h"

#include <QNetworkRequest>
#include <QWebSocketHandshakeOptions>

namespace cb {

StationClient::StationClient(QObject *parent) : QObject(parent)
{
    connect(&m_socket, &QWebSocket::connected, this, &StationClient::onConnected);
    connect(&m_socket, &QWebSocket::disconnected, this, &StationClient::onDisconnected);
    connect(&m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, [this](QAbstractSocket::SocketError) { m_error = m_socket.errorString(); });
    connect(&m_socket, &QWebSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        QStringList texts;
        for (const QSslError &e : errors)
            texts << e.errorString();
        m_error = tr("TLS: %1").arg(texts.join(QStringLiteral("; ")));
    });
    connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        if (m_rpc)
            m_rpc->receive(text.toUtf8());
    });
}

StationClient::~StationClient()
{
    m_socket.disconnect(this);
    if (m_rpc)
        m_rpc->close(tr("client destroyed"));
}

QUrl StationClient::connectionUrl(const ClientConfig &config)
{
    QUrl url = config.baseUrl;
    QString path = url.path();
    if (!path.endsWith(QLatin1Char('/')))
        path += QLatin1Char('/');
    url.setPath(path + config.identity);
    return url;
}

void StationClient::open(const ClientConfig &config)
{
    m_config = config;
    m_wasConnected = false;
    m_error.clear();
    QNetworkRequest request(connectionUrl(config));
    if (!config.password.isEmpty())
        request.setRawHeader("Authorization",
                             "Basic " + QByteArray(config.identity.toUtf8() + ':' + config.password).toBase64());
    if (config.tls)
        m_socket.setSslConfiguration(*config.tls);
    QWebSocketHandshakeOptions options;
    QStringList protocols;
    for (OcppVersion v : config.versions)
        protocols << subprotocolName(v);
    options.setSubprotocols(protocols);
    m_socket.open(request, options);
}

void StationClient::close(QWebSocketProtocol::CloseCode code, const QString &reason) { m_socket.close(code, reason); }

std::optional<OcppVersion> StationClient::version() const
{
    return m_rpc ? std::optional(m_rpc->version()) : std::nullopt;
}

void StationClient::onConnected()
{
    const auto v = versionFromSubprotocol(m_socket.subprotocol());
    if (!v) {
        // OCPP-J: without an agreed subprotocol the CSMS closes; do not speak first.
        m_error = tr("The CSMS accepted none of the offered OCPP versions.");
        return;
    }
    m_wasConnected = true;
    m_rpc = std::make_unique<RpcEndpoint>(*v);
    m_rpc->setResponseTimeout(m_config.responseTimeout);
    m_rpc->setTransmitter([this](const QByteArray &text) { m_socket.sendTextMessage(QString::fromUtf8(text)); });
    Q_EMIT endpointCreated(m_rpc.get());
    Q_EMIT connected(*v);
}

void StationClient::onDisconnected()
{
    const int code = int(m_socket.closeCode());
    const QString reason = m_socket.closeReason();
    if (m_rpc) {
        m_rpc->close(reason.isEmpty() ? tr("connection closed (%1)").arg(code) : reason);
        // Callbacks of the closed calls may still hold the pointer for this turn of the loop.
        m_rpc.release()->deleteLater();
    }
    if (m_wasConnected) {
        m_wasConnected = false;
        Q_EMIT disconnected(code, reason);
    } else {
        Q_EMIT failed(m_error.isEmpty() ? (reason.isEmpty() ? tr("connection closed during the handshake (%1)").arg(code) : reason)
                                        : m_error);
    }
}

} // namespace cb
