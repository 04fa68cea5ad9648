#pragma once

#include "simulator/stationblock.h"
#include "simulator/virtualstation.h"

#include <QObject>
#include <QTimer>

namespace cb::sim {

// Provisioning (2.x B, 1.6 Core): BootNotification first and again after Pending/Rejected at the
// interval the CSMS gave, Heartbeat at the heartbeat interval, Reset.
class ProvisioningBlock : public QObject, public StationBlock
{
    Q_OBJECT
public:
    explicit ProvisioningBlock(VirtualStation &station);

    QString name() const override { return QStringLiteral("Provisioning"); }
    void attach(RpcEndpoint &rpc) override;
    void onConnected() override;
    void onRegistered(bool reconnected) override;
    void onDisconnected() override;
    void onStopping() override;
    void onSettingChanged(const QString &name) override;
    std::optional<TriggerReply> trigger(const TriggerRequest &request) override;

private:
    void sendBoot(const QString &reason);
    void sendHeartbeat(VirtualStation::Delivery delivery);
    void restartHeartbeat();

    QTimer m_heartbeat;
    QTimer m_bootRetry;
};

} // namespace cb::sim
