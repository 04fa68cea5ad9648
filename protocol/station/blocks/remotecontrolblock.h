#pragma once

#include "station/functionalblock.h"
#include "station/operations/operationtable.h"

namespace cb {

// Remote control: the operations start, stop and trigger (1.6 RemoteStart/RemoteStop/
// TriggerMessage and ExtendedTriggerMessage, 2.x RequestStart/RequestStop/TriggerMessage). The
// station answers these with messages other blocks handle (TransactionEvent, StatusNotification).
class RemoteControlBlock : public FunctionalBlock
{
public:
    using FunctionalBlock::FunctionalBlock;
    QString name() const override { return QStringLiteral("remote-control"); }
    void attach(RpcEndpoint &) override {}
    void operationFinished(const OperationResult &result) override;

    static QList<OperationDefinition> operations();

    // The remoteStartId of the last accepted 2.x start: its TransactionEvent carries it back.
    std::optional<qint64> lastRemoteStartId() const { return m_lastRemoteStartId; }

private:
    std::optional<qint64> m_lastRemoteStartId;
};

} // namespace cb
