#pragma once

#include "simulator/stationblock.h"

namespace cb::sim {

// Diagnostics (2.x N, 1.6 Firmware Management / security extension logs): reports its (idle)
// log upload status on trigger. GetLog / GetDiagnostics join here later.
class DiagnosticsBlock : public StationBlock
{
public:
    using StationBlock::StationBlock;

    QString name() const override { return QStringLiteral("Diagnostics"); }
    void attach(RpcEndpoint &rpc) override;
    std::optional<TriggerReply> trigger(const TriggerRequest &request) override;
};

} // namespace cb::sim
