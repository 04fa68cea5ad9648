#pragma once

#include "storage/database.h"
#include "storage/framerow.h"
#include "storage/framewindowquery.h"
#include "storage/frameviewfilter.h"
#include "storage/storedcapturerecord.h"

#include <QList>
#include <QObject>

#include <atomic>
#include <memory>
#include <optional>

namespace cb {

// Lives on the session's reader thread and owns that thread's SQLite connection. Long work (id
// listings) is cut into pages and re-posted to this thread's event loop between pages, so row
// fetches for the visible window are served in between and scrolling never waits for a listing.
// Results leave as signals; CaptureSession receives them on its own thread.
class CaptureReader : public QObject
{
    Q_OBJECT
public:
    static constexpr int kFirstPage = 1000; // small, so the first screen shows at once
    static constexpr int kPage = 20000;

    explicit CaptureReader(std::shared_ptr<std::atomic<quint64>> generation);

    void open(const QString &path);
    void close();
    void list(quint64 generation, const FrameViewFilter &filter, qint64 afterId, int pageSize);
    void rows(quint64 token, const QList<qint64> &ids);
    void record(qint64 id);
    void records(quint64 token, const QList<qint64> &ids);
    void setLintFrames(const QList<qint64> &ids);

Q_SIGNALS:
    void opened(bool ok, const QString &error);
    void idsListed(quint64 generation, const QList<qint64> &ids, bool done);
    void rowsFetched(quint64 token, const QList<cb::FrameRow> &rows);
    void recordFetched(qint64 id, const std::optional<cb::StoredCaptureRecord> &record);
    void recordsFetched(quint64 token, const QList<cb::StoredCaptureRecord> &records);
    void failed(const QString &message);

private:
    std::shared_ptr<std::atomic<quint64>> m_generation;
    Database m_db;
    FrameWindowQuery m_query{m_db};
};

} // namespace cb
