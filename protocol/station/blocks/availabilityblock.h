#pragma once

#include "station/functionalblock.h"
#include "station/operations/operationtable.h"

namespace cb {

// Availability: StatusNotification (the connector tiles), and the operations change-availability
// and unlock.
class AvailabilityBlock : public FunctionalBlock
{
public:
    using FunctionalBlock::FunctionalBlock;
    QString name() const override { return QStringLiteral("availability"); }
    void attach(RpcEndpoint &rpc) override;

    static QList<OperationDefinition> operations();
};

} // namespace cb
