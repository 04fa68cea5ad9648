#pragma once

#include "station/functionalblock.h"
#include "station/operations/operationtable.h"

namespace cb {

// Diagnostics and monitoring (2.x): NotifyEvent, NotifyMonitoringReport, NotifyCustomerInformation, recorded.
class DiagnosticsBlock : public FunctionalBlock
{
public:
    using FunctionalBlock::FunctionalBlock;
    QString name() const override { return QStringLiteral("diagnostics"); }
    void attach(RpcEndpoint &rpc) override;

    // The block offers no operations yet; its CSMS-initiated ones belong here.
    static QList<OperationDefinition> operations() { return {}; }
};

} // namespace cb
