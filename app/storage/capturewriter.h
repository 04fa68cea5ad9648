#pragma once

#include "capture/capturerecord.h"
#include "common/result.h"
#include "database.h"

#include <QDeadlineTimer>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QWaitCondition>

#include <memory>
#include <vector>
#include <optional>

class QThread;
struct sqlite3;
struct sqlite3_stmt;

namespace cb {

// Writes capture records to the frames table from its own thread, in batches of one transaction.
//
// append() is cheap and thread-safe: it copies the (implicitly shared) record into a queue under a
// short lock and never touches SQLite, so the network thread can call it for every frame. The
// writer thread collects records for up to flushIntervalMs (or until maxBatch are waiting), then
// commits them with reused prepared INSERTs of many rows each. A committed batch survives kill -9 (WAL,
// synchronous=NORMAL), so a crash loses at most the records of the last interval.
//
// Consumers get one coarse batchWritten() per transaction, never a signal per frame.
class CaptureWriter : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int flushIntervalMs = 200; // longest a record waits in memory before its batch is written
        // Records per transaction at most. Every commit writes each page it changed to the WAL (and
        // later once more to the database): with 1,000 stations interleaved that is a leaf of the
        // station index per station and commit, whatever the batch size, so few large commits
        // cost far less per record than many small ones. At the server's rates the interval,
        // not this, ends a batch.
        int maxBatch = 50000;
        // The writer connection's page cache (PRAGMA cache_size, KiB): large enough for a batch's
        // dirty pages and the indexes' insertion points (a leaf per station), which otherwise
        // are read back from the OS for every row. Memory is taken as pages are used. 0: SQLite's default.
        int cacheSizeKiB = 32 * 1024;
        // PRAGMA wal_autocheckpoint (pages) of the writer connection: a checkpoint copies each page
        // once however often the WAL holds it, so rarer checkpoints copy far fewer pages (the
        // station index's leaves are rewritten by every commit). 10,000 pages ≈ 40 MB of WAL.
        // 0: SQLite's default (1,000).
        int walAutocheckpointPages = 10000;
        int busyTimeoutMs = Database::kDefaultBusyTimeoutMs;
        // Records waiting in the queue at most (besides the batch being written). A full queue holds append() back until the writer has
        // made room (back-pressure on the network thread, which then reads the sockets more slowly)
        // instead of growing without bound; records are dropped (and counted) only while writes fail.
        int maxQueued = 100000;
        // Frames older than this are deleted (with their postings and full-text index entries) when
        // the writer opens and then every retentionIntervalMs, on the writer's own connection so
        // that pruning never competes with it for the write lock. 0 keeps everything.
        int retentionDays = 0;
        qint64 retentionIntervalMs = 24 * 3600 * 1000;
    };

    explicit CaptureWriter(QObject *parent = nullptr);
    // Writes everything still queued, then stops the thread (see close()).
    ~CaptureWriter() override;

    // Starts the writer thread and opens (creating and migrating if needed) the database there.
    // Returns the open error, if any, with the thread stopped again.
    Status<> open(const QString &path);
    Status<> open(const QString &path, const Options &options);
    // Writes everything appended so far and stops the thread. Fails only when records could not be
    // written (they are then lost, and the error says how many).
    Status<> close();
    bool isOpen() const;
    QString path() const { return m_path; }

    // Thread-safe, never touches SQLite. Waits only when maxQueued records are already waiting
    // (until the writer has committed a batch). Records appended while the writer is not open, or
    // while the queue is full and the last write failed, are dropped, counted (droppedCount()) and
    // logged.
    void append(const CaptureRecord &record);
    // The same, taking the record's strings over instead of counting one more reference to each
    // (the network thread's path: one record per frame).
    void append(CaptureRecord &&record);
    void append(const QList<CaptureRecord> &records);

    // Blocks until every record appended before the call is committed, or a write fails. Not for
    // the GUI thread when much may be pending.
    Status<> flush();
    // The same, giving up at the deadline (an error saying how many records are still waiting):
    // readers that must see everything captured so far (GET /api/frames) wait here, but never for
    // a writer stuck behind a foreign lock.
    Status<> flush(QDeadlineTimer deadline);

    qint64 writtenCount() const; // committed since open()
    qint64 pendingCount() const; // appended, not yet committed
    qint64 droppedCount() const; // appended while closed, or while full and failing
    qint64 throttledCount() const; // appends that had to wait for room in the queue
    qint64 lastRowId() const; // id of the last committed row; 0 before the first batch
    qint64 prunedCount() const; // frames deleted by retention since open()
    std::optional<Error> lastError() const; // the last write failure, cleared by the next success

Q_SIGNALS:
    // Emitted from the writer thread after each committed transaction (use a queued connection,
    // which AutoConnection gives to receivers living in other threads).
    void batchWritten(qint64 lastRowId);
    // A batch could not be written; its records stay queued and are tried again.
    void writeFailed(const QString &message);
    // Retention ran (from the writer thread): how many frames it deleted, possibly 0.
    void pruned(qint64 deleted);

private:
    struct Statements;
    void run();
    Status<> writeBatch(Database &db, Statements &st, const std::vector<CaptureRecord> &batch, qint64 &lastRowId);
    static int writePostings(Statements &st);
    void prune(Database &db);
    bool makeRoom(QMutexLocker<QMutex> &lock, qsizetype incoming);
    qsizetype queued() const { return qsizetype(m_queue.size()); } // under m_mutex

    mutable QMutex m_mutex;
    QWaitCondition m_wake; // the writer waits here for records, flush() or close()
    QWaitCondition m_progress; // open() and flush() wait here for the writer
    // A vector, not a QList: QList::clear() keeps the free space a remove(0, n) left at the front,
    // and every append past the end then slid the whole queue to the front, record by record
    // (about 1 % of the network thread). Swapped with the writer's batch, both keep their capacity.
    std::vector<CaptureRecord> m_queue;
    std::unique_ptr<QThread> m_thread;
    Options m_options;
    QString m_path;
    std::optional<Status<>> m_openResult;
    std::optional<Error> m_lastError;
    qint64 m_accepted = 0;
    qint64 m_written = 0;
    qint64 m_dropped = 0;
    qint64 m_throttled = 0;
    qint64 m_lastRowId = 0;
    qint64 m_pruned = 0;
    quint64 m_failures = 0;
    int m_flushWaiters = 0;
    bool m_accepting = false;
    bool m_stopping = false;
    bool m_warnedBacklog = false;
    bool m_warnedDrop = false;
};

} // namespace cb
