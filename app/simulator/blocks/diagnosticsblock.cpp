#include "diagnosticsblock.h"

#include "simulator/virtualstation.h"

namespace cb::sim {

void DiagnosticsBlock::attach(RpcEndpoint &rpc) { Q_UNUSED(rpc) }

std::optional<TriggerReply> DiagnosticsBlock::trigger(const TriggerRequest &request)
{
    const QString &m = request.message;
    if (m != QLatin1String("LogStatusNotification") && m != QLatin1String("DiagnosticsStatusNotification"))
        return std::nullopt;
    return TriggerReply{QStringLiteral("Accepted"), {}, [this, m] {
                            station().call(m, QJsonObject{{QStringLiteral("status"), QStringLiteral("Idle")}}, {},
                                           VirtualStation::Delivery::Triggered);
                        }};
}

} // namespace cb::sim
