#include "capturewriter.h"

#include "capturerow.h"
#include "storagelogging.h"

#include <QDeadlineTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <algorithm>
#include <iterator>

namespace cb {

namespace {

// A backlog this long means SQLite cannot keep up (slow disk, another program holding the lock).
constexpr qsizetype kBacklogWarning = 100000;
// close() gives up after this many failed attempts on the remaining records.
constexpr int kCloseAttempts = 3;

} // namespace

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
        m_openResult.reset();
        m_lastError.reset();
        m_queue.clear();
        m_accepted = m_written = m_dropped = m_lastRowId = 0;
        m_failures = 0;
        m_stopping = false;
        m_accepting = false;
        m_warnedBacklog = false;
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
    }
    m_thread->wait();
    m_thread.reset();

    QMutexLocker lock(&m_mutex);
    const qsizetype lost = m_queue.size();
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

void CaptureWriter::append(const CaptureRecord &record)
{
    QMutexLocker lock(&m_mutex);
    if (!m_accepting) {
        ++m_dropped;
        return;
    }
    m_queue.append(record);
    ++m_accepted;
    // Wake the writer only when it has something new to decide: the first record of a batch
    // starts its collection interval, a full batch ends it.
    if (m_queue.size() == 1 || m_queue.size() == m_options.maxBatch)
        m_wake.wakeOne();
    if (m_queue.size() >= kBacklogWarning && !m_warnedBacklog) {
        m_warnedBacklog = true;
        qCWarning(lcDb) << m_queue.size() << "capture records wait to be written to" << m_path;
    }
}

void CaptureWriter::append(const QList<CaptureRecord> &records)
{
    if (records.isEmpty())
        return;
    QMutexLocker lock(&m_mutex);
    if (!m_accepting) {
        m_dropped += records.size();
        return;
    }
    const bool wasEmpty = m_queue.isEmpty();
    const bool wasShort = m_queue.size() < m_options.maxBatch;
    m_queue.append(records);
    m_accepted += records.size();
    if (wasEmpty || (wasShort && m_queue.size() >= m_options.maxBatch))
        m_wake.wakeOne();
}

Status<> CaptureWriter::flush()
{
    QMutexLocker lock(&m_mutex);
    if (!m_thread)
        return success();
    const qint64 target = m_accepted;
    const quint64 failures = m_failures;
    ++m_flushWaiters;
    m_wake.wakeOne();
    while (m_written < target && m_failures == failures)
        m_progress.wait(&m_mutex);
    --m_flushWaiters;
    if (m_written >= target)
        return success();
    return *m_lastError;
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

qint64 CaptureWriter::lastRowId() const
{
    QMutexLocker lock(&m_mutex);
    return m_lastRowId;
}

std::optional<Error> CaptureWriter::lastError() const
{
    QMutexLocker lock(&m_mutex);
    return m_lastError;
}

Status<> CaptureWriter::writeBatch(Database &db, QSqlQuery &insert, const QList<CaptureRecord> &batch, qint64 &lastRowId)
{
    const QString writing = tr("Writing captured frames");
    QSqlQuery control(db.connection());
    // IMMEDIATE takes the write lock up front, so a busy database is waited for (busy timeout)
    // before any row is bound rather than failing half-way.
    if (!control.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return db.describe(control.lastError(), writing);
    for (const CaptureRecord &r : batch) {
        capturerow::bind(insert, r);
        if (!insert.exec()) {
            const Error e = db.describe(insert.lastError(), writing);
            control.exec(QStringLiteral("ROLLBACK"));
            return e;
        }
    }
    lastRowId = insert.lastInsertId().toLongLong();
    if (!control.exec(QStringLiteral("COMMIT"))) {
        const Error e = db.describe(control.lastError(), writing);
        control.exec(QStringLiteral("ROLLBACK"));
        return e;
    }
    return success();
}

void CaptureWriter::run()
{
    Database db;
    db.setBusyTimeout(m_options.busyTimeoutMs);
    Status<> opened = db.open(m_path);
    std::optional<QSqlQuery> insert;
    if (opened) {
        insert.emplace(db.connection());
        if (!insert->prepare(capturerow::insertStatement()))
            opened = db.describe(insert->lastError(), tr("Preparing to write captured frames"));
    }
    {
        QMutexLocker lock(&m_mutex);
        m_openResult = opened;
        m_progress.wakeAll();
    }
    if (!opened)
        return;

    int closeAttempts = 0;
    QList<CaptureRecord> batch;
    QMutexLocker lock(&m_mutex);
    for (;;) {
        while (m_queue.isEmpty() && !m_stopping)
            m_wake.wait(&m_mutex);
        if (m_queue.isEmpty())
            break; // stopping with nothing left

        // Let a batch fill for up to the interval, unless someone waits for it or it is full.
        const QDeadlineTimer deadline(m_options.flushIntervalMs);
        while (!m_stopping && m_flushWaiters == 0 && m_queue.size() < m_options.maxBatch && !deadline.hasExpired())
            m_wake.wait(&m_mutex, deadline);

        if (m_queue.size() <= m_options.maxBatch) {
            batch.swap(m_queue);
        } else {
            // Move, not copy: the records' strings change owner without touching reference counts.
            batch.reserve(m_options.maxBatch);
            std::move(m_queue.begin(), m_queue.begin() + m_options.maxBatch, std::back_inserter(batch));
            m_queue.remove(0, m_options.maxBatch);
        }
        if (m_queue.size() < kBacklogWarning)
            m_warnedBacklog = false;
        lock.unlock();

        qint64 rowId = 0;
        const Status<> ok = writeBatch(db, *insert, batch, rowId);

        lock.relock();
        if (ok) {
            m_written += batch.size();
            m_lastRowId = rowId;
            m_lastError.reset();
            batch.clear();
            m_progress.wakeAll();
            lock.unlock();
            emit batchWritten(rowId);
            lock.relock();
            continue;
        }

        // Keep the records in order at the front of the queue and try again later.
        qCWarning(lcDb) << "writing" << batch.size() << "capture records failed:" << ok.error().text();
        m_queue = batch + m_queue;
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
    insert.reset(); // before the connection goes away with db
}

} // namespace cb
