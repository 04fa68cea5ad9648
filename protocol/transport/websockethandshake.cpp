#include "websockethandshake.h"

#include <QCoreApplication>
#include <QCryptographicHash>

namespace cb::websockethandshake {

namespace {
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::WebSocketHandshake)
};

bool hasToken(const QByteArray &headerValue, const QByteArray &token)
{
    for (const QByteArray &t : headerValue.split(','))
        if (t.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}
} // namespace

std::optional<Refusal> check(const HandshakeRequest &request)
{
    if (request.method != "GET")
        return Refusal{400, Text::tr("WebSocket upgrade with method %1 (must be GET)").arg(QString::fromLatin1(request.method)), {}};
    if (!hasToken(request.header("Connection"), "upgrade"))
        return Refusal{400, Text::tr("WebSocket upgrade without \"Connection: Upgrade\""), {}};
    const QByteArray version = request.header("Sec-WebSocket-Version").trimmed();
    if (version != "13")
        return Refusal{426,
                       version.isEmpty() ? Text::tr("WebSocket upgrade without Sec-WebSocket-Version (13 is required)")
                                         : Text::tr("WebSocket version %1 requested; only 13 (RFC 6455) is spoken").arg(QString::fromLatin1(version)),
                       "Sec-WebSocket-Version: 13\r\n"};
    const QByteArray key = request.header("Sec-WebSocket-Key").trimmed();
    const auto decoded = QByteArray::fromBase64Encoding(key, QByteArray::AbortOnBase64DecodingErrors);
    if (key.isEmpty() || !decoded || decoded.decoded.size() != 16)
        return Refusal{400, Text::tr("WebSocket upgrade without a valid Sec-WebSocket-Key (16 bytes, base64)"), {}};
    return std::nullopt;
}

QByteArray acceptKey(const QByteArray &key)
{
    const QByteArray input = key.trimmed() + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    return QCryptographicHash::hash(input, QCryptographicHash::Sha1).toBase64();
}

QString selectSubprotocol(const QStringList &offered, const QStringList &enabled)
{
    for (const QString &p : offered)
        if (enabled.contains(p))
            return p;
    return {};
}

QByteArray switchingProtocols(const QByteArray &key, const QString &subprotocol, const QByteArray &extensions)
{
    QByteArray r = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
        + acceptKey(key) + "\r\n";
    if (!subprotocol.isEmpty())
        r += "Sec-WebSocket-Protocol: " + subprotocol.toLatin1() + "\r\n";
    if (!extensions.isEmpty())
        r += "Sec-WebSocket-Extensions: " + extensions + "\r\n";
    return r + "\r\n";
}

} // namespace cb::websockethandshake
