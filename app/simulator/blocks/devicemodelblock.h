#pragma once

#include "simulator/stationblock.h"

#include <QJsonObject>
#include <QList>

namespace cb::sim {

// Device model access of OCPP 2.0.1 / 2.1 (B): GetVariables, SetVariables (mutability, types,
// limits, RebootRequired), GetBaseReport and GetReport answered by NotifyReport in pages of
// DeviceDataCtrlr.ItemsPerMessage[GetReport] with seqNo and tbc.
class DeviceModelBlock : public StationBlock
{
public:
    using StationBlock::StationBlock;

    QString name() const override { return QStringLiteral("DeviceModel"); }
    void attach(RpcEndpoint &rpc) override;

private:
    void sendReport(int requestId, const QList<QJsonObject> &entries);
    int limit(const QString &instance, int fallback) const;
};

} // namespace cb::sim
