#pragma once

#include "station/functionalblock.h"
#include "station/operations/operationtable.h"

namespace cb {

// Provisioning: BootNotification (answered per the policy's boot status and heartbeat interval),
// Heartbeat, the device-model report frames of 2.x (NotifyReport), and the operations reset,
// get-variables, set-variables, get-report and set-network-profile (provisioningoperations.cpp).
class ProvisioningBlock : public FunctionalBlock
{
public:
    using FunctionalBlock::FunctionalBlock;
    QString name() const override { return QStringLiteral("provisioning"); }
    void attach(RpcEndpoint &rpc) override;
    void operationFinished(const OperationResult &result) override;

    static QList<OperationDefinition> operations();

    // When the station last accepted a reset (invalid: never), so a boot after it reads as expected.
    QDateTime resetAcceptedAt() const { return m_resetAcceptedAt; }

private:
    QDateTime m_resetAcceptedAt;
};

} // namespace cb
