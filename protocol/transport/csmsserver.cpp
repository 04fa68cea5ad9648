#include "csmsserver.h"

#include "common/logging.h"
#include "permessagedeflate.h"
#include "qtsocketio.h"
#include "tlsfiles.h"
#include "websocketchannel.h"
#include "websockethandshake.h"

#include <QCoreApplication>
#include <QNetworkInterface>
#include <QSslCipher>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <openssl/crypto.h>

#include <algorithm>

#if CHARGEBENCH_EPOLL
#include "epollreactor.h"
#include "epollsocketio.h"

#include <fcntl.h>
#endif

namespace cb {

namespace {

const char *kPendingProperty = "cb.handshakePending";

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 426: return "Upgrade Required";
    default: return "Error";
    }
}

QString tlsProtocolName(QSsl::SslProtocol p)
{
    switch (p) {
    case QSsl::TlsV1_2: return QStringLiteral("TLS 1.2");
    case QSsl::TlsV1_3: return QStringLiteral("TLS 1.3");
    default: return QString();
    }
}

// An origin as compared: RFC 6454 serialisation is lower-case scheme and host with no path, but
// people type "HTTP://Host:8080/" into settings.
QString normalizedOrigin(const QString &origin)
{
    QString o = origin.trimmed().toLower();
    while (o.endsWith(QLatin1Char('/')))
        o.chop(1);
    return o;
}

// Passwords are compared in constant time so that response timing tells nothing.
bool samePassword(const QByteArray &a, const QByteArray &b)
{
    return a.size() == b.size() && CRYPTO_memcmp(a.constData(), b.constData(), size_t(a.size())) == 0;
}

} // namespace

CsmsServer::CsmsServer(QObject *parent) : QObject(parent) {}

CsmsServer::~CsmsServer() { stop(); }

Status<> CsmsServer::start(const ServerConfig &config)
{
    stop();
    m_config = config;
    if (m_config.versions.isEmpty())
        return Error{tr("No OCPP version is enabled."), tr("Enable at least one of 1.6, 2.0.1 and 2.1.")};
#if CHARGEBENCH_EPOLL
    if (!m_reactor)
        m_reactor = new EpollReactor(this);
#endif

    const bool tls = m_config.profile == SecurityProfile::TlsBasicAuth || m_config.profile == SecurityProfile::MutualTls;
    if (tls) {
        auto ssl = serverTlsConfiguration(m_config);
        if (!ssl)
            return ssl.error();
        auto server = std::make_unique<QSslServer>();
        server->setSslConfiguration(ssl.value());
        server->setHandshakeTimeout(int(m_config.handshakeTimeout.count()));
        connect(server.get(), &QSslServer::sslErrors, this, &CsmsServer::onTlsErrors);
        connect(server.get(), &QSslServer::peerVerifyError, this, [this](QSslSocket *s, const QSslError &e) { onTlsErrors(s, {e}); });
        connect(server.get(), &QSslServer::errorOccurred, this, [this](QSslSocket *s, QAbstractSocket::SocketError e) {
            if (e == QAbstractSocket::RemoteHostClosedError)
                return;
            Q_EMIT connectionRefused(s->peerAddress().toString(), QString(), 0,
                                     tr("TLS handshake failed: %1").arg(s->errorString()));
        });
        m_tcp = std::move(server);
    } else {
        m_tcp = std::make_unique<QTcpServer>();
    }
    connect(m_tcp.get(), &QTcpServer::pendingConnectionAvailable, this, &CsmsServer::onTcpConnection);
    if (!m_tcp->listen(m_config.address, m_config.port)) {
        const QString why = m_tcp->errorString();
        const bool inUse = m_tcp->serverError() == QAbstractSocket::AddressInUseError;
        m_tcp.reset();
        return Error{tr("Cannot listen on %1 port %2: %3.").arg(m_config.address.toString()).arg(m_config.port).arg(why),
                     inUse ? tr("Another program uses this port; stop it or choose another port.")
                           : tr("Check the listen address and your permissions.")};
    }
    qCInfo(lcTransport) << "listening on" << m_config.address << m_tcp->serverPort() << "profile" << int(m_config.profile);
    return success();
}

void CsmsServer::stop()
{
    for (StationConnection *c : connections())
        c->close(QWebSocketProtocol::CloseCodeGoingAway, tr("ChargeBench is shutting down"));
    if (m_tcp) {
        m_tcp->close();
        m_tcp.reset();
    }
}

bool CsmsServer::isListening() const { return m_tcp && m_tcp->isListening(); }
quint16 CsmsServer::port() const { return m_tcp ? m_tcp->serverPort() : 0; }

QList<StationConnection *> CsmsServer::connections() const
{
    QList<StationConnection *> out;
    for (const auto &p : m_byIdentity)
        if (p && p->isOpen())
            out << p.data();
    return out;
}

StationConnection *CsmsServer::connection(const QString &identity) const
{
    const auto p = m_byIdentity.value(identity);
    return p && p->isOpen() ? p.data() : nullptr;
}

QStringList CsmsServer::urls() const
{
    const bool tls = m_config.profile == SecurityProfile::TlsBasicAuth || m_config.profile == SecurityProfile::MutualTls;
    const QString scheme = tls ? QStringLiteral("wss") : QStringLiteral("ws");
    QList<QHostAddress> addresses;
    if (m_config.address == QHostAddress::Any || m_config.address == QHostAddress::AnyIPv4
        || m_config.address == QHostAddress::AnyIPv6) {
        for (const QHostAddress &a : QNetworkInterface::allAddresses()) {
            if (a.isLinkLocal())
                continue;
            if (m_config.address == QHostAddress::AnyIPv4 && a.protocol() != QAbstractSocket::IPv4Protocol)
                continue;
            addresses << a;
        }
    } else {
        addresses << m_config.address;
    }
    QStringList out;
    for (const QHostAddress &a : addresses) {
        const QString host = a.protocol() == QAbstractSocket::IPv6Protocol ? QLatin1Char('[') + a.toString() + QLatin1Char(']')
                                                                            : a.toString();
        out << QStringLiteral("%1://%2:%3/ocpp/").arg(scheme, host).arg(port());
    }
    return out;
}

void CsmsServer::onTcpConnection()
{
    while (m_tcp && m_tcp->hasPendingConnections()) {
        QTcpSocket *s = m_tcp->nextPendingConnection();
        s->setProperty(kPendingProperty, true);
        connect(s, &QTcpSocket::readyRead, this, [this, s] { onHandshakeBytes(s); });
        connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
        // A client that never completes its request is dropped.
        QTimer::singleShot(m_config.handshakeTimeout, s, [s] {
            if (s->property(kPendingProperty).toBool())
                s->abort();
        });
        onHandshakeBytes(s);
    }
}

void CsmsServer::onHandshakeBytes(QTcpSocket *s)
{
    if (!s->property(kPendingProperty).toBool())
        return;
    const auto parsed = HandshakeRequest::parse(s->peek(16 * 1024 + 4));
    if (!parsed)
        return; // wait for the rest of the head
    if (!parsed->ok()) {
        refuse(s, 400, {}, parsed->error().message);
        return;
    }
    const HandshakeRequest &req = parsed->value();
    if (req.header("Upgrade").compare("websocket", Qt::CaseInsensitive) != 0) {
        refuse(s, 400, {}, tr("plain HTTP request %1 (not a WebSocket upgrade)").arg(QString::fromLatin1(req.target)),
               tr("This is ChargeBench's OCPP endpoint. Point a charging station at ws://<this address>:%1/ocpp/<identity>.\n")
                   .arg(port())
                   .toUtf8());
        return;
    }
    const auto identity = req.identity();
    if (!identity) {
        refuse(s, 400, {}, identity.error().message, identity.error().text().toUtf8());
        return;
    }
    const QString id = identity.value();
    // RFC 6455 §4.1 describes the upgrade as a GET without a body. Bytes after the head are read
    // as WebSocket frames, so a body would be taken for frames (request smuggling past any proxy
    // that frames the body differently); refuse it instead.
    for (const auto &[name, value] : req.headers) {
        const bool transferEncoding = name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0;
        const bool contentLength = name.compare("Content-Length", Qt::CaseInsensitive) == 0;
        const bool zero = !value.isEmpty() && std::all_of(value.cbegin(), value.cend(), [](char c) { return c == '0'; });
        if (transferEncoding || (contentLength && !zero)) {
            const QString reason = tr("the upgrade request has a body (%1: %2); a WebSocket upgrade must have none")
                                       .arg(QString::fromLatin1(name), QString::fromLatin1(value));
            refuse(s, 400, id, reason, reason.toUtf8() + '\n');
            return;
        }
    }
    // RFC 6455 §10.2: a browser sends Origin with every WebSocket upgrade; chargers do not. An
    // upgrade from a web page would otherwise let any site the technician visits talk OCPP to
    // this server as a station (and, with profile 0, as any station).
    const bool hasOrigin = std::any_of(req.headers.cbegin(), req.headers.cend(), [](const auto &h) {
        return h.first.compare("Origin", Qt::CaseInsensitive) == 0;
    });
    if (hasOrigin) {
        const QString origin = QString::fromLatin1(req.header("Origin"));
        const bool allowed = std::any_of(m_config.allowedOrigins.cbegin(), m_config.allowedOrigins.cend(),
                                         [o = normalizedOrigin(origin)](const QString &a) { return normalizedOrigin(a) == o; });
        if (!allowed) {
            const QString reason = tr("upgrade from the web page origin \"%1\" (browsers are not admitted unless the origin is "
                                      "allowed in the settings or with serve --allow-origin)").arg(origin);
            refuse(s, 403, id, reason, reason.toUtf8() + '\n');
            return;
        }
    }
    if (m_config.admission == Admission::KnownOnly && !m_config.knownIdentities.contains(id)) {
        refuse(s, 404, id, tr("unknown station identity \"%1\" (admission is limited to known stations)").arg(id));
        return;
    }

    QString clientSubject;
    switch (m_config.profile) {
    case SecurityProfile::None:
        break;
    case SecurityProfile::BasicAuth:
    case SecurityProfile::TlsBasicAuth: {
        const auto creds = req.basicCredentials();
        if (!creds) {
            refuseAuth(s, id, tr("no Basic auth credentials sent (security profile %1 requires them)").arg(int(m_config.profile)));
            return;
        }
        if (creds->first != id) {
            refuseAuth(s, id, tr("Basic auth user \"%1\" is not the station identity \"%2\"").arg(creds->first, id));
            return;
        }
        if (!m_passwords) {
            refuseAuth(s, id, tr("no password store is available"));
            return;
        }
        // Stop reading while the keychain answers; the socket may be gone by then.
        s->setProperty(kPendingProperty, false);
        QPointer<QTcpSocket> guard(s);
        m_passwords(id, [this, guard, req, id, given = creds->second](std::optional<QByteArray> expected) {
            if (!guard)
                return;
            if (!expected)
                refuseAuth(guard, id, tr("no password is set for \"%1\"; set one with: chargebench-cli station set-password %1").arg(id));
            else if (!samePassword(*expected, given))
                refuseAuth(guard, id, tr("wrong password for \"%1\"").arg(id));
            else
                admit(guard, req, id, QString());
        });
        return;
    }
    case SecurityProfile::MutualTls: {
        auto *ssl = qobject_cast<QSslSocket *>(s);
        const QSslCertificate cert = ssl ? ssl->peerCertificate() : QSslCertificate();
        const QString cn = cert.subjectInfo(QSslCertificate::CommonName).value(0);
        clientSubject = cert.subjectDisplayName();
        if (cert.isNull()) {
            refuseAuth(s, id, tr("no client certificate (security profile 3 requires one)"));
            return;
        }
        if (cn != id) {
            refuseAuth(s, id, tr("client certificate CN \"%1\" does not match the station identity \"%2\"").arg(cn, id));
            return;
        }
        break;
    }
    }

    admit(s, req, id, clientSubject);
}

void CsmsServer::admit(QTcpSocket *s, const HandshakeRequest &req, const QString &id, const QString &clientSubject)
{
    if (const auto refusal = websockethandshake::check(req)) {
        refuse(s, refusal->httpStatus, id, refusal->reason, {}, refusal->extraHeaders);
        return;
    }
    m_throttle.recordSuccess(s->peerAddress().toString());
    s->setProperty(kPendingProperty, false);
    disconnect(s, &QTcpSocket::readyRead, this, nullptr);
    disconnect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);

    QStringList enabled;
    for (OcppVersion v : m_config.versions)
        enabled << subprotocolName(v);
    const QString subprotocol = websockethandshake::selectSubprotocol(req.offeredSubprotocols(), enabled);

    ConnectionInfo info;
    info.identity = id;
    info.remoteAddress = s->peerAddress();
    // A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d; show them as people know them.
    bool isV4 = false;
    if (const quint32 v4 = info.remoteAddress.toIPv4Address(&isV4); isV4)
        info.remoteAddress = QHostAddress(v4);
    info.remotePort = s->peerPort();
    info.profile = m_config.profile;
    info.handshakeJson = req.maskedHeadersJson();
    info.clientCertificateSubject = clientSubject;
    if (auto *ssl = qobject_cast<QSslSocket *>(s); ssl && !ssl->sessionCipher().isNull()) {
        info.tlsProtocol = tlsProtocolName(ssl->sessionProtocol());
        info.tlsCipher = ssl->sessionCipher().name();
    }

    // Whatever followed the request head (a client may send its first frame right after it).
    QByteArray alreadyRead = s->readAll();
    alreadyRead.remove(0, alreadyRead.indexOf("\r\n\r\n") + 4);
    const auto version = versionFromSubprotocol(subprotocol);
    // Compression is agreed for every OCPP version: OCPP-J 2.0.1 §3.3 and 2.1 §3.4 require the
    // CSMS to support RFC 7692, and for 1.6 it only takes effect when the charger asks for it.
    std::optional<DeflateParams> deflate;
    if (version)
        deflate = permessagedeflate::negotiate(req.headerList("Sec-WebSocket-Extensions"));
    if (deflate)
        info.compression = deflate->responseHeader();
    WebSocketChannel *channel = takeOver(s);
    channel->writeHandshake(websockethandshake::switchingProtocols(req.header("Sec-WebSocket-Key"), subprotocol, info.compression));
    if (deflate)
        channel->enableDeflate(*deflate);

    if (!version) {
        // OCPP-J §3.2: complete the handshake without Sec-WebSocket-Protocol, then close.
        const QString reason = tr("no common OCPP version (enabled here: %1)").arg(enabled.join(QStringLiteral(", ")));
        Q_EMIT connectionRefused(info.remoteAddress.toString(), id, 0, reason);
        WebSocketChannel::Callbacks callbacks;
        callbacks.closed = [channel] { channel->deleteLater(); };
        channel->setCallbacks(std::move(callbacks));
        channel->start();
        channel->close(QWebSocketProtocol::CloseCodeProtocolError, reason.left(120));
        return;
    }
    info.connectionId = m_nextConnectionId++;
    info.version = *version;
    info.connectedAt = QDateTime::currentDateTimeUtc();

    auto *c = new StationConnection(channel, info, m_config, this);
    if (m_frameSink)
        c->rpc().setFrameObserver([this, c](const FrameEvent &e) { m_frameSink(c->info(), e); });
    if (StationConnection *old = connection(info.identity)) {
        qCInfo(lcTransport).noquote() << "station" << info.identity << "reconnected from" << info.remoteAddress.toString()
                                      << "- closing its previous connection" << old->info().connectionId;
        old->close(QWebSocketProtocol::CloseCodeNormal, tr("replaced by a new connection of the same station"));
    }
    m_byIdentity.insert(info.identity, c);
    connect(c, &StationConnection::closed, this, [this, c](qint64, int code, const QString &reason) {
        if (m_byIdentity.value(c->info().identity) == c)
            m_byIdentity.remove(c->info().identity);
        Q_EMIT connectionClosed(c->info(), code, reason);
        c->deleteLater();
    });
    qCInfo(lcTransport).noquote() << "station" << info.identity << "connected" << subprotocolName(info.version)
                                  << info.remoteAddress.toString() << info.tlsProtocol;
    Q_EMIT connectionOpened(c);
    channel->start(alreadyRead);
}

WebSocketChannel *CsmsServer::takeOver(QTcpSocket *s)
{
    std::unique_ptr<SocketIo> io;
#if CHARGEBENCH_EPOLL
    if (!qobject_cast<QSslSocket *>(s) && m_reactor && m_reactor->isValid()) {
        // Plain TCP: the descriptor moves to the reactor. A duplicate keeps the connection open
        // while Qt closes its own descriptor (close() of one of two descriptors sends nothing).
        const int fd = ::fcntl(int(s->socketDescriptor()), F_DUPFD_CLOEXEC, 0);
        if (fd >= 0) {
            auto epollIo = std::make_unique<EpollSocketIo>(*m_reactor, fd);
            if (epollIo->isValid()) {
                s->abort();
                s->deleteLater();
                io = std::move(epollIo);
            }
        }
    }
#endif
    if (!io)
        io = std::make_unique<QtSocketIo>(s);
    return new WebSocketChannel(std::move(io), m_config.maxFrameBytes, this);
}

void CsmsServer::refuse(QTcpSocket *s, int status, const QString &identity, const QString &logReason, const QByteArray &body,
                        const QByteArray &extraHeaders)
{
    s->setProperty(kPendingProperty, false);
    disconnect(s, &QTcpSocket::readyRead, this, nullptr);
    const QString remote = s->peerAddress().toString();
    qCInfo(lcTransport).noquote() << "refused" << remote << identity << status << logReason;
    Q_EMIT connectionRefused(remote, identity, status, logReason);
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    if (status == 401)
        response += "WWW-Authenticate: Basic realm=\"OCPP\"\r\n";
    response += extraHeaders;
    response += "Content-Type: text/plain; charset=utf-8\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nConnection: close\r\n\r\n" + body;
    s->write(response);
    s->disconnectFromHost();
}

void CsmsServer::refuseAuth(QTcpSocket *s, const QString &identity, const QString &logReason)
{
    // 401 with no hint for the peer; the reason goes to the log only. Repeated failures from one
    // address are answered ever later.
    const QString remote = s->peerAddress().toString();
    const auto delay = m_throttle.delayFor(remote);
    m_throttle.recordFailure(remote);
    s->setProperty(kPendingProperty, false);
    disconnect(s, &QTcpSocket::readyRead, this, nullptr);
    QPointer<QTcpSocket> guard(s);
    QTimer::singleShot(delay, this, [this, guard, identity, logReason] {
        if (guard)
            refuse(guard, 401, identity, logReason);
    });
}

void CsmsServer::onTlsErrors(QSslSocket *s, const QList<QSslError> &errors)
{
    QStringList reasons;
    for (const QSslError &e : errors) {
        switch (e.error()) {
        case QSslError::NoPeerCertificate:
            reasons << tr("the charger presented no client certificate; security profile 3 requires one");
            break;
        case QSslError::CertificateExpired:
            reasons << tr("the client certificate expired on %1").arg(e.certificate().expiryDate().toString(Qt::ISODate));
            break;
        case QSslError::CertificateNotYetValid:
            reasons << tr("the client certificate is not valid before %1; check the charger's clock")
                           .arg(e.certificate().effectiveDate().toString(Qt::ISODate));
            break;
        case QSslError::UnableToGetLocalIssuerCertificate:
        case QSslError::UnableToGetIssuerCertificate:
        case QSslError::UnableToVerifyFirstCertificate:
        case QSslError::SelfSignedCertificate:
        case QSslError::SelfSignedCertificateInChain:
            reasons << tr("the client certificate (issuer \"%1\") does not chain to the configured CA; install a "
                          "certificate signed by that CA on the charger")
                           .arg(e.certificate().issuerDisplayName());
            break;
        default:
            reasons << e.errorString();
        }
    }
    reasons.removeDuplicates();
    const QString text = reasons.join(QStringLiteral("; "));
    qCInfo(lcTransport).noquote() << "TLS refused" << s->peerAddress().toString() << text;
    Q_EMIT connectionRefused(s->peerAddress().toString(), QString(), 0, tr("TLS: %1").arg(text));
}

} // namespace cb
