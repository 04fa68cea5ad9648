#pragma once

#include "simulator/stationblock.h"

namespace cb::sim {

// Configuration of OCPP 1.6 (Core): GetConfiguration and ChangeConfiguration over the standard
// keys, and the security extension's SecurityProfile rules (only raised, with prerequisites).
class ConfigurationBlock : public StationBlock
{
public:
    using StationBlock::StationBlock;

    QString name() const override { return QStringLiteral("Configuration"); }
    void attach(RpcEndpoint &rpc) override;
};

} // namespace cb::sim
