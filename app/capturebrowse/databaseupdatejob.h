#pragma once

#include "common/result.h"
#include "storage/database.h"

#include <QObject>
#include <QString>

class QThread;

namespace cb {

// Updates an older capture database to this build's schema on a worker thread: opening runs the
// migrations, which rebuild the indexes of a large capture (about 6 s per million frames), far too
// long for the GUI thread. finished() comes once, on the job's thread, also after cancel().
class DatabaseUpdateJob : public QObject
{
    Q_OBJECT
public:
    explicit DatabaseUpdateJob(QObject *parent = nullptr);
    // Cancels and waits: the update rolls back, the file stays as it was.
    ~DatabaseUpdateJob() override;

    // Whether the file at `path` has an older schema that start() would update (a quick read).
    static bool isNeeded(const QString &path) { return Database::needsMigration(path); }

    void start(const QString &path);
    // The worker rolls back and finishes; finished() follows.
    void cancel();
    bool isRunning() const { return m_thread != nullptr; }

    // Valid after finished().
    const Status<> &result() const { return m_result; }
    // True when the update failed because cancel() stopped it (then the file is unchanged).
    bool wasCancelled() const { return !m_result && m_db.isCancelled(); }

Q_SIGNALS:
    void finished();

private:
    void wait();

    Database m_db;
    Status<> m_result = success();
    QThread *m_thread = nullptr;
};

} // namespace cb
