#include "metervaluebuilder.h"

#include "outlet.h"

#include <QJsonArray>

namespace cb::sim {

namespace {

const char *const kPhases[] = {"L1", "L2", "L3"};
const char *const kPhasesToNeutral[] = {"L1-N", "L2-N", "L3-N"};

} // namespace

QStringList MeterValueBuilder::supportedMeasurands()
{
    return {QStringLiteral("Energy.Active.Import.Register"), QStringLiteral("Power.Active.Import"), QStringLiteral("Current.Import"),
            QStringLiteral("Voltage"),        QStringLiteral("Current.Offered"),     QStringLiteral("Power.Offered"),
            QStringLiteral("SoC"),            QStringLiteral("Frequency")};
}

QJsonObject MeterValueBuilder::build(OcppVersion version, const Outlet &outlet, const QStringList &measurands,
                                     const QString &context, const QDateTime &timestamp)
{
    const bool v16 = version == OcppVersion::V16;
    QJsonArray values;
    auto add = [&](const QString &measurand, double value, const QString &unit, const char *phase) {
        QJsonObject s;
        if (v16) {
            s.insert(QStringLiteral("value"), QString::number(value, 'f', measurand.startsWith(QLatin1String("Energy")) ? 0 : 2));
            if (!unit.isEmpty())
                s.insert(QStringLiteral("unit"), unit);
        } else {
            s.insert(QStringLiteral("value"), value);
            if (!unit.isEmpty())
                s.insert(QStringLiteral("unitOfMeasure"), QJsonObject{{QStringLiteral("unit"), unit}});
        }
        s.insert(QStringLiteral("context"), context);
        s.insert(QStringLiteral("measurand"), measurand);
        if (phase)
            s.insert(QStringLiteral("phase"), QLatin1String(phase));
        s.insert(QStringLiteral("location"), QStringLiteral("Outlet"));
        values.append(s);
    };
    const EnergyMeter &m = outlet.meter;
    const double offeredA = outlet.charging ? std::max(m.draw(), 6.0) : 0;
    for (const QString &raw : measurands) {
        const QString measurand = raw.trimmed();
        if (measurand == QLatin1String("Energy.Active.Import.Register")) {
            add(measurand, std::round(m.energyWh()), QStringLiteral("Wh"), nullptr);
        } else if (measurand == QLatin1String("Power.Active.Import")) {
            add(measurand, m.powerW(), QStringLiteral("W"), nullptr);
        } else if (measurand == QLatin1String("Current.Import")) {
            for (int p = 0; p < m.phases(); ++p)
                add(measurand, m.current(p), QStringLiteral("A"), kPhases[p]);
        } else if (measurand == QLatin1String("Voltage")) {
            for (int p = 0; p < m.phases(); ++p)
                add(measurand, m.voltage(p), QStringLiteral("V"), kPhasesToNeutral[p]);
        } else if (measurand == QLatin1String("Current.Offered")) {
            add(measurand, offeredA, QStringLiteral("A"), nullptr);
        } else if (measurand == QLatin1String("Power.Offered")) {
            add(measurand, std::round(offeredA * m.averageVoltage() * m.phases()), QStringLiteral("W"), nullptr);
        } else if (measurand == QLatin1String("SoC")) {
            add(measurand, outlet.soc(), QStringLiteral("Percent"), nullptr);
        } else if (measurand == QLatin1String("Frequency")) {
            // 1.6 has no unit for hertz; the measurand implies it.
            add(measurand, m.frequency(), v16 ? QString() : QStringLiteral("Hz"), nullptr);
        }
    }
    if (values.isEmpty()) // a MeterValue needs at least one sample
        add(QStringLiteral("Energy.Active.Import.Register"), std::round(m.energyWh()), QStringLiteral("Wh"), nullptr);
    return QJsonObject{{QStringLiteral("timestamp"), timestamp.toString(Qt::ISODateWithMs)}, {QStringLiteral("sampledValue"), values}};
}

} // namespace cb::sim
