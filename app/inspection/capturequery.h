#pragma once

#include "captureselection.h"
#include "common/result.h"
#include "storage/storedcapturerecord.h"

#include <QCoreApplication>
#include <QList>

#include <functional>

namespace cb {

class Database;

// Reads the records a CaptureSelection names from the frames table, oldest first, in pages so a
// capture of millions of frames streams through a fixed amount of memory. Runs on the Database's
// thread, like the repositories.
class CaptureQuery
{
    Q_DECLARE_TR_FUNCTIONS(cb::CaptureQuery)
public:
    static constexpr int kPageSize = 5000;

    explicit CaptureQuery(Database &db) : m_db(db) {}

    // Calls `sink` with each page; a false return from the sink stops the walk. Returns how many
    // records were delivered.
    Result<qint64> forEachPage(const CaptureSelection &selection,
                               const std::function<bool(const QList<StoredCaptureRecord> &)> &sink) const;
    Result<QList<StoredCaptureRecord>> all(const CaptureSelection &selection) const;

private:
    Database &m_db;
};

} // namespace cb
