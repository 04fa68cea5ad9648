#pragma once

#include "auththrottle.h"
#include "common/result.h"
#include "handshakerequest.h"
#include "serverconfig.h"
#include "stationconnection.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <optional>

class QTcpServer;
class QTcpSocket;
class QSslSocket;
class QSslError;

namespace cb {

class EpollReactor;
class WebSocketChannel;

// The WebSocket endpoint chargers connect to: ws[s]://host:port/<any path>/<identity>.
// It reads the HTTP upgrade request itself (to answer 401/404 before the WebSocket layer), answers
// the RFC 6455 handshake with subprotocol negotiation, and frames the messages itself
// (WebSocketChannel). Plain TCP connections are then served through one epoll descriptor
// (EpollReactor) where it is built (CHARGEBENCH_EPOLL, Linux), otherwise through their QTcpSocket;
// TLS ones always through their QSslSocket. Runs on whichever thread owns it (start()
// and the connections must run there); the workspace gives it its own.
class CsmsServer : public QObject
{
    Q_OBJECT
public:
    // Looks up the expected Basic-auth password of an identity and calls `done` with it (or with
    // nothing when none is set), possibly later: keychain reads are asynchronous.
    using PasswordLookup =
        std::function<void(const QString &identity, std::function<void(std::optional<QByteArray>)> done)>;
    using FrameSink = std::function<void(const ConnectionInfo &, const FrameEvent &)>;

    explicit CsmsServer(QObject *parent = nullptr);
    ~CsmsServer() override;

    // Expected Basic-auth password per identity (profiles 1 and 2).
    void setPasswordLookup(PasswordLookup lookup) { m_passwords = std::move(lookup); }
    // Receives every frame of every connection (capture, live views). Called on the server thread.
    void setFrameSink(FrameSink sink) { m_frameSink = std::move(sink); }

    Status<> start(const ServerConfig &config);
    // Closes every connection with 1001 (going away) and stops listening.
    void stop();
    bool isListening() const;
    quint16 port() const;
    const ServerConfig &config() const { return m_config; }
    void setKnownIdentities(const QSet<QString> &ids) { m_config.knownIdentities = ids; }

    QList<StationConnection *> connections() const;
    StationConnection *connection(const QString &identity) const;

    // Every URL a charger can use to reach this machine, one per interface address.
    QStringList urls() const;

Q_SIGNALS:
    // Emitted before any frame of the connection is processed, so handlers can be attached.
    void connectionOpened(cb::StationConnection *connection);
    void connectionClosed(const cb::ConnectionInfo &info, int closeCode, const QString &reason);
    // A connection attempt that was turned away, with a reason a person can act on.
    void connectionRefused(const QString &remote, const QString &identity, int httpStatus, const QString &reason);

private:
    void onTcpConnection();
    void onHandshakeBytes(QTcpSocket *socket);
    void admit(QTcpSocket *socket, const HandshakeRequest &request, const QString &identity, const QString &clientSubject);
    WebSocketChannel *takeOver(QTcpSocket *socket);
    void refuse(QTcpSocket *socket, int status, const QString &identity, const QString &logReason,
                const QByteArray &body = {}, const QByteArray &extraHeaders = {});
    void refuseAuth(QTcpSocket *socket, const QString &identity, const QString &logReason);
    void onTlsErrors(QSslSocket *socket, const QList<QSslError> &errors);

    ServerConfig m_config;
    std::unique_ptr<QTcpServer> m_tcp;
    // Child, made by start() on the server's thread; stays null without CHARGEBENCH_EPOLL. Declared
    // either way so the class has one layout in every target.
    EpollReactor *m_reactor = nullptr;
    PasswordLookup m_passwords;
    FrameSink m_frameSink;
    AuthThrottle m_throttle;
    QHash<QString, QPointer<StationConnection>> m_byIdentity;
    qint64 m_nextConnectionId = 1;
};

} // namespace cb
