#include "meterparsing.h"

#include "schema/datetime.h"

#include <QJsonObject>

#include <cmath>

namespace cb {

QList<MeterSample> parseMeterValues(OcppVersion version, const QJsonArray &meterValue, int evseId, int connectorId,
                                    const QString &transactionId)
{
    QList<MeterSample> out;
    for (const QJsonValue &mv : meterValue) {
        const QJsonObject m = mv.toObject();
        const QString text = m.value(QLatin1String("timestamp")).toString();
        const auto ms = rfc3339ToMSecsSinceEpoch(text);
        const QDateTime ts = ms ? QDateTime::fromMSecsSinceEpoch(*ms, Qt::UTC) : QDateTime::fromString(text, Qt::ISODateWithMs);
        for (const QJsonValue &svv : m.value(QLatin1String("sampledValue")).toArray()) {
            const QJsonObject sv = svv.toObject();
            MeterSample s;
            s.timestamp = ts;
            s.evseId = evseId;
            s.connectorId = connectorId;
            s.transactionId = transactionId;
            s.measurand = sv.value(QLatin1String("measurand")).toString(QStringLiteral("Energy.Active.Import.Register"));
            s.phase = sv.value(QLatin1String("phase")).toString();
            s.context = sv.value(QLatin1String("context")).toString(QStringLiteral("Sample.Periodic"));
            if (version == OcppVersion::V16) {
                // 1.6 "SignedData" values are not numbers; they are kept out of the numeric samples.
                if (sv.value(QLatin1String("format")).toString() == QLatin1String("SignedData"))
                    continue;
                bool ok = false;
                s.value = sv.value(QLatin1String("value")).toString().toDouble(&ok);
                if (!ok)
                    continue;
                s.unit = sv.value(QLatin1String("unit")).toString(QStringLiteral("Wh"));
            } else {
                const QJsonObject uom = sv.value(QLatin1String("unitOfMeasure")).toObject();
                const int multiplier = uom.value(QLatin1String("multiplier")).toInt(0);
                s.value = sv.value(QLatin1String("value")).toDouble() * std::pow(10.0, multiplier);
                s.unit = uom.value(QLatin1String("unit")).toString(QStringLiteral("Wh"));
            }
            out.append(s);
        }
    }
    return out;
}

} // namespace cb
