#pragma once

#include "common/result.h"
#include "framefilter.h"
#include "storedcapturerecord.h"

#include <QCoreApplication>
#include <QList>

#include <optional>

namespace cb {

class Database;

// Reads (and prunes) the frames table that CaptureWriter fills; backs the frame list and the
// automation API's GET /api/frames?station=&after=&limit=. Uses the Database's connection, so it
// runs on that Database's thread; WAL lets it read while the writer thread commits.
class FrameRepository
{
    Q_DECLARE_TR_FUNCTIONS(cb::FrameRepository)
public:
    explicit FrameRepository(Database &db) : m_db(db) {}

    // Oldest first; limit is clamped to 1..FrameFilter::kMaxLimit.
    Result<QList<StoredCaptureRecord>> frames(const FrameFilter &filter) const;
    // All frames, or those of one station.
    Result<qint64> count(const QString &stationId = QString()) const;
    // The highest id stored, 0 when empty.
    Result<qint64> lastId() const;
    // One record by id; nullopt when there is no such row (never written, or pruned).
    Result<std::optional<StoredCaptureRecord>> frame(qint64 id) const;

    // Retention: removes frames captured before tsUs (microseconds since the epoch); returns how
    // many went, with their postings and full-text index entries, in one transaction. Ids are
    // never reused afterwards, so paging cursors stay valid.
    Result<qint64> deleteFramesOlderThan(qint64 tsUs);

private:
    Database &m_db;
};

} // namespace cb
