#pragma once

#include "station/functionalblock.h"

namespace cb {

// Provisioning: BootNotification (answered per the policy's boot status and heartbeat interval), Heartbeat, and the device-model report frames of 2.x (NotifyReport).
class ProvisioningBlock : public FunctionalBlock
{
public:
    using FunctionalBlock::FunctionalBlock;
    QString name() const override { return QStringLiteral("Provisioning"); }
    void attach(RpcEndpoint &rpc) override;
};

} // namespace cb
