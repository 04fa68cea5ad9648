#pragma once

#include "common/result.h"
#include "framerow.h"
#include "frameviewfilter.h"

#include <QCoreApplication>
#include <QList>
#include <QStringList>

namespace cb {

class Database;

// The queries behind a large traffic list (built like Wireshark's packet list): the ids matching
// a filter are listed in pages (keyset paging on the primary key, so every page is an index seek),
// and rows are read for a window of ids at a time, with CALL/reply pairing and latency. Runs on
// the Database's thread; the views call it from a worker.
class FrameWindowQuery
{
    Q_DECLARE_TR_FUNCTIONS(cb::FrameWindowQuery)
public:
    // How far (in frame ids) a reply is looked for after its CALL, and a CALL before its reply.
    static constexpr qint64 kPairReach = 5000;

    explicit FrameWindowQuery(Database &db) : m_db(db) {}

    // Search: rows up to this id are in the full-text index (FrameSearchIndex), later ones are
    // matched with LIKE. 0: no index, LIKE everywhere.
    void setSearchIndexedUpTo(qint64 id) { m_indexedUpTo = id; }
    qint64 searchIndexedUpTo() const { return m_indexedUpTo; }
    // Frames named by lint findings count as problems for FrameViewFilter::onlyProblems. Kept in
    // a temporary table of this connection.
    Status<> setLintFrames(const QList<qint64> &ids);

    // Up to `limit` ids matching `filter` greater than afterId (and at most upToId when > 0),
    // ascending.
    Result<QList<qint64>> ids(const FrameViewFilter &filter, qint64 afterId, int limit, qint64 upToId = 0) const;
    // The rows of these ids, in the same order; ids no longer in the table are left out.
    Result<QList<FrameRow>> rows(const QList<qint64> &ids) const;

    // Distinct values for the filter pickers, sorted.
    Result<QStringList> stations() const;
    Result<QStringList> actions() const;

private:
    // How the search words are matched: by index and LIKE as the index's progress allows (Auto),
    // against the hits collected for this search (Hits), or by LIKE alone (Like).
    enum class SearchMode { Auto, Hits, Like };
    QString where(const FrameViewFilter &filter, QVariantList &binds, SearchMode mode) const;
    Result<QList<qint64>> page(const FrameViewFilter &filter, qint64 afterId, int limit, qint64 upToId, SearchMode mode) const;
    Status<> collectHits(const QString &search) const;
    Status<> pair(QList<FrameRow> &rows) const;

    Database &m_db;
    qint64 m_indexedUpTo = 0;
    mutable bool m_unindexedRows = true; // frames after m_indexedUpTo exist (set per listing)
    mutable QString m_hitsFor; // the search (and index extent) temp.search_hits holds
    mutable qint64 m_hitsUpTo = 0; // the frames it covers: id <= this
    bool m_hasLintTable = false;
};

} // namespace cb
