#include "datatransferblock.h"

#include "station/stationsession.h"

namespace cb {

void DataTransferBlock::attach(RpcEndpoint &rpc)
{
    rpc.setHandler(QStringLiteral("DataTransfer"), [this](const RpcCall &c, RpcResponder r) {
        session().mutableState().lastNotifications.insert(c.action, c.payload);
        session().touch();
        r.result(QJsonObject{{QStringLiteral("status"), QStringLiteral("UnknownVendorId")}});
    });
}

} // namespace cb
