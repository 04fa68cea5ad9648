#pragma once

#include "station/functionalblock.h"

namespace cb {

// Security: SecurityEventNotification, SignCertificate, and the 2.x ISO 15118 certificate requests. Until a CA is configured, certificate requests are refused rather than promised.
class SecurityBlock : public FunctionalBlock
{
public:
    using FunctionalBlock::FunctionalBlock;
    QString name() const override { return QStringLiteral("Security"); }
    void attach(RpcEndpoint &rpc) override;
};

} // namespace cb
