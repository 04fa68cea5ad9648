#include "capturewriter.h"

#include "capturerow.h"
#include "framepostings.h"
#include "framerepository.h"
#include "storagelogging.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QSqlDriver>
#include <QSqlError>
#include <QThread>
#include <QVariant>

#include <sqlite3.h>

#include <algorithm>
#include <iterator>

namespace cb {

namespace {

// A backlog this long means SQLite cannot keep up (slow disk, another program holding the lock).
constexpr qsizetype kBacklogWarning = 100000;
// close() gives up after this many failed attempts on the remaining records.
constexpr int kCloseAttempts = 3;
// Rows per INSERT statement (the rest of a batch goes row by row). SQLite's per-statement work
// (sqlite_sequence for AUTOINCREMENT, the kind CHECK's IN table, cursors) is then paid once for
// this many rows; 128 gained nothing over 32 in bench_capture_ingest.
constexpr int kRowsPerStatement = 32;
// Any failure rolls the whole batch back (and it is tried again), so SQLite need not be able to
// undo a single statement: no statement journal (see capturerow::OnConflict).
constexpr auto kOnConflict = capturerow::OnConflict::Rollback;

// The sqlite3 handle behind a Qt SQLite connection (Qt's QSQLITE driver links the same libsqlite3).
sqlite3 *handleOf(const QSqlDatabase &db)
{
    const QVariant h = db.driver() ? db.driver()->handle() : QVariant();
    if (!h.isValid() || qstrcmp(h.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(h.constData());
}

QSqlError sqliteError(sqlite3 *db, int rc)
{
    return QSqlError(QString(), QString::fromUtf8(sqlite3_errmsg(db)), QSqlError::StatementError,
                     QString::number(sqlite3_extended_errcode(db) ? sqlite3_extended_errcode(db) : rc));
}

} // namespace

// The writer's statements, prepared once on its connection and reused for every batch.
struct CaptureWriter::Statements
{
    sqlite3 *db = nullptr;
    sqlite3_stmt *insert = nullptr; // one row
    sqlite3_stmt *insertMany = nullptr; // kRowsPerStatement rows
    sqlite3_stmt *begin = nullptr;
    sqlite3_stmt *commit = nullptr;
    sqlite3_stmt *rollback = nullptr;
    sqlite3_stmt *insertPosting = nullptr;
    std::string ascii; // UTF-8 of the bound statement's ASCII text columns (see capturerow::bind)
    framepostings::Builder postings; // the batch's station and action lists
    std::string postingIds;

    ~Statements()
    {
        for (sqlite3_stmt *s : {insert, insertMany, begin, commit, rollback, insertPosting})
            sqlite3_finalize(s); // harmless on nullptr
    }

    int prepare(const QByteArray &sql, sqlite3_stmt **out) const
    {
        return sqlite3_prepare_v3(db, sql.constData(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, out, nullptr);
    }

    // Runs a statement that returns no rows and resets it for the next use.
    int run(sqlite3_stmt *s) const
    {
        const int rc = sqlite3_step(s);
        sqlite3_reset(s);
        return rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
};

CaptureWriter::CaptureWriter(QObject *parent) : QObject(parent) {}

CaptureWriter::~CaptureWriter()
{
    if (auto ok = close(); !ok)
        qCWarning(lcDb) << ok.error().text();
}

Status<> CaptureWriter::open(const QString &path)
{
    return open(path, Options{});
}

Status<> CaptureWriter::open(const QString &path, const Options &options)
{
    if (m_thread)
        close();
    {
        QMutexLocker lock(&m_mutex);
        m_path = path;
        m_options = options;
        m_options.flushIntervalMs = qMax(0, options.flushIntervalMs);
        m_options.maxBatch = qMax(1, options.maxBatch);
        m_options.maxQueued = qMax(1, options.maxQueued);
        m_openResult.reset();
        m_lastError.reset();
        m_queue.clear();
        m_accepted = m_written = m_dropped = m_throttled = m_lastRowId = m_pruned = 0;
        m_failures = 0;
        m_stopping = false;
        m_accepting = false;
        m_warnedBacklog = false;
        m_warnedDrop = false;
    }
    m_thread.reset(QThread::create([this] { run(); }));
    m_thread->setObjectName(QStringLiteral("CaptureWriter"));
    m_thread->start();

    QMutexLocker lock(&m_mutex);
    while (!m_openResult)
        m_progress.wait(&m_mutex);
    Status<> result = *m_openResult;
    if (!result) {
        lock.unlock();
        m_thread->wait();
        m_thread.reset();
        return result;
    }
    m_accepting = true;
    return success();
}

Status<> CaptureWriter::close()
{
    if (!m_thread)
        return success();
    {
        QMutexLocker lock(&m_mutex);
        m_accepting = false;
        m_stopping = true;
        m_wake.wakeAll();
        m_progress.wakeAll(); // appenders waiting for room give up (their records count as dropped)
    }
    m_thread->wait();
    m_thread.reset();

    QMutexLocker lock(&m_mutex);
    const qsizetype lost = queued();
    m_queue.clear();
    if (lost == 0)
        return success();
    return Error{tr("%n captured record(s) could not be written to %1 and are lost.", nullptr, int(lost)).arg(m_path) +
                     (m_lastError ? QStringLiteral(" ") + m_lastError->message : QString()),
                 m_lastError ? m_lastError->hint : QString()};
}

bool CaptureWriter::isOpen() const
{
    QMutexLocker lock(&m_mutex);
    return m_accepting;
}

bool CaptureWriter::makeRoom(QMutexLocker<QMutex> &lock, qsizetype incoming)
{
    Q_UNUSED(lock);
    if (queued() + incoming <= m_options.maxQueued || m_queue.empty())
        return true;
    ++m_throttled;
    while (m_accepting && !m_lastError && !m_queue.empty() && queued() + incoming > m_options.maxQueued) {
        m_wake.wakeOne();
        m_progress.wait(&m_mutex);
    }
    if (!m_accepting)
        return false;
    if (queued() + incoming <= m_options.maxQueued || m_queue.empty())
        return true;
    // The writer is failing (full disk, a foreign lock): waiting could stall the network thread
    // for good, so the records are dropped, and counted and logged rather than lost silently.
    if (!m_warnedDrop) {
        m_warnedDrop = true;
        qCWarning(lcDb) << "capture queue for" << m_path << "is full (" << queued()
                        << "records) while writing fails; dropping new records:" << m_lastError->text();
    }
    return false;
}

void CaptureWriter::append(const CaptureRecord &record)
{
    append(CaptureRecord(record));
}

void CaptureWriter::append(CaptureRecord &&record)
{
    QMutexLocker lock(&m_mutex);
    if (!m_accepting || !makeRoom(lock, 1)) {
        ++m_dropped;
        return;
    }
    m_queue.push_back(std::move(record));
    ++m_accepted;
    // Wake the writer only when it has something new to decide: the first record of a batch
    // starts its collection interval, a full batch ends it.
    if (queued() == 1 || queued() == m_options.maxBatch)
        m_wake.wakeOne();
    if (queued() >= kBacklogWarning && !m_warnedBacklog) {
        m_warnedBacklog = true;
        qCWarning(lcDb) << queued() << "capture records wait to be written to" << m_path;
    }
}

void CaptureWriter::append(const QList<CaptureRecord> &records)
{
    if (records.isEmpty())
        return;
    QMutexLocker lock(&m_mutex);
    if (!m_accepting || !makeRoom(lock, records.size())) {
        m_dropped += records.size();
        return;
    }
    const bool wasEmpty = m_queue.empty();
    const bool wasShort = queued() < m_options.maxBatch;
    m_queue.insert(m_queue.end(), records.cbegin(), records.cend());
    m_accepted += records.size();
    if (wasEmpty || (wasShort && queued() >= m_options.maxBatch))
        m_wake.wakeOne();
}

Status<> CaptureWriter::flush()
{
    return flush(QDeadlineTimer(QDeadlineTimer::Forever));
}

Status<> CaptureWriter::flush(QDeadlineTimer deadline)
{
    QMutexLocker lock(&m_mutex);
    if (!m_thread)
        return success();
    const qint64 target = m_accepted;
    const quint64 failures = m_failures;
    ++m_flushWaiters;
    m_wake.wakeOne();
    while (m_written < target && m_failures == failures && !deadline.hasExpired())
        m_progress.wait(&m_mutex, deadline);
    --m_flushWaiters;
    if (m_written >= target)
        return success();
    if (m_failures != failures && m_lastError)
        return *m_lastError;
    return Error{tr("%n captured record(s) are still waiting to be written to %1.", nullptr, int(target - m_written)).arg(m_path),
                 tr("The database is busy (another program may hold it); try again in a moment.")};
}

qint64 CaptureWriter::writtenCount() const
{
    QMutexLocker lock(&m_mutex);
    return m_written;
}

qint64 CaptureWriter::pendingCount() const
{
    QMutexLocker lock(&m_mutex);
    return m_accepted - m_written;
}

qint64 CaptureWriter::droppedCount() const
{
    QMutexLocker lock(&m_mutex);
    return m_dropped;
}

qint64 CaptureWriter::throttledCount() const
{
    QMutexLocker lock(&m_mutex);
    return m_throttled;
}

qint64 CaptureWriter::lastRowId() const
{
    QMutexLocker lock(&m_mutex);
    return m_lastRowId;
}

qint64 CaptureWriter::prunedCount() const
{
    QMutexLocker lock(&m_mutex);
    return m_pruned;
}

void CaptureWriter::prune(Database &db)
{
    const qint64 cutoffUs = QDateTime::currentMSecsSinceEpoch() * 1000 - qint64(m_options.retentionDays) * 86400 * 1000000;
    FrameRepository frames(db);
    const auto deleted = frames.deleteFramesOlderThan(cutoffUs);
    if (!deleted) {
        // Tried again at the next interval; capturing goes on meanwhile.
        qCWarning(lcDb) << "capture retention on" << m_path << "failed:" << deleted.error().text();
        return;
    }
    qCInfo(lcDb, "capture retention: deleted %lld frame(s) older than %d day(s) from %s", deleted.value(),
           m_options.retentionDays, qUtf8Printable(m_path));
    {
        QMutexLocker lock(&m_mutex);
        m_pruned += deleted.value();
    }
    emit pruned(deleted.value());
}

std::optional<Error> CaptureWriter::lastError() const
{
    QMutexLocker lock(&m_mutex);
    return m_lastError;
}

int CaptureWriter::writePostings(Statements &st)
{
    int rc = SQLITE_OK;
    st.postings.forEach([&](framepostings::Field field, const QString &value, const framepostings::Builder::Posting &p) {
        if (rc != SQLITE_OK)
            return;
        const QByteArray utf8 = value.toUtf8();
        st.postingIds.clear();
        st.postingIds.reserve(p.ids.size() + 2);
        st.postingIds += '[';
        st.postingIds += p.ids;
        st.postingIds += ']';
        sqlite3_bind_int(st.insertPosting, 1, int(field));
        sqlite3_bind_text(st.insertPosting, 2, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
        sqlite3_bind_int64(st.insertPosting, 3, p.firstId);
        sqlite3_bind_int64(st.insertPosting, 4, p.lastId);
        sqlite3_bind_text(st.insertPosting, 5, st.postingIds.data(), int(st.postingIds.size()), SQLITE_STATIC);
        rc = st.run(st.insertPosting);
    });
    sqlite3_clear_bindings(st.insertPosting);
    st.postings.clear();
    return rc;
}

Status<> CaptureWriter::writeBatch(Database &db, Statements &st, const std::vector<CaptureRecord> &batch, qint64 &lastRowId)
{
    const QString writing = tr("Writing captured frames");
    // IMMEDIATE takes the write lock up front, so a busy database is waited for (busy timeout)
    // before any row is bound rather than failing half-way.
    if (const int rc = st.run(st.begin); rc != SQLITE_OK)
        return db.describe(sqliteError(st.db, rc), writing);
    const qsizetype size = qsizetype(batch.size());
    for (qsizetype i = 0; i < size;) {
        const bool chunk = size - i >= kRowsPerStatement;
        sqlite3_stmt *insert = chunk ? st.insertMany : st.insert;
        const int rows = chunk ? kRowsPerStatement : 1;
        int rc = SQLITE_OK;
        st.ascii.clear(); // keeps its capacity
        for (int row = 0; row < rows && rc == SQLITE_OK; ++row)
            rc = capturerow::bind(insert, batch.at(i + row), row, &st.ascii);
        if (rc == SQLITE_OK)
            rc = st.run(insert);
        if (rc == SQLITE_OK) {
            // One statement's rows get consecutive ids (AUTOINCREMENT, one writer in a transaction).
            const qint64 last = sqlite3_last_insert_rowid(st.db);
            for (int row = 0; row < rows; ++row) {
                const CaptureRecord &r = batch.at(i + row);
                st.postings.add(last - rows + 1 + row, r.stationId, r.action);
            }
        }
        if (rc != SQLITE_OK) {
            const Error e = db.describe(sqliteError(st.db, rc), writing);
            sqlite3_clear_bindings(st.insert);
            sqlite3_clear_bindings(st.insertMany);
            st.postings.clear();
            st.run(st.rollback); // fails harmlessly when OR ROLLBACK has already ended the transaction
            return e;
        }
        i += rows;
    }
    lastRowId = sqlite3_last_insert_rowid(st.db);
    if (const int rc = writePostings(st); rc != SQLITE_OK) {
        const Error e = db.describe(sqliteError(st.db, rc), writing);
        sqlite3_clear_bindings(st.insert);
        sqlite3_clear_bindings(st.insertMany);
        st.run(st.rollback);
        return e;
    }
    // The bound strings belong to the batch, which is cleared after this returns.
    sqlite3_clear_bindings(st.insert);
    sqlite3_clear_bindings(st.insertMany);
    if (const int rc = st.run(st.commit); rc != SQLITE_OK) {
        const Error e = db.describe(sqliteError(st.db, rc), writing);
        st.run(st.rollback);
        return e;
    }
    return success();
}

void CaptureWriter::run()
{
    Database db;
    db.setBusyTimeout(m_options.busyTimeoutMs);
    Status<> opened = db.open(m_path);
    // Rows are bound with the sqlite3 C API on Qt's connection: QSqlQuery::bindValue costs a
    // QVariant per column and Qt's placeholder emulation per row, about as much as SQLite's insert.
    std::optional<Statements> st;
    if (opened) {
        st.emplace();
        st->ascii.reserve(64 * 1024); // ids and action names of 32 rows need about 2 KiB
        st->db = handleOf(db.connection());
        const QString preparing = tr("Preparing to write captured frames");
        if (!st->db) {
            opened = Error{tr("%1: the SQLite driver gave no connection handle.").arg(preparing),
                           tr("Reinstall ChargeBench; its Qt SQLite plugin does not match.")};
        } else {
            // Settings of this connection only (readers keep SQLite's defaults): see Options.
            QByteArray settings;
            if (m_options.cacheSizeKiB > 0)
                settings += "PRAGMA cache_size = -" + QByteArray::number(m_options.cacheSizeKiB) + ';';
            if (m_options.walAutocheckpointPages > 0)
                settings += "PRAGMA wal_autocheckpoint = " + QByteArray::number(m_options.walAutocheckpointPages) + ';';
            int rc = sqlite3_exec(st->db, settings.constData(), nullptr, nullptr, nullptr);
            if (rc == SQLITE_OK)
                rc = st->prepare(capturerow::insertStatement(1, kOnConflict).toUtf8(), &st->insert);
            if (rc == SQLITE_OK)
                rc = st->prepare(capturerow::insertStatement(kRowsPerStatement, kOnConflict).toUtf8(), &st->insertMany);
            if (rc == SQLITE_OK)
                rc = st->prepare(framepostings::insertStatement(), &st->insertPosting);
            if (rc == SQLITE_OK)
                rc = st->prepare("BEGIN IMMEDIATE", &st->begin);
            if (rc == SQLITE_OK)
                rc = st->prepare("COMMIT", &st->commit);
            if (rc == SQLITE_OK)
                rc = st->prepare("ROLLBACK", &st->rollback);
            if (rc != SQLITE_OK)
                opened = db.describe(sqliteError(st->db, rc), preparing);
        }
    }
    {
        QMutexLocker lock(&m_mutex);
        m_openResult = opened;
        m_progress.wakeAll();
    }
    if (!opened)
        return;

    // Retention runs here rather than on a QTimer: this thread has no event loop, it waits on
    // m_wake, so the next pruning time is one more deadline of that wait.
    const bool retention = m_options.retentionDays > 0;
    QDeadlineTimer nextPrune(QDeadlineTimer::Forever);
    auto pruneNow = [&] {
        prune(db);
        nextPrune.setRemainingTime(qMax<qint64>(1, m_options.retentionIntervalMs));
    };
    if (retention)
        pruneNow();

    int closeAttempts = 0;
    std::vector<CaptureRecord> batch;
    QMutexLocker lock(&m_mutex);
    for (;;) {
        while (m_queue.empty() && !m_stopping) {
            m_wake.wait(&m_mutex, nextPrune);
            if (retention && nextPrune.hasExpired() && m_queue.empty() && !m_stopping) {
                lock.unlock();
                pruneNow();
                lock.relock();
            }
        }
        if (m_queue.empty())
            break; // stopping with nothing left

        // Let a batch fill for up to the interval, unless someone waits for it or it is full.
        const QDeadlineTimer deadline(m_options.flushIntervalMs);
        while (!m_stopping && m_flushWaiters == 0 && queued() < m_options.maxBatch && !deadline.hasExpired())
            m_wake.wait(&m_mutex, deadline);

        if (queued() <= m_options.maxBatch) {
            batch.swap(m_queue);
        } else {
            // Move, not copy: the records' strings change owner without touching reference counts.
            batch.reserve(size_t(m_options.maxBatch));
            std::move(m_queue.begin(), m_queue.begin() + m_options.maxBatch, std::back_inserter(batch));
            m_queue.erase(m_queue.begin(), m_queue.begin() + m_options.maxBatch);
        }
        if (queued() < kBacklogWarning)
            m_warnedBacklog = false;
        lock.unlock();

        qint64 rowId = 0;
        const Status<> ok = writeBatch(db, *st, batch, rowId);

        lock.relock();
        if (ok) {
            m_written += qint64(batch.size());
            m_lastRowId = rowId;
            m_lastError.reset();
            m_warnedDrop = false;
            batch.clear();
            m_progress.wakeAll();
            lock.unlock();
            emit batchWritten(rowId);
            if (retention && nextPrune.hasExpired()) // a server that never idles prunes between batches
                pruneNow();
            lock.relock();
            continue;
        }

        // Keep the records in order at the front of the queue and try again later.
        qCWarning(lcDb) << "writing" << batch.size() << "capture records failed:" << ok.error().text();
        m_queue.insert(m_queue.begin(), std::make_move_iterator(batch.begin()), std::make_move_iterator(batch.end()));
        batch.clear();
        ++m_failures;
        m_lastError = ok.error();
        m_progress.wakeAll();
        lock.unlock();
        emit writeFailed(ok.error().text());
        lock.relock();
        if (m_stopping && ++closeAttempts >= kCloseAttempts)
            break;
        // Back off so that a full disk or a long foreign lock does not spin this thread.
        const QDeadlineTimer retry(qMax(m_options.flushIntervalMs, 100));
        while (!m_stopping && !retry.hasExpired())
            m_wake.wait(&m_mutex, retry);
    }
    lock.unlock();
    st.reset(); // finalized before the connection goes away with db
}

} // namespace cb
