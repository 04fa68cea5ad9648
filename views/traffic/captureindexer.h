#pragma once

#include "inspection/captureselection.h"
#include "storage/database.h"

#include <QObject>

#include <atomic>
#include <memory>

namespace cb {

class CaptureSession;

// Lives on the session's background thread with its own connection: catches the full-text index
// up in small transactions (one step per event-loop turn, so it yields to lint requests and never
// holds the write lock long) and runs the protocol lint.
class CaptureIndexer : public QObject
{
    Q_OBJECT
public:
    static constexpr int kStepRows = 5000;

    CaptureIndexer(CaptureSession *session, std::shared_ptr<std::atomic_bool> stop);

    void open(const QString &path);
    void close();
    // Stations, actions and the time span for the filter pickers (CaptureSession::filterOptions).
    void options();
    void indexStep();
    void lint(const CaptureSelection &selection);

private:
    CaptureSession *m_session;
    std::shared_ptr<std::atomic_bool> m_stop;
    Database m_db;
    bool m_indexUsable = false;
};

} // namespace cb
