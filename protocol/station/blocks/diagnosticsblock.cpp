#include "diagnosticsblock.h"

#include "station/stationsession.h"

namespace cb {

void DiagnosticsBlock::attach(RpcEndpoint &rpc)
{
    if (rpc.version() == OcppVersion::V16)
        return;
    for (const char *action : {"NotifyEvent", "NotifyMonitoringReport", "NotifyCustomerInformation"}) {
        rpc.setHandler(QLatin1String(action), [this](const RpcCall &c, RpcResponder r) {
            session().mutableState().lastNotifications.insert(c.action, c.payload);
            session().touch();
            r.result({});
        });
    }
}

} // namespace cb
