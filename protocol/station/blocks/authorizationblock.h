#pragma once

#include "station/functionalblock.h"

namespace cb {

// Authorization: Authorize, answered by the policy (accept all, allow-list, reject all).
class AuthorizationBlock : public FunctionalBlock
{
public:
    using FunctionalBlock::FunctionalBlock;
    QString name() const override { return QStringLiteral("Authorization"); }
    void attach(RpcEndpoint &rpc) override;
};

} // namespace cb
