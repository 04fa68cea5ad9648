#include "ocppversion.h"

namespace cb {

QString subprotocolName(OcppVersion v)
{
    switch (v) {
    case OcppVersion::V16: return QStringLiteral("ocpp1.6");
    case OcppVersion::V201: return QStringLiteral("ocpp2.0.1");
    case OcppVersion::V21: return QStringLiteral("ocpp2.1");
    }
    return {};
}

std::optional<OcppVersion> versionFromSubprotocol(QStringView token)
{
    // Subprotocol tokens are compared exactly (RFC 6455 tokens are case-sensitive).
    for (OcppVersion v : kAllVersions)
        if (token == subprotocolName(v))
            return v;
    return std::nullopt;
}

QString versionName(OcppVersion v)
{
    switch (v) {
    case OcppVersion::V16: return QStringLiteral("1.6");
    case OcppVersion::V201: return QStringLiteral("2.0.1");
    case OcppVersion::V21: return QStringLiteral("2.1");
    }
    return {};
}

std::optional<OcppVersion> parseVersion(QStringView text)
{
    QString t = text.trimmed().toString().toLower();
    if (t.startsWith(QLatin1String("ocpp")))
        t = t.mid(4);
    if (t.endsWith(QLatin1Char('j')))
        t.chop(1);
    for (OcppVersion v : kAllVersions)
        if (t == versionName(v))
            return v;
    return std::nullopt;
}

} // namespace cb
