#pragma once

#include <QString>
#include <QThread>

#include <functional>
#include <memory>

namespace cb {

class Database;

// A thread of its own with its own SQLite connection, for storing and loading device model
// snapshots (a 10,000-variable model is megabytes of JSON) off the GUI thread. Jobs run in the
// order posted; the destructor lets the queued ones finish, then closes the connection.
class SnapshotWorker
{
public:
    explicit SnapshotWorker(QString databasePath);
    ~SnapshotWorker();
    SnapshotWorker(const SnapshotWorker &) = delete;
    SnapshotWorker &operator=(const SnapshotWorker &) = delete;

    // Runs `job` on the worker thread: `db` is null when the file could not be opened, and
    // `openError` then says why. The job hands its results back itself (e.g. a queued invoke).
    void post(std::function<void(Database *db, const QString &openError)> job);

private:
    QString m_path;
    QThread m_thread;
    QObject *m_context = nullptr;       // lives on m_thread
    std::unique_ptr<Database> m_db;     // made, used and closed on m_thread
    QString m_openError;
};

} // namespace cb
