#pragma once

#include "station/functionalblock.h"

namespace cb {

// Availability: StatusNotification, tracked per EVSE and connector.
class AvailabilityBlock : public FunctionalBlock
{
public:
    using FunctionalBlock::FunctionalBlock;
    QString name() const override { return QStringLiteral("Availability"); }
    void attach(RpcEndpoint &rpc) override;
};

} // namespace cb
