#include "snapshotrepository.h"

#include "database.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace cb {

namespace {

const QString kInfoColumns = QStringLiteral(
    "id, station_id, taken_us, source, ocpp_version, label, entry_count, complete, problem, unknown_keys");

dm::SnapshotInfo infoFromQuery(const QSqlQuery &q)
{
    dm::SnapshotInfo s;
    s.id = q.value(0).toLongLong();
    s.stationId = q.value(1).toString();
    s.takenAt = QDateTime::fromMSecsSinceEpoch(q.value(2).toLongLong() / 1000, Qt::UTC);
    s.source = q.value(3).toString();
    s.ocppVersion = q.value(4).toString();
    s.label = q.value(5).toString();
    s.entryCount = q.value(6).toLongLong();
    s.complete = q.value(7).toInt() != 0;
    s.problem = q.value(8).toString();
    if (!q.isNull(9))
        for (const QJsonValue &k : QJsonDocument::fromJson(q.value(9).toString().toUtf8()).array())
            s.unknownKeys.append(k.toString());
    return s;
}

} // namespace

Result<qint64> SnapshotRepository::insert(const dm::Snapshot &snapshot)
{
    const dm::SnapshotInfo &i = snapshot.info;
    const QDateTime taken = i.takenAt.isValid() ? i.takenAt : QDateTime::currentDateTimeUtc();
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO device_model_snapshots (station_id, taken_us, source, ocpp_version, label, entry_count, "
                             "complete, problem, unknown_keys, entries) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(i.stationId);
    q.addBindValue(taken.toMSecsSinceEpoch() * 1000);
    q.addBindValue(i.source.isEmpty() ? QStringLiteral("Manual") : i.source);
    q.addBindValue(i.ocppVersion);
    q.addBindValue(i.label.isNull() ? QStringLiteral("") : i.label); // a null QString would bind NULL
    q.addBindValue(qint64(snapshot.model.size()));
    q.addBindValue(i.complete ? 1 : 0);
    q.addBindValue(i.problem.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(i.problem));
    q.addBindValue(i.unknownKeys.isEmpty()
                       ? QVariant(QMetaType::fromType<QString>())
                       : QVariant(QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(i.unknownKeys)).toJson(QJsonDocument::Compact))));
    q.addBindValue(QString::fromUtf8(QJsonDocument(snapshot.model.toJson()).toJson(QJsonDocument::Compact)));
    if (!q.exec())
        return m_db.describe(q.lastError(), tr("Saving a device model snapshot of %1").arg(i.stationId));
    return q.lastInsertId().toLongLong();
}

Result<QList<dm::SnapshotInfo>> SnapshotRepository::list(const QString &stationId) const
{
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    if (stationId.isEmpty()) {
        q.prepare(QStringLiteral("SELECT ") + kInfoColumns + QStringLiteral(" FROM device_model_snapshots ORDER BY id DESC"));
    } else {
        q.prepare(QStringLiteral("SELECT ") + kInfoColumns
                  + QStringLiteral(" FROM device_model_snapshots WHERE station_id = ? ORDER BY id DESC"));
        q.addBindValue(stationId);
    }
    if (!q.exec())
        return m_db.describe(q.lastError(), tr("Listing device model snapshots"));
    QList<dm::SnapshotInfo> out;
    while (q.next())
        out.append(infoFromQuery(q));
    return out;
}

Result<dm::Snapshot> SnapshotRepository::get(qint64 id) const
{
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT ") + kInfoColumns + QStringLiteral(", entries FROM device_model_snapshots WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return m_db.describe(q.lastError(), tr("Reading device model snapshot %1").arg(id));
    if (!q.next())
        return Error{tr("There is no device model snapshot %1.").arg(id), tr("List the station's snapshots to see which exist.")};
    dm::Snapshot s;
    s.info = infoFromQuery(q);
    s.model = dm::DeviceModel::fromJson(QJsonDocument::fromJson(q.value(10).toString().toUtf8()).array());
    return s;
}

Status<> SnapshotRepository::remove(qint64 id)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("DELETE FROM device_model_snapshots WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return m_db.describe(q.lastError(), tr("Removing device model snapshot %1").arg(id));
    return success();
}

Status<> SnapshotRepository::setLabel(qint64 id, const QString &label)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("UPDATE device_model_snapshots SET label = ? WHERE id = ?"));
    q.addBindValue(label);
    q.addBindValue(id);
    if (!q.exec())
        return m_db.describe(q.lastError(), tr("Renaming device model snapshot %1").arg(id));
    return success();
}

} // namespace cb
