#pragma once

#include "handshakerequest.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace cb {

// The server half of the RFC 6455 opening handshake (§4.2), done by ChargeBench itself so the
// connection can go straight to its own framing after the upgrade.
namespace websockethandshake {

// What a refused upgrade is answered with.
struct Refusal
{
    int httpStatus = 400;
    QString reason;       // for the log and the refused-connection list
    QByteArray extraHeaders; // e.g. "Sec-WebSocket-Version: 13\r\n" with 426
};

// Checks the WebSocket-specific headers (GET, Connection: Upgrade, version 13, a 16-byte key);
// nothing when the upgrade can go ahead.
std::optional<Refusal> check(const HandshakeRequest &request);
// Sec-WebSocket-Accept for a Sec-WebSocket-Key.
QByteArray acceptKey(const QByteArray &key);
// The first subprotocol the client offers that is enabled here (the client's preference decides);
// empty when none is.
QString selectSubprotocol(const QStringList &offered, const QStringList &enabled);
// The 101 answer; without Sec-WebSocket-Protocol when `subprotocol` is empty, without
// Sec-WebSocket-Extensions when `extensions` is.
QByteArray switchingProtocols(const QByteArray &key, const QString &subprotocol, const QByteArray &extensions = {});

} // namespace websockethandshake

} // namespace cb
