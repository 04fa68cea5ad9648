#pragma once

#include "station/functionalblock.h"
#include "station/operations/operationtable.h"

namespace cb {

// DataTransfer in both directions: the station's (answered UnknownVendorId: ChargeBench knows no
// vendor extensions) and the operation data-transfer.
class DataTransferBlock : public FunctionalBlock
{
public:
    using FunctionalBlock::FunctionalBlock;
    QString name() const override { return QStringLiteral("data-transfer"); }
    void attach(RpcEndpoint &rpc) override;

    static QList<OperationDefinition> operations();
};

} // namespace cb
