#include "firmwareblock.h"

#include "simulator/virtualstation.h"

namespace cb::sim {

void FirmwareBlock::attach(RpcEndpoint &rpc) { Q_UNUSED(rpc) }

std::optional<TriggerReply> FirmwareBlock::trigger(const TriggerRequest &request)
{
    if (request.message == QLatin1String("FirmwareStatusNotification"))
        return TriggerReply{QStringLiteral("Accepted"), {}, [this] {
                                station().call(QStringLiteral("FirmwareStatusNotification"), QJsonObject{{QStringLiteral("status"), m_status}},
                                               {}, VirtualStation::Delivery::Triggered);
                            }};
    if (request.message == QLatin1String("PublishFirmwareStatusNotification"))
        return TriggerReply{QStringLiteral("Accepted"), {}, [this] {
                                station().call(QStringLiteral("PublishFirmwareStatusNotification"),
                                               QJsonObject{{QStringLiteral("status"), QStringLiteral("Idle")}}, {},
                                               VirtualStation::Delivery::Triggered);
                            }};
    return std::nullopt;
}

} // namespace cb::sim
