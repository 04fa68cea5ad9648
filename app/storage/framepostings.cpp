#include "framepostings.h"

#include "database.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <charconv>

namespace cb::framepostings {

namespace {

// Ids handed to `take` at once: a literal IN list of this many is a few tens of KiB of SQL.
constexpr int kSlice = 2048;
// Ids at least 1 in this many of their range: read the range instead of listing them.
constexpr int kDense = 8;
// Posting rows read per query while walking.
constexpr int kRowsPerRead = 16;
// Frames per posting when rebuilt from the frames table (a live writer's batch is at most 50,000).
constexpr int kRebuildShift = 15; // 32,768 ids

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::framepostings)
};

} // namespace

void Builder::append(QHash<QString, Posting> &postings, qint64 id, const QString &value)
{
    Posting &p = postings[value];
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, id).ptr;
    if (p.ids.empty()) {
        p.firstId = id;
        p.ids.reserve(64);
    } else {
        p.ids.push_back(',');
    }
    p.ids.append(digits, end);
    p.lastId = id;
}

void Builder::add(qint64 id, const QString &stationId, const QString &action)
{
    // Frames without a station (notes of the server itself) or action have nothing to list.
    if (!stationId.isEmpty())
        append(m_station, id, stationId);
    if (!action.isEmpty())
        append(m_action, id, action);
}

void Builder::clear()
{
    m_station.clear();
    m_action.clear();
}

void Builder::forEach(const std::function<void(Field, const QString &, const Posting &)> &visit) const
{
    for (auto it = m_station.cbegin(); it != m_station.cend(); ++it)
        visit(Field::Station, it.key(), it.value());
    for (auto it = m_action.cbegin(); it != m_action.cend(); ++it)
        visit(Field::Action, it.key(), it.value());
}

QByteArray insertStatement()
{
    return "INSERT INTO frame_postings (field, value, first_id, last_id, ids) VALUES (?, ?, ?, ?, ?)";
}

QStringList rebuildStatements()
{
    // json_group_array keeps the order of its input, the subquery's id order (checked by
    // parseIds' callers, which sort when it is not).
    const QString shift = QString::number(kRebuildShift);
    return {
        QStringLiteral("DELETE FROM frame_postings"),
        QStringLiteral("INSERT INTO frame_postings (field, value, first_id, last_id, ids) "
                       "SELECT 1, station_id, min(id), max(id), json_group_array(id) FROM "
                       "(SELECT id, station_id FROM frames WHERE station_id <> '' ORDER BY id) "
                       "GROUP BY station_id, id >> ") + shift,
        QStringLiteral("INSERT INTO frame_postings (field, value, first_id, last_id, ids) "
                       "SELECT 2, action, min(id), max(id), json_group_array(id) FROM "
                       "(SELECT id, action FROM frames WHERE action IS NOT NULL AND action <> '' ORDER BY id) "
                       "GROUP BY action, id >> ") + shift,
    };
}

bool parseIds(QByteArrayView json, QList<qint64> &out)
{
    const char *p = json.data();
    const char *const end = p + json.size();
    auto skipSpace = [&] {
        while (p < end && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r'))
            ++p;
    };
    skipSpace();
    if (p == end || *p++ != '[')
        return false;
    skipSpace();
    if (p < end && *p == ']')
        return true;
    bool sorted = true;
    const qsizetype start = out.size();
    for (;;) {
        skipSpace();
        qint64 id = 0;
        const auto [next, ec] = std::from_chars(p, end, id);
        if (ec != std::errc() || next == p)
            return false;
        p = next;
        if (out.size() > start && out.constLast() >= id)
            sorted = false;
        out.append(id);
        skipSpace();
        if (p == end)
            return false;
        if (*p == ']')
            break;
        if (*p++ != ',')
            return false;
    }
    if (!sorted) {
        std::sort(out.begin() + start, out.end());
        out.erase(std::unique(out.begin() + start, out.end()), out.end());
    }
    return true;
}

Status<> walk(Database &db, Field field, const QString &value, qint64 afterId, qint64 upToId, int limit, const Take &take,
              const TakeIds &takeIds)
{
    const QString doing = Text::tr("Looking up frames by station or action");
    QSqlQuery q(db.connection());
    q.setForwardOnly(true);
    // From the posting that may hold afterId (the last one starting at or before it) onwards.
    if (!q.prepare(QStringLiteral("SELECT first_id, last_id, ids FROM frame_postings WHERE field = ? AND value = ? AND first_id >= "
                                  "coalesce((SELECT max(first_id) FROM frame_postings WHERE field = ? AND value = ? AND "
                                  "first_id <= ?), 0) AND first_id > ? AND (? <= 0 OR first_id <= ?) ORDER BY first_id LIMIT ?")))
        return db.describe(q.lastError(), doing);
    int kept = 0;
    qint64 cursor = afterId; // ids up to here are done
    qint64 lastFirst = -1; // first_id of the last posting read
    // Dense postings (their ids at least 1 in kDense of their range) next to each other become
    // one range, read without parsing their lists.
    qint64 rangeFrom = 0, rangeTo = -1;
    QList<qint64> ids;
    QString slice;
    bool done = false;
    auto give = [&](const QString &condition) -> Status<> {
        auto got = take(condition, limit - kept);
        if (!got)
            return got.error();
        kept += got.value();
        done = kept >= limit;
        return success();
    };
    auto flushRange = [&]() -> Status<> {
        if (rangeTo < rangeFrom)
            return success();
        const QString condition = QStringLiteral("id BETWEEN %1 AND %2").arg(rangeFrom).arg(rangeTo);
        cursor = rangeTo;
        rangeTo = rangeFrom - 1;
        return give(condition);
    };
    while (!done) {
        int b = 0;
        for (int twice = 0; twice < 2; ++twice) {
            q.bindValue(b++, int(field));
            q.bindValue(b++, value);
        }
        q.bindValue(b++, cursor);
        q.bindValue(b++, lastFirst);
        q.bindValue(b++, upToId);
        q.bindValue(b++, upToId);
        q.bindValue(b++, kRowsPerRead);
        if (!q.exec())
            return db.describe(q.lastError(), doing);
        struct Row
        {
            qint64 first, last;
            QByteArray ids;
        };
        QList<Row> rows;
        while (q.next())
            rows.append(Row{q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toByteArray()});
        if (q.lastError().isValid())
            return db.describe(q.lastError(), doing);
        q.finish();
        for (const Row &row : std::as_const(rows)) {
            lastFirst = row.first;
            const qint64 from = qMax(row.first, qMax(cursor, rangeTo) + 1);
            const qint64 to = upToId > 0 ? qMin(row.last, upToId) : row.last;
            if (from > to)
                continue;
            const qint64 count = std::count(row.ids.cbegin(), row.ids.cend(), ',') + 1;
            if (!takeIds && count * kDense >= row.last - row.first + 1) {
                if (rangeTo < rangeFrom)
                    rangeFrom = from;
                rangeTo = to;
                continue;
            }
            if (auto ok = flushRange(); !ok || done)
                return ok;
            ids.clear();
            if (!parseIds(row.ids, ids))
                return Error{Text::tr("The capture's station and action lists are damaged (a posting starting at frame %1 is "
                                "not a list of ids).")
                                 .arg(row.first),
                             Text::tr("Close ChargeBench, run sqlite3 on the capture with \"DROP TABLE frame_postings; "
                                "PRAGMA user_version = 2;\" and open it again: the lists are then rebuilt from the frames.")};
            qsizetype i = std::lower_bound(ids.cbegin(), ids.cend(), from) - ids.cbegin();
            const qsizetype end = std::upper_bound(ids.cbegin() + i, ids.cend(), to) - ids.cbegin();
            if (takeIds) {
                // The postings are the answer: no frame needs reading.
                const qsizetype n = qMin<qsizetype>(end - i, limit - kept);
                takeIds(ids.constData() + i, n);
                kept += int(n);
                if (kept >= limit)
                    return success();
                cursor = qMax(cursor, to);
                continue;
            }
            while (i < end) {
                slice = QStringLiteral("id IN (");
                const qsizetype sliceEnd = qMin(end, i + kSlice);
                for (qsizetype first = i; i < sliceEnd; ++i) {
                    if (i != first)
                        slice += QLatin1Char(',');
                    slice += QString::number(ids.at(i));
                }
                slice += QLatin1Char(')');
                cursor = ids.at(sliceEnd - 1);
                if (auto ok = give(slice); !ok || done)
                    return ok;
            }
            cursor = qMax(cursor, to);
        }
        if (rows.size() < kRowsPerRead)
            break;
    }
    if (done)
        return success();
    return flushRange();
}

Result<QStringList> values(Database &db, Field field)
{
    QSqlQuery q(db.connection());
    q.setForwardOnly(true);
    // The primary key's order: one seek per distinct value.
    q.prepare(QStringLiteral("SELECT DISTINCT value FROM frame_postings WHERE field = ? ORDER BY value"));
    q.addBindValue(int(field));
    if (!q.exec())
        return db.describe(q.lastError(), Text::tr("Listing the stations and actions of the capture"));
    QStringList out;
    while (q.next())
        out << q.value(0).toString();
    if (q.lastError().isValid())
        return db.describe(q.lastError(), Text::tr("Listing the stations and actions of the capture"));
    return out;
}

Status<> rebuild(Database &db)
{
    // Retention is rare and the rebuild is one pass over the frames; exact postings let listings
    // answer from them alone.
    QSqlQuery q(db.connection());
    for (const QString &sql : rebuildStatements()) {
        if (!q.exec(sql))
            return db.describe(q.lastError(), Text::tr("Forgetting deleted frames"));
    }
    return success();
}

} // namespace cb::framepostings
