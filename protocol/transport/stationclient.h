#pragma once

#include "rpc/rpcendpoint.h"

#include <QObject>
#include <QSslConfiguration>
#include <QUrl>
#include <QWebSocket>

#include <memory>
#include <optional>

namespace cb {

struct ClientConfig
{
    QUrl baseUrl;                    // ws[s]://host:port/path; the identity is appended
    QString identity;
    QList<OcppVersion> versions{OcppVersion::V21, OcppVersion::V201, OcppVersion::V16}; // offered, preferred first
    QByteArray password;             // Basic auth (profiles 1 and 2) when not empty
    std::optional<QSslConfiguration> tls; // trusted CA, client certificate and key (profiles 2 and 3)
    std::chrono::milliseconds responseTimeout{30000};
};

// The station side of an OCPP-J connection: used by the virtual station, replay and proxy, and
// by tests. Opens the WebSocket with the offered subprotocols and credentials and gives an
// RpcEndpoint for the negotiated version once connected.
class StationClient : public QObject
{
    Q_OBJECT
public:
    explicit StationClient(QObject *parent = nullptr);
    ~StationClient() override;

    void open(const ClientConfig &config);
    void close(QWebSocketProtocol::CloseCode code = QWebSocketProtocol::CloseCodeNormal, const QString &reason = {});
    bool isConnected() const { return m_rpc != nullptr; }
    std::optional<OcppVersion> version() const;
    // Valid while connected; a new endpoint is made for each connection.
    RpcEndpoint *rpc() const { return m_rpc.get(); }
    QWebSocket &socket() { return m_socket; }
    // The URL actually opened: base URL plus percent-encoded identity.
    static QUrl connectionUrl(const ClientConfig &config);

Q_SIGNALS:
    void connected(cb::OcppVersion version);
    // Closed after being connected, with the close code the peer sent.
    void disconnected(int closeCode, const QString &reason);
    // The connection could not be made (refused, HTTP error, TLS failure, no common version).
    void failed(const QString &reason);
    // Set up handlers here: emitted after the endpoint exists and before any frame arrives.
    void endpointCreated(cb::RpcEndpoint *endpoint);

private:
    void onConnected();
    void onDisconnected();

    ClientConfig m_config;
    QWebSocket m_socket;
    std::unique_ptr<RpcEndpoint> m_rpc;
    bool m_wasConnected = false;
    QString m_error;
};

} // namespace cb
