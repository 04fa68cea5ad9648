#include "handshakerequest.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

namespace cb {

namespace {
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::HandshakeRequest)
};
constexpr qsizetype kMaxHeadBytes = 16 * 1024;
} // namespace

std::optional<Result<HandshakeRequest>> HandshakeRequest::parse(const QByteArray &bytes)
{
    const qsizetype end = bytes.indexOf("\r\n\r\n");
    if (end < 0) {
        if (bytes.size() > kMaxHeadBytes)
            return Result<HandshakeRequest>(Error{Text::tr("The HTTP request head is larger than 16 KiB."), {}});
        return std::nullopt;
    }
    const QList<QByteArray> lines = bytes.left(end).split('\n');
    HandshakeRequest r;
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1."))
        return Result<HandshakeRequest>(Error{Text::tr("Not an HTTP/1.1 request."), {}});
    r.method = requestLine.at(0);
    r.target = requestLine.at(1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        r.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    return Result<HandshakeRequest>(std::move(r));
}

QByteArray HandshakeRequest::header(const QByteArray &name) const
{
    for (const auto &[n, v] : headers)
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    return {};
}

QByteArray HandshakeRequest::headerList(const QByteArray &name) const
{
    QByteArray joined;
    for (const auto &[n, v] : headers) {
        if (n.compare(name, Qt::CaseInsensitive) != 0)
            continue;
        if (!joined.isEmpty())
            joined += ", ";
        joined += v;
    }
    return joined;
}

QStringList HandshakeRequest::offeredSubprotocols() const
{
    QStringList out;
    for (const auto &[n, v] : headers) {
        if (n.compare("Sec-WebSocket-Protocol", Qt::CaseInsensitive) != 0)
            continue;
        for (const QByteArray &p : v.split(','))
            if (!p.trimmed().isEmpty())
                out << QString::fromLatin1(p.trimmed());
    }
    return out;
}

Status<> checkIdentity(const QString &identity)
{
    if (identity.isEmpty())
        return Error{Text::tr("The URL has no charging station identity as its last path segment."),
                     Text::tr("Configure the charger with a URL ending in /<identity>.")};
    if (identity.size() > 48)
        return Error{Text::tr("The station identity is %1 characters long; OCPP allows at most 48.").arg(identity.size()), {}};
    if (identity.contains(QLatin1Char(':')))
        return Error{Text::tr("The station identity contains ':', which OCPP forbids (it separates user and password in Basic auth)."), {}};
    // OCPP-J 2.0.1 Part 4 §3.1.1 and 2.1 Part 4 §3.1.1: the identity is an identifierString
    // (Part 2, primitive datatypes: a-z, A-Z, 0-9 and *-_=:+|@.) without ':'. Anything else
    // (a decoded %2F, spaces, control characters, non-ASCII) would reach logs, file names and
    // the Basic auth user name unchecked.
    for (const QChar c : identity) {
        const char16_t u = c.unicode();
        const bool ok = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9')
            || QStringView(u"*-_=+|@.").contains(c);
        if (!ok) {
            const QString shown = u < 0x20 || u == 0x7f ? QStringLiteral("U+%1").arg(uint(u), 4, 16, QLatin1Char('0')).toUpper()
                                                         : QStringLiteral("'%1'").arg(c);
            return Error{Text::tr("The station identity contains %1; OCPP allows only letters, digits and *-_=+|@. in it.").arg(shown),
                         Text::tr("Configure the charger with an identity made of those characters only.")};
        }
    }
    return success();
}

Result<QString> HandshakeRequest::identity() const
{
    QByteArray path = target;
    const qsizetype q = path.indexOf('?');
    if (q >= 0)
        path.truncate(q);
    while (path.endsWith('/'))
        path.chop(1);
    const QByteArray last = path.mid(path.lastIndexOf('/') + 1);
    const QString id = QUrl::fromPercentEncoding(last);
    if (auto ok = checkIdentity(id); !ok)
        return ok.error();
    return id;
}

std::optional<QPair<QString, QByteArray>> HandshakeRequest::basicCredentials() const
{
    const QByteArray value = header("Authorization");
    // RFC 7235 §2.1: the auth scheme is case-insensitive ("BASIC" and "bAsIc" are "Basic"), and
    // one or more spaces separate it from the credentials.
    const qsizetype space = value.indexOf(' ');
    if (space < 0 || value.left(space).compare("Basic", Qt::CaseInsensitive) != 0)
        return std::nullopt;
    const auto result = QByteArray::fromBase64Encoding(value.mid(space + 1).trimmed(), QByteArray::AbortOnBase64DecodingErrors);
    if (!result)
        return std::nullopt;
    const QByteArray &decoded = result.decoded;
    const qsizetype colon = decoded.indexOf(':');
    if (colon < 0)
        return std::nullopt;
    return QPair<QString, QByteArray>(QString::fromUtf8(decoded.left(colon)), decoded.mid(colon + 1));
}

QByteArray HandshakeRequest::maskedHeadersJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("request"), QString::fromLatin1(method + ' ' + target));
    QJsonObject h;
    for (const auto &[n, v] : headers) {
        const bool secret = n.compare("Authorization", Qt::CaseInsensitive) == 0
            || n.compare("Cookie", Qt::CaseInsensitive) == 0 || n.compare("Proxy-Authorization", Qt::CaseInsensitive) == 0;
        QString shown = QString::fromLatin1(v);
        if (secret) {
            // Keep the scheme and the user name (useful when diagnosing), never the password.
            const auto creds = basicCredentials();
            shown = creds && n.compare("Authorization", Qt::CaseInsensitive) == 0
                ? QStringLiteral("Basic <user %1, password masked>").arg(creds->first)
                : QStringLiteral("<masked>");
        }
        h.insert(QString::fromLatin1(n), shown);
    }
    o.insert(QStringLiteral("headers"), h);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace cb
