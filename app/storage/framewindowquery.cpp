#include "framewindowquery.h"

#include "capturerow.h"
#include "database.h"
#include "framepostings.h"
#include "framesearchindex.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <limits>
#include <optional>

namespace cb {

namespace {

QString idList(const QList<qint64> &ids)
{
    QString out;
    out.reserve(ids.size() * 8);
    for (qint64 id : ids) {
        if (!out.isEmpty())
            out += QLatin1Char(',');
        out += QString::number(id);
    }
    return out;
}

// The key a CALL and its reply share: same connection, same message id.
struct PairKey
{
    qint64 connectionId;
    QString messageId;
    friend bool operator==(const PairKey &, const PairKey &) = default;
};
size_t qHash(const PairKey &k, size_t seed = 0) { return qHashMulti(seed, k.connectionId, k.messageId); }

struct Candidate
{
    qint64 id;
    qint64 ts;
    bool outgoing;
    bool call;
};

} // namespace

Status<> FrameWindowQuery::setLintFrames(const QList<qint64> &ids)
{
    const QString doing = tr("Remembering the frames lint found");
    QSqlDatabase c = m_db.connection();
    QSqlQuery q(c);
    if (!q.exec(QStringLiteral("CREATE TEMP TABLE IF NOT EXISTS lint_frames (id INTEGER PRIMARY KEY)")) ||
        !q.exec(QStringLiteral("DELETE FROM temp.lint_frames")))
        return m_db.describe(q.lastError(), doing);
    if (!c.transaction())
        return m_db.describe(c.lastError(), doing);
    q.prepare(QStringLiteral("INSERT OR IGNORE INTO temp.lint_frames (id) VALUES (?)"));
    for (qint64 id : ids) {
        q.bindValue(0, id);
        if (!q.exec()) {
            c.rollback();
            return m_db.describe(q.lastError(), doing);
        }
    }
    if (!c.commit())
        return m_db.describe(c.lastError(), doing);
    m_hasLintTable = true;
    return success();
}

QString FrameWindowQuery::where(const FrameViewFilter &f, QVariantList &binds, SearchMode mode) const
{
    QStringList parts;
    if (!f.stationId.isEmpty()) {
        parts << QStringLiteral("station_id = ?");
        binds << f.stationId;
    }
    if (!f.action.isEmpty()) {
        parts << QStringLiteral("action = ?");
        binds << f.action;
    }
    if (f.direction != FrameViewFilter::Direction::Any)
        parts << (f.direction == FrameViewFilter::Direction::Sent ? QStringLiteral("direction = 'out'") : QStringLiteral("direction = 'in'"));
    if (f.messageType == FrameViewFilter::kEventsType) {
        parts << QStringLiteral("kind <> 'frame'");
    } else if (f.messageType == FrameViewFilter::kUndecodableType) {
        parts << QStringLiteral("kind = 'frame' AND msg_type = 0");
    } else if (f.messageType >= 2) {
        parts << QStringLiteral("kind = 'frame' AND msg_type = ?");
        binds << f.messageType;
    }
    if (f.onlyProblems)
        parts << (m_hasLintTable ? QStringLiteral("(problem <> '' OR id IN (SELECT id FROM temp.lint_frames))") : QStringLiteral("problem <> ''"));
    if (f.fromUs) {
        parts << QStringLiteral("ts_us >= ?");
        binds << f.fromUs;
    }
    if (f.toUs) {
        parts << QStringLiteral("ts_us <= ?");
        binds << f.toUs;
    }
    if (!f.search.trimmed().isEmpty()) {
        const QString match = FrameSearchIndex::matchExpression(f.search);
        const QString like = QStringLiteral("payload LIKE ? ESCAPE '\\'");
        if (mode == SearchMode::Hits) {
            parts << QStringLiteral("id IN (SELECT id FROM temp.search_hits)");
        } else if (mode == SearchMode::Like) {
            parts << like;
            binds << FrameSearchIndex::likePattern(f.search);
        } else if (m_indexedUpTo > 0 && !match.isEmpty() && !m_unindexedRows) {
            parts << QStringLiteral("id IN (SELECT rowid FROM frames_fts WHERE frames_fts MATCH ?)");
            binds << match;
        } else if (m_indexedUpTo > 0 && !match.isEmpty()) {
            // The index answers for what it covers; newer rows (still being indexed) are read.
            parts << QStringLiteral("(id IN (SELECT rowid FROM frames_fts WHERE frames_fts MATCH ?) OR (id > ? AND ") + like +
                         QStringLiteral("))");
            binds << match << m_indexedUpTo << FrameSearchIndex::likePattern(f.search);
        } else {
            parts << like;
            binds << FrameSearchIndex::likePattern(f.search);
        }
    }
    return parts.join(QStringLiteral(" AND "));
}

Status<> FrameWindowQuery::collectHits(const QString &search) const
{
    // The matches of one search, once: every page of the listing then walks this small table
    // instead of running MATCH again (which costs as much as the matches are many).
    const QString doing = tr("Searching the capture");
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("CREATE TEMP TABLE IF NOT EXISTS search_hits (id INTEGER PRIMARY KEY)")) ||
        !q.exec(QStringLiteral("DELETE FROM temp.search_hits")))
        return m_db.describe(q.lastError(), doing);
    if (!q.exec(QStringLiteral("SELECT coalesce(max(id), 0) FROM frames")) || !q.next())
        return m_db.describe(q.lastError(), doing);
    const qint64 last = q.value(0).toLongLong();
    q.finish();
    q.prepare(QStringLiteral("INSERT OR IGNORE INTO temp.search_hits (id) SELECT rowid FROM frames_fts WHERE frames_fts MATCH ? AND rowid <= ?"));
    q.addBindValue(FrameSearchIndex::matchExpression(search));
    q.addBindValue(qMin(last, m_indexedUpTo));
    if (!q.exec())
        return m_db.describe(q.lastError(), doing);
    if (last > m_indexedUpTo) {
        q.prepare(QStringLiteral("INSERT OR IGNORE INTO temp.search_hits (id) SELECT id FROM frames WHERE id > ? AND id <= ? AND payload LIKE ? "
                                 "ESCAPE '\\'"));
        q.addBindValue(m_indexedUpTo);
        q.addBindValue(last);
        q.addBindValue(FrameSearchIndex::likePattern(search));
        if (!q.exec())
            return m_db.describe(q.lastError(), doing);
    }
    m_hitsFor = search + QLatin1Char('@') + QString::number(m_indexedUpTo);
    m_hitsUpTo = last;
    return success();
}

Result<QList<qint64>> FrameWindowQuery::ids(const FrameViewFilter &filter, qint64 afterId, int limit, qint64 upToId) const
{
    const QString search = filter.search.trimmed();
    if (search.isEmpty() || m_indexedUpTo <= 0 || FrameSearchIndex::matchExpression(search).isEmpty())
        return page(filter, afterId, limit, upToId, SearchMode::Auto);
    // A search over an index: the hits collected when the listing starts, then (live tail, rows
    // written since) LIKE over the newer rows.
    if (afterId == 0 || m_hitsFor != search + QLatin1Char('@') + QString::number(m_indexedUpTo)) {
        if (auto ok = collectHits(search); !ok)
            return ok.error();
    }
    QList<qint64> out;
    if (afterId < m_hitsUpTo) {
        auto hits = page(filter, afterId, limit, upToId > 0 ? qMin(upToId, m_hitsUpTo) : m_hitsUpTo, SearchMode::Hits);
        if (!hits)
            return hits;
        out = hits.value();
    }
    if (out.size() < limit && (upToId <= 0 || upToId > m_hitsUpTo)) {
        auto newer = page(filter, qMax(afterId, m_hitsUpTo), limit - int(out.size()), upToId, SearchMode::Like);
        if (!newer)
            return newer;
        out.append(newer.value());
    }
    return out;
}

Result<QList<qint64>> FrameWindowQuery::page(const FrameViewFilter &filter, qint64 afterId, int limit, qint64 upToId,
                                             SearchMode mode) const
{
    if (mode == SearchMode::Auto && !filter.search.trimmed().isEmpty()) {
        // Rows after the index's end need the LIKE branch; without such rows the index alone
        // answers (the OR would make SQLite scan every row).
        QSqlQuery last(m_db.connection());
        m_unindexedRows = !last.exec(QStringLiteral("SELECT coalesce(max(id), 0) FROM frames")) || !last.next() ||
                          last.value(0).toLongLong() > m_indexedUpTo;
    }
    const QString filtering = tr("Filtering the capture");
    QList<qint64> out;
    out.reserve(qMin(limit, 65536));
    // Reads one query's ids into `out`; returns how many.
    auto collect = [&](const QString &sql, const QVariantList &binds) -> Result<int> {
        QSqlQuery q(m_db.connection());
        q.setForwardOnly(true);
        if (!q.prepare(sql))
            return m_db.describe(q.lastError(), filtering);
        for (const QVariant &b : binds)
            q.addBindValue(b);
        if (!q.exec())
            return m_db.describe(q.lastError(), filtering);
        int n = 0;
        while (q.next()) {
            out.append(q.value(0).toLongLong());
            ++n;
        }
        if (q.lastError().isValid())
            return m_db.describe(q.lastError(), filtering);
        return n;
    };

    QVariantList binds;
    const QString w = where(filter, binds, mode);
    const QString conditions = w.isEmpty() ? QString() : QStringLiteral(" AND ") + w;
    if (!filter.stationId.isEmpty() || !filter.action.isEmpty()) {
        // A station or an action: their postings name the candidates (the conditions, the
        // station's or action's own included, are checked on each).
        const bool byStation = !filter.stationId.isEmpty();
        auto take = [&](const QString &idCondition, int wanted) {
            return collect(QStringLiteral("SELECT id FROM frames WHERE ") + idCondition + conditions +
                               QStringLiteral(" ORDER BY id LIMIT ?"),
                           binds + QVariantList{qMax(1, wanted)});
        };
        // Only the station or only the action: the postings alone are the answer.
        FrameViewFilter rest = filter;
        (byStation ? rest.stationId : rest.action).clear();
        framepostings::TakeIds takeIds;
        if (rest.isEmpty())
            takeIds = [&out](const qint64 *ids, qsizetype n) { out.append(QList<qint64>(ids, ids + n)); };
        if (auto ok = framepostings::walk(m_db, byStation ? framepostings::Field::Station : framepostings::Field::Action,
                                          byStation ? filter.stationId : filter.action, afterId, upToId, qMax(1, limit), take,
                                          takeIds);
            !ok)
            return ok.error();
        return out;
    }

    QVariantList all{afterId};
    QString sql = QStringLiteral("SELECT id FROM frames WHERE id > ?");
    if (upToId > 0) {
        sql += QStringLiteral(" AND id <= ?");
        all << upToId;
    }
    all += binds;
    all << qMax(1, limit);
    if (auto ok = collect(sql + conditions + QStringLiteral(" ORDER BY id LIMIT ?"), all); !ok)
        return ok.error();
    return out;
}

Result<QList<FrameRow>> FrameWindowQuery::rows(const QList<qint64> &ids) const
{
    if (ids.isEmpty())
        return QList<FrameRow>{};
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    // Literal integers: a window is at most a few hundred ids, and each is a primary-key lookup.
    if (!q.exec(QStringLiteral("SELECT id, ts_us, kind, station_id, connection_id, direction, msg_type, msg_id, action, "
                               "length(CAST(payload AS BLOB)), problem FROM frames WHERE id IN (") +
                idList(ids) + QLatin1Char(')')))
        return m_db.describe(q.lastError(), tr("Reading captured frames"));
    QHash<qint64, FrameRow> byId;
    byId.reserve(ids.size());
    while (q.next()) {
        FrameRow r;
        r.id = q.value(0).toLongLong();
        r.timestampUs = q.value(1).toLongLong();
        r.kind = capturerow::kindFromName(q.value(2).toString());
        r.stationId = q.value(3).toString();
        r.connectionId = q.value(4).toLongLong();
        r.outgoing = q.value(5).toString() == QLatin1String("out");
        r.messageType = qint8(q.value(6).toInt());
        r.messageId = q.value(7).toString();
        r.action = q.value(8).toString();
        r.size = q.value(9).toInt();
        r.problem = q.value(10).toString();
        byId.insert(r.id, r);
    }
    if (q.lastError().isValid())
        return m_db.describe(q.lastError(), tr("Reading captured frames"));
    QList<FrameRow> out;
    out.reserve(byId.size());
    for (qint64 id : ids) {
        const auto it = byId.constFind(id);
        if (it != byId.cend())
            out.append(*it);
    }
    if (auto ok = pair(out); !ok)
        return ok.error();
    return out;
}

Status<> FrameWindowQuery::pair(QList<FrameRow> &rows) const
{
    qint64 lo = 0, hi = 0;
    int wanted = 0;
    for (const FrameRow &r : std::as_const(rows)) {
        if ((!r.isCall() && !r.isReply()) || r.messageId.isEmpty())
            continue;
        lo = wanted ? qMin(lo, r.id) : r.id;
        hi = wanted ? qMax(hi, r.id) : r.id;
        ++wanted;
    }
    if (!wanted)
        return success();
    const QString doing = tr("Pairing CALLs with their replies");
    QSqlDatabase c = m_db.connection();

    // A window of consecutive frames: one range read pairs nearly everything (a reply usually
    // follows its CALL within a few frames).
    QHash<PairKey, QList<Candidate>> nearby;
    if (hi - lo <= qint64(wanted) * 4 + 64) {
        QSqlQuery q(c);
        q.setForwardOnly(true);
        q.prepare(QStringLiteral("SELECT id, ts_us, connection_id, direction, msg_type, msg_id FROM frames WHERE id BETWEEN ? AND ? "
                                 "AND kind = 'frame' AND msg_type BETWEEN 2 AND 5"));
        q.addBindValue(lo - 256);
        q.addBindValue(hi + 256);
        if (!q.exec())
            return m_db.describe(q.lastError(), doing);
        while (q.next()) {
            const PairKey key{q.value(2).toLongLong(), q.value(5).toString()};
            nearby[key].append(Candidate{q.value(0).toLongLong(), q.value(1).toLongLong(),
                                         q.value(3).toString() == QLatin1String("out"), q.value(4).toInt() == 2});
        }
    }

    QSqlQuery after(c), before(c);
    after.setForwardOnly(true);
    before.setForwardOnly(true);
    // Frames without a station (imports of unnamed peers) have no postings: for them both
    // lookups read at most kPairReach ids of the primary key; LIMIT 1 ends them at the pair.
    after.prepare(QStringLiteral("SELECT id, ts_us FROM frames WHERE station_id = ? AND id > ? AND id <= ? AND connection_id = ? "
                                 "AND msg_id = ? AND direction = ? AND kind = 'frame' AND msg_type BETWEEN 3 AND 5 ORDER BY id LIMIT 1"));
    before.prepare(QStringLiteral("SELECT id, ts_us FROM frames WHERE station_id = ? AND id < ? AND id >= ? AND connection_id = ? "
                                  "AND msg_id = ? AND direction = ? AND kind = 'frame' AND msg_type = 2 ORDER BY id DESC LIMIT 1"));
    for (FrameRow &r : rows) {
        if ((!r.isCall() && !r.isReply()) || r.messageId.isEmpty())
            continue;
        const bool call = r.isCall();
        bool found = false;
        const auto it = nearby.constFind(PairKey{r.connectionId, r.messageId});
        if (it != nearby.cend()) {
            const Candidate *best = nullptr;
            for (const Candidate &cand : *it) {
                if (cand.call == call || cand.outgoing == r.outgoing)
                    continue;
                if (call && cand.id > r.id && (!best || cand.id < best->id))
                    best = &cand;
                if (!call && cand.id < r.id && (!best || cand.id > best->id))
                    best = &cand;
            }
            if (best) {
                r.pairId = best->id;
                r.latencyUs = call ? best->ts - r.timestampUs : r.timestampUs - best->ts;
                found = true;
            }
        }
        if (found)
            continue;
        std::optional<qint64> pairTs;
        const QString peerDirection = r.outgoing ? QStringLiteral("in") : QStringLiteral("out");
        if (!r.stationId.isEmpty()) {
            // The station's postings name its frames within reach: only those are read.
            const qint64 from = call ? r.id : qMax<qint64>(0, r.id - kPairReach - 1);
            const qint64 to = call ? r.id + kPairReach : r.id - 1;
            if (to <= 0)
                continue;
            auto take = [&](const QString &idCondition, int wanted) -> Result<int> {
                QSqlQuery q(c);
                q.setForwardOnly(true);
                q.prepare(QStringLiteral("SELECT id, ts_us FROM frames WHERE ") + idCondition +
                          QStringLiteral(" AND connection_id = ? AND msg_id = ? AND direction = ? AND kind = 'frame' AND ") +
                          (call ? QStringLiteral("msg_type BETWEEN 3 AND 5") : QStringLiteral("msg_type = 2")) +
                          QStringLiteral(" ORDER BY id LIMIT ?"));
                q.addBindValue(r.connectionId);
                q.addBindValue(r.messageId);
                q.addBindValue(peerDirection);
                q.addBindValue(wanted);
                if (!q.exec())
                    return m_db.describe(q.lastError(), doing);
                int n = 0;
                // A reply's CALL is the last match before it, a CALL's reply the first after it.
                for (; q.next(); ++n) {
                    if (!call || !pairTs) {
                        r.pairId = q.value(0).toLongLong();
                        pairTs = q.value(1).toLongLong();
                    }
                }
                return n;
            };
            if (auto ok = framepostings::walk(m_db, framepostings::Field::Station, r.stationId, from, to,
                                              call ? 1 : std::numeric_limits<int>::max(), take);
                !ok)
                return ok;
        } else {
            QSqlQuery &q = call ? after : before;
            q.addBindValue(r.stationId);
            q.addBindValue(r.id);
            q.addBindValue(call ? r.id + kPairReach : r.id - kPairReach);
            q.addBindValue(r.connectionId);
            q.addBindValue(r.messageId);
            q.addBindValue(peerDirection);
            if (!q.exec())
                return m_db.describe(q.lastError(), doing);
            if (q.next()) {
                r.pairId = q.value(0).toLongLong();
                pairTs = q.value(1).toLongLong();
            }
            q.finish();
        }
        if (pairTs)
            r.latencyUs = call ? *pairTs - r.timestampUs : r.timestampUs - *pairTs;
    }
    return success();
}

Result<QStringList> FrameWindowQuery::stations() const
{
    return framepostings::values(m_db, framepostings::Field::Station);
}

Result<QStringList> FrameWindowQuery::actions() const
{
    return framepostings::values(m_db, framepostings::Field::Action);
}

} // namespace cb
