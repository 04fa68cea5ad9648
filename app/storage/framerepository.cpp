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
    const QString doing = tr("Deleting old captured frames");
    QSqlDatabase c = m_db.connection();
    QSqlQuery q(c);
    // One transaction: readers never see frames gone but their postings or index entries still there.
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return m_db.describe(q.lastError(), doing);
    auto fail = [&](const Error &e) -> Result<qint64> {
        QSqlQuery(c).exec(QStringLiteral("ROLLBACK"));
        return e;
    };
    // The full-text index keeps its own copy of the words (external content): the words of the rows
    // it holds must be taken out with the very text they were added with, before the rows go.
    if (!q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name IN ('frames_fts', 'frames_fts_progress')")) || !q.next())
        return fail(m_db.describe(q.lastError(), doing));
    const bool indexed = q.value(0).toInt() == 2;
    q.finish();
    if (indexed) {
        q.prepare(QStringLiteral("INSERT INTO frames_fts (frames_fts, rowid, payload) SELECT 'delete', id, payload FROM frames "
                                 "WHERE ts_us < ? AND payload IS NOT NULL "
                                 "AND id <= (SELECT coalesce(max(last_id), 0) FROM frames_fts_progress)"));
        q.addBindValue(tsUs);
        if (!q.exec())
            return fail(m_db.describe(q.lastError(), doing));
    }
    q.prepare(QStringLiteral("DELETE FROM frames WHERE ts_us < ?"));
    q.addBindValue(tsUs);
    if (!q.exec())
        return fail(m_db.describe(q.lastError(), doing));
    const qint64 deleted = q.numRowsAffected();
    if (deleted > 0) {
        if (auto ok = framepostings::rebuild(m_db); !ok)
            return fail(ok.error());
    }
    if (!q.exec(QStringLiteral("COMMIT")))
        return fail(m_db.describe(q.lastError(), doing));
    return deleted;
}

} // namespace cb
