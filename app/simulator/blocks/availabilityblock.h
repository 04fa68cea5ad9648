#pragma once

#include "simulator/stationblock.h"

namespace cb::sim {

class Outlet;

// Availability (2.x G, 1.6 Core): StatusNotification for every connector when the station is
// accepted and whenever a connector's status changes; ChangeAvailability.
class AvailabilityBlock : public StationBlock
{
public:
    using StationBlock::StationBlock;

    QString name() const override { return QStringLiteral("Availability"); }
    void attach(RpcEndpoint &rpc) override;
    void onRegistered(bool reconnected) override;
    std::optional<TriggerReply> trigger(const TriggerRequest &request) override;

    // Sends the outlet's status when it changed since the last StatusNotification.
    void publish(Outlet &outlet, bool force = false);

private:
    void sendStatus(Outlet &outlet, const QString &status, bool triggered);
    void publishStation16(bool triggered);
    void applyAvailability(const QList<Outlet *> &targets, bool operative, bool *scheduled);
};

} // namespace cb::sim
