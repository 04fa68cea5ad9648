#include "metervaluesblock.h"

#include "station/meterparsing.h"
#include "station/stationsession.h"

namespace cb {

void MeterValuesBlock::attach(RpcEndpoint &rpc)
{
    const OcppVersion v = rpc.version();
    rpc.setHandler(QStringLiteral("MeterValues"), [this, v](const RpcCall &c, RpcResponder r) {
        const QJsonObject &p = c.payload;
        const bool v16 = v == OcppVersion::V16;
        const int evse = p.value(v16 ? QLatin1String("connectorId") : QLatin1String("evseId")).toInt();
        const QString tx = v16 && p.contains(QLatin1String("transactionId"))
            ? QString::number(p.value(QLatin1String("transactionId")).toInt())
            : QString();
        session().addMeterSamples(parseMeterValues(v, p.value(QLatin1String("meterValue")).toArray(), evse, v16 ? evse : 0, tx));
        r.result({});
    });
}

} // namespace cb
