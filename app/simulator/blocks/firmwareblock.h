#pragma once

#include "simulator/stationblock.h"

namespace cb::sim {

// Firmware management (2.x L, 1.6 Firmware Management): reports its (idle) firmware and
// publish status on trigger. UpdateFirmware / PublishFirmware join here later.
class FirmwareBlock : public StationBlock
{
public:
    using StationBlock::StationBlock;

    QString name() const override { return QStringLiteral("Firmware"); }
    void attach(RpcEndpoint &rpc) override;
    std::optional<TriggerReply> trigger(const TriggerRequest &request) override;

private:
    QString m_status = QStringLiteral("Idle");
};

} // namespace cb::sim
