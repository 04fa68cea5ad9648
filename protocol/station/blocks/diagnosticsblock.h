#pragma once

#include "station/functionalblock.h"

namespace cb {

// Diagnostics and monitoring (2.x): NotifyEvent, NotifyMonitoringReport, NotifyCustomerInformation, recorded.
class DiagnosticsBlock : public FunctionalBlock
{
public:
    using FunctionalBlock::FunctionalBlock;
    QString name() const override { return QStringLiteral("Diagnostics"); }
    void attach(RpcEndpoint &rpc) override;
};

} // namespace cb
