#pragma once

#include "common/result.h"
#include "inspection/captureselection.h"
#include "inspection/lintreport.h"
#include "storage/framerow.h"
#include "storage/frameviewfilter.h"
#include "storage/storedcapturerecord.h"

#include <QList>
#include <QObject>
#include <QStringList>
#include <QThread>

#include <atomic>
#include <memory>
#include <optional>

namespace cb {

class CaptureReader;
class CaptureIndexer;

// The traffic views' adapter to one capture database (Wireshark's capture_file in spirit): every
// SQLite read runs on a reader thread, the full-text index and the protocol lint on a background
// thread, and results come back as a few coarse signals on the thread that made the session (the
// workers' signals are connected with the session as receiver, so Qt queues them to its thread).
// Requests never block the caller.
class CaptureSession : public QObject
{
    Q_OBJECT
public:
    explicit CaptureSession(QObject *parent = nullptr);
    ~CaptureSession() override;

    // Opens (and migrates) the database on the worker threads; opened() tells how it went. Any
    // earlier database is closed first.
    void open(const QString &path);
    void close();
    bool isOpen() const { return m_open; }
    QString path() const { return m_path; }

    // Streams the ids matching `filter` after afterId in pages (idsListed, the last with done set).
    // A newer generation cancels older listings.
    void listIds(quint64 generation, const FrameViewFilter &filter, qint64 afterId);
    void fetchRows(quint64 token, const QList<qint64> &ids);
    void fetchRecord(qint64 id);
    void fetchRecords(quint64 token, const QList<qint64> &ids);
    // Lints the selection in the background (lintFinished); the frames it names count as problems.
    void runLint(const CaptureSelection &selection);
    bool isLinting() const { return m_linting; }
    // New frames were written: list the tail, index them. Called by the views when live.
    void notifyNewFrames();
    // Reloads the station and action lists (filterOptions).
    void refreshOptions();

    qint64 searchIndexedUpTo() const { return m_indexedUpTo; }

Q_SIGNALS:
    void opened(bool ok, const QString &error);
    void idsListed(quint64 generation, const QList<qint64> &ids, bool done);
    void rowsFetched(quint64 token, const QList<cb::FrameRow> &rows);
    void recordFetched(qint64 id, const std::optional<cb::StoredCaptureRecord> &record);
    void recordsFetched(quint64 token, const QList<cb::StoredCaptureRecord> &records);
    void filterOptions(const QStringList &stations, const QStringList &actions, qint64 firstUs, qint64 lastUs);
    void searchIndexProgress(qint64 indexedUpTo, qint64 lastId);
    void lintProgress(qint64 records);
    void lintFinished(const cb::LintReport &report);
    void newFrames();
    void failed(const QString &message);

private:
    void connectWorkers();
    void startIndexing();

    QThread m_readerThread;
    QThread m_indexThread;
    CaptureReader *m_reader = nullptr;
    CaptureIndexer *m_indexer = nullptr;
    std::shared_ptr<std::atomic<quint64>> m_listGeneration;
    std::shared_ptr<std::atomic_bool> m_stopBackground;
    QString m_path;
    qint64 m_indexedUpTo = 0;
    bool m_open = false;
    bool m_linting = false;
    bool m_indexing = false;
    bool m_indexAgain = false;
};

} // namespace cb
