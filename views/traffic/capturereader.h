#pragma once

#include "storage/database.h"
#include "storage/framewindowquery.h"
#include "storage/frameviewfilter.h"

#include <QObject>

#include <atomic>
#include <memory>

namespace cb {

class CaptureSession;

// Lives on the session's reader thread and owns that thread's SQLite connection. Long work (id
// listings) is cut into pages and re-posted to this thread's event loop between pages, so row
// fetches for the visible window are served in between and scrolling never waits for a listing.
class CaptureReader : public QObject
{
    Q_OBJECT
public:
    static constexpr int kFirstPage = 1000; // small, so the first screen shows at once
    static constexpr int kPage = 20000;

    CaptureReader(CaptureSession *session, std::shared_ptr<std::atomic<quint64>> generation);

    void open(const QString &path);
    void close();
    void list(quint64 generation, const FrameViewFilter &filter, qint64 afterId, int pageSize);
    void rows(quint64 token, const QList<qint64> &ids);
    void record(qint64 id);
    void records(quint64 token, const QList<qint64> &ids);
    void setLintFrames(const QList<qint64> &ids);

private:
    template<typename F>
    void post(F &&f);

    CaptureSession *m_session;
    std::shared_ptr<std::atomic<quint64>> m_generation;
    Database m_db;
    FrameWindowQuery m_query{m_db};
};

} // namespace cb
