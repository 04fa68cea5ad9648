#pragma once

#include "station/functionalblock.h"
#include "station/operations/operationtable.h"

namespace cb {

// Authorization: Authorize (answered per the policy), and the operations clear-cache,
// send-local-list and get-local-list-version.
class AuthorizationBlock : public FunctionalBlock
{
public:
    using FunctionalBlock::FunctionalBlock;
    QString name() const override { return QStringLiteral("authorization"); }
    void attach(RpcEndpoint &rpc) override;
    void operationFinished(const OperationResult &result) override;

    static QList<OperationDefinition> operations();

    // The local list version the station last reported or accepted (empty: not known).
    std::optional<qint64> localListVersion() const { return m_localListVersion; }

private:
    std::optional<qint64> m_localListVersion;
};

} // namespace cb
