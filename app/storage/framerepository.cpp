#include "framerepository.h"

#include "capturerow.h"
#include "database.h"
#include "framepostings.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace cb {

Result<QList<StoredCaptureRecord>> FrameRepository::frames(const FrameFilter &filter) const
{
    const QString reading = tr("Reading captured frames");
    const int limit = qBound(1, filter.limit, FrameFilter::kMaxLimit);
    QList<StoredCaptureRecord> rows;
    auto collect = [&](const QString &sql, const QVariantList &binds) -> Result<int> {
        QSqlQuery q(m_db.connection());
        q.setForwardOnly(true);
        q.prepare(sql);
        for (const QVariant &b : binds)
            q.addBindValue(b);
        if (!q.exec())
            return m_db.describe(q.lastError(), reading);
        int n = 0;
        for (; q.next(); ++n)
            rows << capturerow::read(q);
        if (q.lastError().isValid())
            return m_db.describe(q.lastError(), reading);
        return n;
    };
    const QString select = QStringLiteral("SELECT ") + capturerow::selectColumns() + QStringLiteral(" FROM frames WHERE ");
    if (filter.stationId.isEmpty()) {
        if (auto ok = collect(select + QStringLiteral("id > ? ORDER BY id LIMIT ?"), {qMax<qint64>(0, filter.afterId), limit}); !ok)
            return ok.error();
        return rows;
    }
    // One station: its postings name the frames (see framepostings.h).
    auto take = [&](const QString &idCondition, int wanted) {
        return collect(select + idCondition + QStringLiteral(" AND station_id = ? ORDER BY id LIMIT ?"),
                       {filter.stationId, wanted});
    };
    if (auto ok = framepostings::walk(m_db, framepostings::Field::Station, filter.stationId, qMax<qint64>(0, filter.afterId), 0,
                                      limit, take);
        !ok)
        return ok.error();
    return rows;
}

Result<qint64> FrameRepository::count(const QString &stationId) const
{
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    if (stationId.isEmpty()) {
        q.prepare(QStringLiteral("SELECT count(*) FROM frames"));
    } else {
        // A scan (there is no station index, see framepostings.h); tools and tests count, views do not.
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
    const qint64 deleted = q.numRowsAffected();
    if (auto ok = framepostings::rebuild(m_db); !ok)
        return ok.error();
    return deleted;
}

} // namespace cb
