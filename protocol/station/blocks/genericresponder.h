#pragma once

#include "station/functionalblock.h"

namespace cb {

// Every station-initiated action of the version that no other block handles gets a schema-valid answer built from the official response schema (preferring Accepted), so no CALL is ever left unanswered or refused.
class GenericResponder : public FunctionalBlock
{
public:
    using FunctionalBlock::FunctionalBlock;
    QString name() const override { return QStringLiteral("generic"); }
    void attach(RpcEndpoint &rpc) override;
};

} // namespace cb
