#pragma once

#include "station/functionalblock.h"

namespace cb {

// Meter values: MeterValues, normalised into MeterSample and kept per connector.
class MeterValuesBlock : public FunctionalBlock
{
public:
    using FunctionalBlock::FunctionalBlock;
    QString name() const override { return QStringLiteral("meter-values"); }
    void attach(RpcEndpoint &rpc) override;
};

} // namespace cb
