#pragma once

#include "station/functionalblock.h"
#include "station/operations/operationtable.h"

namespace cb {

// Firmware and diagnostics status: FirmwareStatusNotification, DiagnosticsStatusNotification, SignedFirmwareStatusNotification, PublishFirmwareStatusNotification, LogStatusNotification.
class FirmwareBlock : public FunctionalBlock
{
public:
    using FunctionalBlock::FunctionalBlock;
    QString name() const override { return QStringLiteral("firmware"); }
    void attach(RpcEndpoint &rpc) override;

    // The block offers no operations yet; its CSMS-initiated ones belong here.
    static QList<OperationDefinition> operations() { return {}; }
};

} // namespace cb
