#pragma once

#include "station/functionalblock.h"

namespace cb {

// Firmware and diagnostics status: FirmwareStatusNotification, DiagnosticsStatusNotification, SignedFirmwareStatusNotification, PublishFirmwareStatusNotification, LogStatusNotification.
class FirmwareBlock : public FunctionalBlock
{
public:
    using FunctionalBlock::FunctionalBlock;
    QString name() const override { return QStringLiteral("Firmware"); }
    void attach(RpcEndpoint &rpc) override;
};

} // namespace cb
