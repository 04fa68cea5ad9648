#include "capturequery.h"

#include "storage/capturerow.h"
#include "storage/database.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace cb {

Result<qint64> CaptureQuery::forEachPage(const CaptureSelection &sel,
                                         const std::function<bool(const QList<StoredCaptureRecord> &)> &sink) const
{
    // Keyset paging on the primary key: each page is "id > last", which stays fast however deep
    // the walk goes, and the station index or the ts index narrows the scan where given.
    QString sql = QStringLiteral("SELECT ") + capturerow::selectColumns() + QStringLiteral(" FROM frames WHERE id > ?");
    if (!sel.stationId.isEmpty())
        sql += QStringLiteral(" AND station_id = ?");
    if (sel.connectionId)
        sql += QStringLiteral(" AND connection_id = ?");
    if (sel.fromUs)
        sql += QStringLiteral(" AND ts_us >= ?");
    if (sel.toUs)
        sql += QStringLiteral(" AND ts_us <= ?");
    if (sel.toId)
        sql += QStringLiteral(" AND id <= ?");
    sql += QStringLiteral(" ORDER BY id LIMIT ?");

    qint64 after = sel.fromId ? *sel.fromId - 1 : 0;
    qint64 delivered = 0;
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return m_db.describe(q.lastError(), tr("Reading the capture"));
    for (;;) {
        q.addBindValue(after);
        if (!sel.stationId.isEmpty())
            q.addBindValue(sel.stationId);
        if (sel.connectionId)
            q.addBindValue(*sel.connectionId);
        if (sel.fromUs)
            q.addBindValue(*sel.fromUs);
        if (sel.toUs)
            q.addBindValue(*sel.toUs);
        if (sel.toId)
            q.addBindValue(*sel.toId);
        q.addBindValue(kPageSize);
        if (!q.exec())
            return m_db.describe(q.lastError(), tr("Reading the capture"));
        QList<StoredCaptureRecord> page;
        page.reserve(kPageSize);
        while (q.next())
            page.append(capturerow::read(q));
        if (q.lastError().isValid())
            return m_db.describe(q.lastError(), tr("Reading the capture"));
        q.finish();
        if (page.isEmpty())
            return delivered;
        delivered += page.size();
        after = page.constLast().id;
        if (!sink(page) || page.size() < kPageSize)
            return delivered;
    }
}

Result<QList<StoredCaptureRecord>> CaptureQuery::all(const CaptureSelection &selection) const
{
    QList<StoredCaptureRecord> out;
    auto r = forEachPage(selection, [&out](const QList<StoredCaptureRecord> &page) {
        out.append(page);
        return true;
    });
    if (!r)
        return r.error();
    return out;
}

} // namespace cb
