#include "framerepository.h"

#include "capturerow.h"
#include "database.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace cb {

Result<QList<StoredCaptureRecord>> FrameRepository::frames(const FrameFilter &filter) const
{
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    const bool byStation = !filter.stationId.isEmpty();
    // Both shapes walk an index in id order: the primary key, or (station_id, id).
    q.prepare(QStringLiteral("SELECT ") + capturerow::selectColumns() + QStringLiteral(" FROM frames WHERE id > ?") +
              (byStation ? QStringLiteral(" AND station_id = ?") : QString()) + QStringLiteral(" ORDER BY id LIMIT ?"));
    q.addBindValue(qMax<qint64>(0, filter.afterId));
    if (byStation)
        q.addBindValue(filter.stationId);
    q.addBindValue(qBound(1, filter.limit, FrameFilter::kMaxLimit));
    if (!q.exec())
        return m_db.describe(q.lastError(), tr("Reading captured frames"));
    QList<StoredCaptureRecord> rows;
    while (q.next())
        rows << capturerow::read(q);
    if (q.lastError().isValid())
        return m_db.describe(q.lastError(), tr("Reading captured frames"));
    return rows;
}

Result<qint64> FrameRepository::count(const QString &stationId) const
{
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    if (stationId.isEmpty()) {
        q.prepare(QStringLiteral("SELECT count(*) FROM frames"));
    } else {
        q.prepare(QStringLiteral("SELECT count(*) FROM frames WHERE station_id = ?"));
        q.addBindValue(stationId);
    }
    if (!q.exec() || !q.next())
        return m_db.describe(q.lastError(), tr("Counting captured frames"));
    return q.value(0).toLongLong();
}

Result<qint64> FrameRepository::lastId() const
{
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT coalesce(max(id), 0) FROM frames")) || !q.next())
        return m_db.describe(q.lastError(), tr("Reading captured frames"));
    return q.value(0).toLongLong();
}

Result<std::optional<StoredCaptureRecord>> FrameRepository::frame(qint64 id) const
{
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT ") + capturerow::selectColumns() + QStringLiteral(" FROM frames WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return m_db.describe(q.lastError(), tr("Reading a captured frame"));
    if (!q.next()) {
        if (q.lastError().isValid())
            return m_db.describe(q.lastError(), tr("Reading a captured frame"));
        return std::optional<StoredCaptureRecord>{};
    }
    return std::optional<StoredCaptureRecord>{capturerow::read(q)};
}

Result<qint64> FrameRepository::deleteFramesOlderThan(qint64 tsUs)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("DELETE FROM frames WHERE ts_us < ?"));
    q.addBindValue(tsUs);
    if (!q.exec())
        return m_db.describe(q.lastError(), tr("Deleting old captured frames"));
    return qint64(q.numRowsAffected());
}

} // namespace cb
