#pragma once

#include "station/functionalblock.h"

namespace cb {

// DataTransfer from the station: recorded and answered UnknownVendorId, since no vendor extension is known here.
class DataTransferBlock : public FunctionalBlock
{
public:
    using FunctionalBlock::FunctionalBlock;
    QString name() const override { return QStringLiteral("DataTransfer"); }
    void attach(RpcEndpoint &rpc) override;
};

} // namespace cb
