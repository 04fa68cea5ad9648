#pragma once

#include "sessionblock.h"

#include <QJsonObject>

namespace cb::sim {

// Transactions of OCPP 2.0.1 and 2.1 (E, J): TransactionEvent Started / Updated / Ended with
// seqNo, triggerReason, chargingState and meter values, started and stopped where TxStartPoint
// and TxStopPoint say; Authorize; MeterValues on trigger.
class TransactionBlock : public SessionBlock
{
    Q_OBJECT
public:
    using SessionBlock::SessionBlock;

    QString name() const override { return QStringLiteral("Transactions"); }
    void attach(RpcEndpoint &rpc) override;
    std::optional<TriggerReply> trigger(const TriggerRequest &request) override;

protected:
    bool startsOnPlug() const override;
    bool startsOnAuthorization() const override;
    QString newTransactionId() const override;
    void sendStarted(Outlet &o, const QString &triggerReason) override;
    void sendUpdated(Outlet &o, const QString &triggerReason) override;
    void sendPeriodic(Outlet &o) override;
    void sendEnded(Outlet &o, EndCause cause, const QString &detail) override;
    void authorize(Outlet &o, const QString &idToken, std::function<void(bool accepted)> done) override;
    void sendMeterValues(const QList<Outlet *> &outlets, const QString &context, VirtualStation::Delivery delivery) override;

private:
    QJsonObject event(Outlet &o, const QString &type, const QString &triggerReason, const QStringList &measurands,
                      const QString &context, bool withToken);
    void send(Outlet &o, const QJsonObject &payload);
    QStringList startPoints() const;
};

} // namespace cb::sim
