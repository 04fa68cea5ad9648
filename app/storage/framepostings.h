#pragma once

#include "common/result.h"

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <string>

namespace cb {

class Database;

// Which frames have a given station or action: per value, lists of frame ids ("postings"), one
// row per value and written batch, in table frame_postings (schema version 3).
//
// Why not an index on frames(station_id) and frames(action): an index costs one B-tree insert per
// frame, and with 1,000 stations interleaved each of them lands on a different leaf; that was 40 %
// of the capture writer's time and stalled the network thread under load. A batch of 50,000
// frames from 1,000 stations is 1,000 posting rows instead. Lookups read a value's postings in id
// order and fetch the frames by primary key, so a rare station or action among a million frames
// is still found without reading the others.
//
// A posting row: field (1 station, 2 action), value, first and last id, and the ids as a JSON
// array in ascending order. Postings of one value never overlap (each covers one batch). They
// list exactly the frames there are: written in the frames' transaction, rebuilt after deletes.
namespace framepostings {

enum class Field { Station = 1, Action = 2 };

// Collects the postings of one batch, then writes them. The writer calls add() for every frame
// it inserted, in id order.
class Builder
{
public:
    void add(qint64 id, const QString &stationId, const QString &action);
    void clear();

    struct Posting
    {
        qint64 firstId = 0;
        qint64 lastId = 0;
        std::string ids; // "1,5,9" (the brackets are added when written)
    };
    // Visits every posting of the batch (value and its frames).
    void forEach(const std::function<void(Field, const QString &, const Posting &)> &visit) const;

private:
    static void append(QHash<QString, Posting> &postings, qint64 id, const QString &value);
    QHash<QString, Posting> m_station;
    QHash<QString, Posting> m_action;
};

// The statement a writer prepares once: bind field, value, first id, last id, ids (JSON text).
QByteArray insertStatement();

// The SQL that (re)builds every posting from the frames table: migration 3, and tools that fill
// a database with plain INSERTs (benchmarks).
QStringList rebuildStatements();

// Parses a posting's "[1,5,9]" into ids; false when it is not such a list.
bool parseIds(QByteArrayView json, QList<qint64> &out);

// Walks the frames whose `field` is `value`, id > afterId (and <= upToId when upToId > 0), in
// ascending id order, handing them to `take` as an SQL condition on `id` ("id IN (...)" with at
// most a few thousand ids, or "id BETWEEN a AND b" where they are dense). The condition may admit
// other frames: `take` must also check the field itself. It returns how many frames it kept; the
// walk ends when `limit` are kept or the postings are exhausted.
// With `takeIds`, when the caller has no further condition, the ids themselves are handed over
// (postings list exactly the existing frames, see rebuild()) and no frame is read.
using Take = std::function<Result<int>(const QString &idCondition, int stillWanted)>;
using TakeIds = std::function<void(const qint64 *ids, qsizetype count)>;
Status<> walk(Database &db, Field field, const QString &value, qint64 afterId, qint64 upToId, int limit, const Take &take,
              const TakeIds &takeIds = {});

// The distinct values of a field (stations, actions) in the capture, sorted.
Result<QStringList> values(Database &db, Field field);

// After frames were deleted: rebuilds the postings, so that they list exactly the frames there are.
Status<> rebuild(Database &db);

} // namespace framepostings
} // namespace cb
