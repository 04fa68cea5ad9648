#pragma once

#include "station/functionalblock.h"

namespace cb {

// Transactions: 1.6 StartTransaction/StopTransaction (transaction ids issued here) and 2.x TransactionEvent, with their meter values.
class TransactionsBlock : public FunctionalBlock
{
public:
    using FunctionalBlock::FunctionalBlock;
    QString name() const override { return QStringLiteral("transactions"); }
    void attach(RpcEndpoint &rpc) override;
};

} // namespace cb
