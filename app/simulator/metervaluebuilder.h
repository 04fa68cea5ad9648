#pragma once

#include "rpc/ocppversion.h"

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

namespace cb::sim {

class Outlet;

// Builds MeterValueType objects from an outlet's meter for the measurands a station is
// configured to sample (SampledDataCtrlr / MeterValuesSampledData), in the shape of the version:
// 2.x numbers with unitOfMeasure, 1.6 strings with unit.
class MeterValueBuilder
{
public:
    // Measurands the simulated meter can measure.
    static QStringList supportedMeasurands();

    static QJsonObject build(OcppVersion version, const Outlet &outlet, const QStringList &measurands, const QString &context,
                             const QDateTime &timestamp = QDateTime::currentDateTimeUtc());
};

} // namespace cb::sim
