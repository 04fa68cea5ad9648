#include "authorizationblock.h"

#include "station/stationsession.h"

namespace cb {

void AuthorizationBlock::attach(RpcEndpoint &rpc)
{
    const OcppVersion v = rpc.version();
    rpc.setHandler(QStringLiteral("Authorize"), [this, v](const RpcCall &c, RpcResponder r) {
        // "Invalid" exists in the AuthorizationStatus of every version.
        if (v == OcppVersion::V16) {
            const bool ok = session().policy().accepts(c.payload.value(QLatin1String("idTag")).toString());
            r.result(QJsonObject{{QStringLiteral("idTagInfo"),
                                  QJsonObject{{QStringLiteral("status"), ok ? QStringLiteral("Accepted") : QStringLiteral("Invalid")}}}});
        } else {
            const QString token = c.payload.value(QLatin1String("idToken")).toObject().value(QLatin1String("idToken")).toString();
            const bool ok = session().policy().accepts(token);
            r.result(QJsonObject{{QStringLiteral("idTokenInfo"),
                                  QJsonObject{{QStringLiteral("status"), ok ? QStringLiteral("Accepted") : QStringLiteral("Invalid")}}}});
        }
    });
}

} // namespace cb
