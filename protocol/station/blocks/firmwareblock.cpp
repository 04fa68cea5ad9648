#include "firmwareblock.h"

#include "station/stationsession.h"

namespace cb {

void FirmwareBlock::attach(RpcEndpoint &rpc)
{
    QStringList actions{QStringLiteral("FirmwareStatusNotification"), QStringLiteral("LogStatusNotification")};
    if (rpc.version() == OcppVersion::V16)
        actions << QStringLiteral("DiagnosticsStatusNotification") << QStringLiteral("SignedFirmwareStatusNotification");
    else
        actions << QStringLiteral("PublishFirmwareStatusNotification");
    for (const QString &action : actions) {
        rpc.setHandler(action, [this](const RpcCall &c, RpcResponder r) {
            session().mutableState().lastNotifications.insert(c.action, c.payload);
            session().touch();
            r.result({});
        });
    }
}

} // namespace cb
