#include "availabilityblock.h"

#include "station/stationsession.h"

namespace cb {

void AvailabilityBlock::attach(RpcEndpoint &rpc)
{
    const OcppVersion v = rpc.version();
    rpc.setHandler(QStringLiteral("StatusNotification"), [this, v](const RpcCall &c, RpcResponder r) {
        const QJsonObject &p = c.payload;
        ConnectorStatus s;
        if (v == OcppVersion::V16) {
            s.connectorId = p.value(QLatin1String("connectorId")).toInt();
            s.evseId = s.connectorId;
            s.status = p.value(QLatin1String("status")).toString();
            s.errorCode = p.value(QLatin1String("errorCode")).toString();
            s.info = p.value(QLatin1String("info")).toString();
            s.vendorErrorCode = p.value(QLatin1String("vendorErrorCode")).toString();
        } else {
            s.evseId = p.value(QLatin1String("evseId")).toInt();
            s.connectorId = p.value(QLatin1String("connectorId")).toInt();
            s.status = p.value(QLatin1String("connectorStatus")).toString();
        }
        const QString ts = p.value(QLatin1String("timestamp")).toString();
        s.timestamp = ts.isEmpty() ? QDateTime::currentDateTimeUtc() : QDateTime::fromString(ts, Qt::ISODateWithMs);
        auto &list = session().mutableState().connectors;
        auto it = std::find_if(list.begin(), list.end(),
                               [&](const ConnectorStatus &x) { return x.evseId == s.evseId && x.connectorId == s.connectorId; });
        if (it == list.end()) {
            list.append(s);
            std::sort(list.begin(), list.end(), [](const ConnectorStatus &a, const ConnectorStatus &b) {
                return std::pair(a.evseId, a.connectorId) < std::pair(b.evseId, b.connectorId);
            });
        } else {
            *it = s;
        }
        session().touch();
        r.result({});
    });
}

} // namespace cb
