#include "devicemodel/snapshot.h"

#include <QJsonArray>

namespace cb::dm {

QJsonObject SnapshotInfo::toJson() const
{
    QJsonObject o{{QStringLiteral("id"), id},
                  {QStringLiteral("stationId"), stationId},
                  {QStringLiteral("takenAt"), takenAt.toUTC().toString(Qt::ISODateWithMs)},
                  {QStringLiteral("source"), source},
                  {QStringLiteral("ocppVersion"), ocppVersion},
                  {QStringLiteral("label"), label},
                  {QStringLiteral("entryCount"), qint64(entryCount)},
                  {QStringLiteral("complete"), complete}};
    if (!problem.isEmpty())
        o.insert(QStringLiteral("problem"), problem);
    if (!unknownKeys.isEmpty())
        o.insert(QStringLiteral("unknownKeys"), QJsonArray::fromStringList(unknownKeys));
    return o;
}

SnapshotInfo SnapshotInfo::fromJson(const QJsonObject &o)
{
    SnapshotInfo s;
    s.id = o.value(QLatin1String("id")).toInteger();
    s.stationId = o.value(QLatin1String("stationId")).toString();
    s.takenAt = QDateTime::fromString(o.value(QLatin1String("takenAt")).toString(), Qt::ISODateWithMs).toUTC();
    s.source = o.value(QLatin1String("source")).toString();
    s.ocppVersion = o.value(QLatin1String("ocppVersion")).toString();
    s.label = o.value(QLatin1String("label")).toString();
    s.entryCount = o.value(QLatin1String("entryCount")).toInteger();
    s.complete = o.value(QLatin1String("complete")).toBool(true);
    s.problem = o.value(QLatin1String("problem")).toString();
    for (const QJsonValue &k : o.value(QLatin1String("unknownKeys")).toArray())
        s.unknownKeys.append(k.toString());
    return s;
}

QJsonObject Snapshot::toJson() const
{
    return QJsonObject{{QStringLiteral("snapshot"), info.toJson()}, {QStringLiteral("reportData"), model.toJson()}};
}

Snapshot Snapshot::fromJson(const QJsonObject &o)
{
    Snapshot s;
    s.info = SnapshotInfo::fromJson(o.value(QLatin1String("snapshot")).toObject());
    s.model = DeviceModel::fromJson(o.value(QLatin1String("reportData")).toArray());
    s.info.entryCount = s.model.size();
    return s;
}

} // namespace cb::dm
