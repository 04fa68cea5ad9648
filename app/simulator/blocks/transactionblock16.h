#pragma once

#include "sessionblock.h"

#include <QHash>

namespace cb::sim {

// Transactions of OCPP 1.6 (Core): Authorize, StartTransaction once the cable is in and the
// token accepted, MeterValues every MeterValueSampleInterval, StopTransaction with reason and
// transaction data.
class TransactionBlock16 : public SessionBlock
{
    Q_OBJECT
public:
    using SessionBlock::SessionBlock;

    QString name() const override { return QStringLiteral("Transactions"); }
    void attach(RpcEndpoint &rpc) override;

protected:
    bool startsOnPlug() const override { return false; }
    bool startsOnAuthorization() const override { return false; }
    QString newTransactionId() const override { return {}; } // the central system issues it
    void sendStarted(Outlet &o, const QString &triggerReason) override;
    void sendUpdated(Outlet &o, const QString &triggerReason) override;
    void sendPeriodic(Outlet &o) override;
    void sendEnded(Outlet &o, EndCause cause, const QString &detail) override;
    void authorize(Outlet &o, const QString &idToken, std::function<void(bool accepted)> done) override;
    void sendMeterValues(const QList<Outlet *> &outlets, const QString &context, VirtualStation::Delivery delivery) override;

private:
    QHash<quint64, int> m_transactionIds; // session serial -> transactionId from StartTransaction.conf
};

} // namespace cb::sim
