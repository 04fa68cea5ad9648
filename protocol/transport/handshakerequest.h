#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace cb {

// The HTTP upgrade request a charger opens its WebSocket with, read before the WebSocket layer
// sees it so that admission and Basic auth can be answered with a plain 401 or 404.
struct HandshakeRequest
{
    QByteArray method;
    QByteArray target;                           // request-target as sent, e.g. "/ocpp/CS%201"
    QList<QPair<QByteArray, QByteArray>> headers; // in order, names as sent

    // Parses the request head (up to and including the blank line). Returns nothing while the
    // head is incomplete; an error when it can never become a valid request.
    static std::optional<Result<HandshakeRequest>> parse(const QByteArray &bytes);

    QByteArray header(const QByteArray &name) const; // case-insensitive, first match
    // Every line of a list-valued header joined with ", " (RFC 7230 §3.2.2), e.g. the offers of
    // Sec-WebSocket-Extensions spread over several lines.
    QByteArray headerList(const QByteArray &name) const;
    QStringList offeredSubprotocols() const;         // Sec-WebSocket-Protocol, in the client's order

    // The station identity: the last path segment, percent-decoded (OCPP-J §3.1.1).
    Result<QString> identity() const;
    // Username and password of "Authorization: Basic ..."; nothing when absent or malformed.
    std::optional<QPair<QString, QByteArray>> basicCredentials() const;
    // The headers as a JSON object for the capture, with Authorization and cookies masked.
    QByteArray maskedHeadersJson() const;
};

// Length limit and character set of a station identity (identifierString[48] without ':').
Status<> checkIdentity(const QString &identity);

} // namespace cb
