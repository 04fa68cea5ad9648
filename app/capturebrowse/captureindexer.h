#pragma once

#include "inspection/captureselection.h"
#include "inspection/lintreport.h"
#include "storage/database.h"

#include <QObject>
#include <QStringList>

#include <atomic>
#include <memory>

namespace cb {

// Lives on the session's background thread with its own connection: catches the full-text index
// up in small transactions (one step per event-loop turn, so it yields to lint requests and never
// holds the write lock long) and runs the protocol lint. Results leave as signals; CaptureSession
// receives them on its own thread.
class CaptureIndexer : public QObject
{
    Q_OBJECT
public:
    static constexpr int kStepRows = 5000;

    explicit CaptureIndexer(std::shared_ptr<std::atomic_bool> stop);

    void open(const QString &path);
    void close();
    // Stations, actions and the time span for the filter pickers (CaptureSession::filterOptions).
    void options();
    void indexStep();
    void lint(const CaptureSelection &selection);

Q_SIGNALS:
    void filterOptions(const QStringList &stations, const QStringList &actions, qint64 firstUs, qint64 lastUs);
    // The index cannot be built; search still works, only slower.
    void indexUnusable(const QString &message);
    // One step done; `more` says another step follows on its own.
    void indexProgress(qint64 indexedUpTo, qint64 lastId, bool more);
    // Indexing stopped without a step (closed, stopping, or no usable index).
    void indexIdle();
    void lintProgress(qint64 records);
    void lintFailed(const QString &message);
    void lintFinished(const cb::LintReport &report);

private:
    std::shared_ptr<std::atomic_bool> m_stop;
    Database m_db;
    bool m_indexUsable = false;
};

} // namespace cb
