#include "meterrules.h"

#include "findingsink.h"
#include "station/meterparsing.h"

#include <QJsonArray>

namespace cb {

void MeterRules::call(LintFrame &f)
{
    if (!f.fromStation || f.record.action != QLatin1String("MeterValues"))
        return;
    const QJsonObject o = f.payload();
    OcppVersion version = f.version;
    QString meterKey;
    if (o.contains(QLatin1String("evseId"))) {
        version = version == OcppVersion::V16 ? OcppVersion::V201 : version;
        meterKey = QStringLiteral("evse:") + QString::number(o.value(QLatin1String("evseId")).toInt());
    } else if (o.contains(QLatin1String("transactionId"))) {
        meterKey = QStringLiteral("tx:") + QString::number(o.value(QLatin1String("transactionId")).toInteger());
    } else {
        meterKey = QStringLiteral("connector:") + QString::number(o.value(QLatin1String("connectorId")).toInt());
    }
    for (const MeterSample &m : parseMeterValues(version, o.value(QLatin1String("meterValue")).toArray(), 0, 0, {}))
        sample(f.connection, f.station, meterKey, m, f.id, f.record.timestampUs);
}

void MeterRules::sample(const TrackedConnection &c, TrackedStation &s, const QString &meterKey, const MeterSample &m,
                        qint64 id, qint64 ts)
{
    if (m.measurand != QLatin1String("Energy.Active.Import.Register") || !m.phase.isEmpty())
        return;
    const double scale = m.unit.compare(QLatin1String("kWh"), Qt::CaseInsensitive) == 0 ? 1000.0 : 1.0;
    reading(c, s, meterKey, m.value * scale, id, ts);
}

void MeterRules::reading(const TrackedConnection &c, TrackedStation &s, const QString &meterKey, double wh, qint64 id,
                         qint64 ts)
{
    auto it = s.meters.find(meterKey);
    if (it != s.meters.end() && wh < it->wh - 1e-6) {
        m_sink.add(LintRule::MeterBackwards, LintSeverity::Error, c, ts, {id, it->frameId},
                   tr("Energy.Active.Import.Register went backwards from %1 Wh (frame %2) to %3 Wh (%4). A register "
                      "only grows: OCPP (1.6 §7.31, 2.x Measurand) defines it as the total imported energy.")
                       .arg(it->wh, 0, 'f', 0)
                       .arg(it->frameId)
                       .arg(wh, 0, 'f', 0)
                       .arg(meterKey));
    }
    s.meters.insert(meterKey, MeterReading{wh, id});
}

} // namespace cb
