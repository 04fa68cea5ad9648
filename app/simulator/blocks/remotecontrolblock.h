#pragma once

#include "simulator/stationblock.h"

#include <memory>
#include <vector>

namespace cb::sim {

// Remote control (2.x F, 1.6 Core and Remote Trigger): RequestStart/StopTransaction or
// RemoteStart/StopTransaction, UnlockConnector, TriggerMessage and 1.6 ExtendedTriggerMessage.
// A trigger goes to the block that owns the requested message; none: NotImplemented.
class RemoteControlBlock : public StationBlock
{
public:
    RemoteControlBlock(VirtualStation &station, const std::vector<std::unique_ptr<StationBlock>> &blocks)
        : StationBlock(station), m_blocks(blocks)
    {
    }

    QString name() const override { return QStringLiteral("RemoteControl"); }
    void attach(RpcEndpoint &rpc) override;

private:
    TriggerReply route(const TriggerRequest &request);
    void attach16(RpcEndpoint &rpc);
    void attach2x(RpcEndpoint &rpc);

    const std::vector<std::unique_ptr<StationBlock>> &m_blocks;
};

} // namespace cb::sim
