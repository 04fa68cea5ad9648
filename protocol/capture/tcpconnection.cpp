#include "tcpconnection.h"

#include "transport/handshakerequest.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

namespace cb::capture {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::PcapImporter)
};

constexpr qsizetype kMaxHttpHead = 64 * 1024;

bool startsWith(const quint8 *data, quint32 length, const char *prefix)
{
    const auto n = quint32(std::strlen(prefix));
    return length >= n && std::memcmp(data, prefix, n) == 0;
}

// A TLS record header: handshake (22), version 3.x.
bool looksLikeTls(const quint8 *data, quint32 length) { return length >= 3 && data[0] == 0x16 && data[1] == 0x03; }

QString hostText(const Endpoint &e)
{
    QHostAddress a;
    if (e.v6) {
        Q_IPV6ADDR raw;
        std::memcpy(raw.c, e.address.data(), 16);
        a.setAddress(raw);
        return QStringLiteral("[%1]:%2").arg(a.toString()).arg(e.port);
    }
    a.setAddress(quint32((e.address[12] << 24) | (e.address[13] << 16) | (e.address[14] << 8) | e.address[15]));
    return QStringLiteral("%1:%2").arg(a.toString()).arg(e.port);
}

// The value of one response header, case-insensitive; empty when absent.
QByteArray headerValue(const QList<QByteArray> &lines, const char *name)
{
    const QByteArray wanted(name);
    for (const QByteArray &line : lines) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare(wanted, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

} // namespace

struct TcpConnection::Side final : StreamConsumer, WebSocketSink
{
    Side(TcpConnection &c, int i) : connection(c), index(i) {}
    void bytes(const quint8 *data, quint32 length) override { connection.onBytes(index, data, length); }
    void gap(quint64 missing) override { connection.onGap(index, missing); }
    void message(WebSocketMessage &m) override { connection.onMessage(index, m); }

    TcpConnection &connection;
    int index;
    TcpStream stream;
    Phase phase = Phase::Start;
    QByteArray head; // HTTP head being collected, then WebSocket bytes held until the upgrade
    WebSocketReader ws;
};

TcpConnection::TcpConnection(const FlowKey &key, ImportContext &context) : m_key(key), m_context(context)
{
    m_sides[0] = std::make_unique<Side>(*this, 0);
    m_sides[1] = std::make_unique<Side>(*this, 1);
}

TcpConnection::~TcpConnection() = default;

bool TcpConnection::isNewConnection(const TcpSegment &s) const
{
    if (!(s.flags & TcpSegment::Syn) || (s.flags & TcpSegment::Ack))
        return false;
    const int side = s.source == m_key.low ? 0 : 1;
    const TcpStream &stream = m_sides[side]->stream;
    return m_finished || (stream.started() && stream.isn() != s.seq);
}

void TcpConnection::segment(const TcpSegment &s)
{
    if (m_finished)
        return;
    const int side = s.source == m_key.low ? 0 : 1;
    Side &d = *m_sides[side];
    if (s.flags & TcpSegment::Syn) {
        d.stream.syn(s.seq);
        if (!(s.flags & TcpSegment::Ack) && m_clientSide < 0)
            m_clientSide = side;
        else if ((s.flags & TcpSegment::Ack) && m_clientSide < 0)
            m_clientSide = 1 - side;
    }
    // Bytes cut off by the snap length are not delivered: the hole is declared at the end.
    if (s.payloadLength > 0 && s.missingBytes == 0)
        d.stream.segment(s.seq + ((s.flags & TcpSegment::Syn) ? 1 : 0), s.payload, s.payloadLength, d);
    if (s.flags & TcpSegment::Rst) {
        finish();
        return;
    }
    if (s.flags & TcpSegment::Fin)
        m_fin[side] = true;
    if (m_fin[0] && m_fin[1])
        finish();
}

void TcpConnection::finish(bool endOfCapture)
{
    if (m_finished)
        return;
    for (auto &side : m_sides)
        side->stream.finish(*side);
    m_finished = true;
    if (!m_opened || m_closed)
        return;
    if (m_closeCode)
        emitClosed(m_closeCode, m_closeReason);
    else
        emitClosed(1006, endOfCapture ? Text::tr("the capture ended while the connection was open")
                                      : Text::tr("connection ended without a WebSocket close"));
}

void TcpConnection::onBytes(int side, const quint8 *data, quint32 length)
{
    Side &d = *m_sides[side];
    switch (d.phase) {
    case Phase::Ignored:
        return;
    case Phase::Start:
        if (looksLikeTls(data, length)) {
            markEncrypted();
            return;
        }
        if (startsWith(data, length, "GET ")) {
            m_clientSide = side;
        } else if (!startsWith(data, length, "HTTP/") || m_clientSide == side) {
            ignore(); // not HTTP: some other protocol on this port
            return;
        }
        d.phase = Phase::Http;
        [[fallthrough]];
    case Phase::Http: {
        const qsizetype before = d.head.size();
        d.head.append(reinterpret_cast<const char *>(data), length);
        const qsizetype end = d.head.indexOf("\r\n\r\n", std::max<qsizetype>(0, before - 3));
        if (end < 0) {
            if (d.head.size() > kMaxHttpHead)
                ignore();
            return;
        }
        if (isClient(side))
            requestComplete(end + 4);
        else if (m_sides[m_clientSide < 0 ? 1 - side : m_clientSide]->phase == Phase::WaitingUpgrade)
            responseComplete(end + 4);
        // Otherwise the response came before its request (a late request segment): requestComplete() reads it.
        return;
    }
    case Phase::WaitingUpgrade:
        d.head.append(reinterpret_cast<const char *>(data), length);
        return;
    case Phase::WebSocket:
        d.ws.feed(data, length, d);
        return;
    }
}

void TcpConnection::requestComplete(qsizetype headerEnd)
{
    Side &client = *m_sides[m_clientSide];
    auto parsed = HandshakeRequest::parse(client.head.left(headerEnd));
    if (!parsed || !*parsed) {
        ignore();
        return;
    }
    const HandshakeRequest &request = parsed->value();
    if (auto id = request.identity())
        m_identity = id.value();
    else {
        QByteArray path = request.target;
        path.truncate(path.indexOf('?') < 0 ? path.size() : path.indexOf('?'));
        m_identity = QUrl::fromPercentEncoding(path.mid(path.lastIndexOf('/') + 1));
    }
    m_requestJson = request.maskedHeadersJson();
    for (const QByteArray &e : request.header("Sec-WebSocket-Extensions").split(','))
        if (!e.trimmed().isEmpty())
            m_offeredExtensions << QString::fromLatin1(e.trimmed());
    client.head.remove(0, headerEnd);
    client.phase = Phase::WaitingUpgrade;
    // A response that arrived first (reordered capture) can now be read.
    Side &server = *m_sides[1 - m_clientSide];
    if (server.phase == Phase::Http) {
        const qsizetype end = server.head.indexOf("\r\n\r\n");
        if (end >= 0)
            responseComplete(end + 4);
    }
}

void TcpConnection::responseComplete(qsizetype headerEnd)
{
    Side &client = *m_sides[m_clientSide];
    Side &server = *m_sides[1 - m_clientSide];
    const QList<QByteArray> lines = server.head.left(headerEnd - 4).split('\n');
    const QList<QByteArray> status = lines.value(0).trimmed().split(' ');
    const int code = status.value(1).toInt();
    m_id = m_context.nextConnectionId++;
    QJsonObject details = QJsonDocument::fromJson(m_requestJson).object();
    details.insert(QStringLiteral("remote"), hostText(client.index == 0 ? m_key.low : m_key.high));
    details.insert(QStringLiteral("server"), hostText(server.index == 0 ? m_key.low : m_key.high));
    details.insert(QStringLiteral("source"), QStringLiteral("pcap"));
    if (code != 101) {
        details.insert(QStringLiteral("httpStatus"), code);
        emitNote(Text::tr("The server refused the WebSocket upgrade: %1").arg(QString::fromLatin1(lines.value(0).trimmed())),
                 QJsonDocument(details).toJson(QJsonDocument::Compact));
        ignore();
        return;
    }
    m_subprotocol = QString::fromLatin1(headerValue(lines, "Sec-WebSocket-Protocol"));
    m_version = versionFromSubprotocol(m_subprotocol);
    m_annotator = m_context.annotators.emplace_back(std::make_unique<OcppAnnotator>(m_version, m_context.validate)).get();
    const QByteArray extensions = headerValue(lines, "Sec-WebSocket-Extensions");
    if (extensions.contains("permessage-deflate")) {
        // Only the parameters of the accepted extension matter (RFC 7692 section 7.1).
        QByteArray accepted = extensions.split(',').value(0);
        server.ws.enableDeflate(accepted.contains("server_no_context_takeover"));
        client.ws.enableDeflate(accepted.contains("client_no_context_takeover"));
        details.insert(QStringLiteral("extensions"), QString::fromLatin1(accepted.trimmed()));
    }
    details.insert(QStringLiteral("subprotocol"), m_subprotocol);
    m_opened = true;
    ++m_context.summary->connections;

    CaptureRecord r;
    r.kind = CaptureRecord::Kind::ConnectionOpened;
    r.timestampUs = m_context.nowUs;
    r.stationId = m_identity;
    r.connectionId = m_id;
    r.data = QJsonDocument(details).toJson(QJsonDocument::Compact);
    if (!m_version) {
        r.problem = Text::tr("No OCPP subprotocol was agreed (the server answered \"%1\"), so frames are not decoded.")
                        .arg(m_subprotocol);
    }
    m_context.batch.records.push_back(std::move(r));

    const QByteArray serverRest = server.head.mid(headerEnd);
    const QByteArray clientRest = client.head;
    server.head = QByteArray();
    client.head = QByteArray();
    server.phase = client.phase = Phase::WebSocket;
    if (!clientRest.isEmpty())
        client.ws.feed(reinterpret_cast<const quint8 *>(clientRest.constData()), quint32(clientRest.size()), client);
    if (!serverRest.isEmpty())
        server.ws.feed(reinterpret_cast<const quint8 *>(serverRest.constData()), quint32(serverRest.size()), server);
}

void TcpConnection::onGap(int side, quint64 missing)
{
    Side &d = *m_sides[side];
    if (d.phase != Phase::WebSocket) {
        if (d.phase != Phase::Ignored && !m_opened)
            ignore();
        return;
    }
    if (d.ws.isBroken())
        return;
    const QString who = isClient(side) ? Text::tr("station") : Text::tr("CSMS");
    const QString problem = Text::tr("%1 bytes sent by the %2 are missing from the capture (dropped packets or a short snap "
                               "length); the rest of that direction cannot be decoded.")
                                .arg(missing)
                                .arg(who);
    d.ws.markBroken(problem);
    emitNote(problem);
}

void TcpConnection::onMessage(int side, WebSocketMessage &m)
{
    using T = WebSocketMessage::Type;
    if (m.type == T::Ping || m.type == T::Pong)
        return;
    if (m.type == T::Close) {
        if (!m_closeCode) {
            m_closeCode = m.closeCode;
            m_closeReason = m.closeReason;
        }
        return;
    }
    CaptureRecord f;
    f.timestampUs = m_context.nowUs;
    f.stationId = m_identity;
    f.connectionId = m_id;
    f.outgoing = !isClient(side);
    f.data = std::move(m.payload);
    if (!m.problem.isEmpty())
        f.problem = m.problem;
    else if (m.type == T::Binary)
        f.problem = Text::tr("binary WebSocket message; OCPP-J frames are text");
    else
        m_context.batch.pending.push_back({m_context.batch.records.size(), m_annotator,
                                           m_context.batch.parsed ? m_annotator->decode(f.data) : OcppAnnotator::Decoded{}});
    ++m_context.summary->frames;
    m_context.batch.records.push_back(std::move(f));
}

void TcpConnection::ignore()
{
    for (auto &side : m_sides) {
        side->phase = Phase::Ignored;
        side->head = QByteArray();
    }
}

void TcpConnection::markEncrypted()
{
    if (m_encrypted)
        return;
    m_encrypted = true;
    if (m_clientSide < 0)
        m_clientSide = 0;
    m_context.summary->encrypted.append(
        {endpointText(m_clientSide), endpointText(1 - m_clientSide),
         Text::tr("TLS: no keys; capture the plain ws:// side or export keys")});
    ignore();
}

QString TcpConnection::endpointText(int side) const { return hostText(side == 0 ? m_key.low : m_key.high); }

void TcpConnection::emitClosed(int code, const QString &reason)
{
    m_closed = true;
    CaptureRecord r;
    r.kind = CaptureRecord::Kind::ConnectionClosed;
    r.timestampUs = m_context.nowUs;
    r.stationId = m_identity;
    r.connectionId = m_id;
    r.data = QJsonDocument(QJsonObject{{QStringLiteral("closeCode"), code}, {QStringLiteral("reason"), reason}})
                 .toJson(QJsonDocument::Compact);
    m_context.batch.records.push_back(std::move(r));
}

void TcpConnection::emitNote(const QString &problem, const QByteArray &data)
{
    CaptureRecord r;
    r.kind = CaptureRecord::Kind::Note;
    r.timestampUs = m_context.nowUs;
    r.stationId = m_identity;
    r.connectionId = m_id;
    r.data = data;
    r.problem = problem;
    m_context.batch.records.push_back(std::move(r));
}

} // namespace cb::capture
