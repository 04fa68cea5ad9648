#pragma once

#include "station/functionalblock.h"
#include "station/operations/operationtable.h"

namespace cb {

// Security: SecurityEventNotification, SignCertificate, and the 2.x ISO 15118 certificate requests. Until a CA is configured, certificate requests are refused rather than promised.
class SecurityBlock : public FunctionalBlock
{
public:
    using FunctionalBlock::FunctionalBlock;
    QString name() const override { return QStringLiteral("security"); }
    void attach(RpcEndpoint &rpc) override;

    // The block offers no operations yet; its CSMS-initiated ones belong here.
    static QList<OperationDefinition> operations() { return {}; }
};

} // namespace cb
