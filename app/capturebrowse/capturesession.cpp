#include "capturesession.h"

#include "captureindexer.h"
#include "capturereader.h"

namespace cb {

CaptureSession::CaptureSession(QObject *parent)
    : QObject(parent), m_listGeneration(std::make_shared<std::atomic<quint64>>(0)),
      m_stopBackground(std::make_shared<std::atomic_bool>(false))
{
    m_readerThread.setObjectName(QStringLiteral("capture reader"));
    m_indexThread.setObjectName(QStringLiteral("capture index"));
    m_reader = new CaptureReader(m_listGeneration);
    m_indexer = new CaptureIndexer(m_stopBackground);
    m_reader->moveToThread(&m_readerThread);
    m_indexer->moveToThread(&m_indexThread);
    connect(&m_readerThread, &QThread::finished, m_reader, &QObject::deleteLater);
    connect(&m_indexThread, &QThread::finished, m_indexer, &QObject::deleteLater);
    connectWorkers();
    m_readerThread.start();
    m_indexThread.start();
}

void CaptureSession::connectWorkers()
{
    // The session is the receiver (the context) of every connection: the workers emit on their
    // threads, these run on the session's.
    connect(m_reader, &CaptureReader::opened, this, [this](bool ok, const QString &error) {
        m_open = ok;
        Q_EMIT opened(ok, error);
    });
    connect(m_reader, &CaptureReader::idsListed, this, &CaptureSession::idsListed);
    connect(m_reader, &CaptureReader::rowsFetched, this, &CaptureSession::rowsFetched);
    connect(m_reader, &CaptureReader::recordFetched, this, &CaptureSession::recordFetched);
    connect(m_reader, &CaptureReader::recordsFetched, this, &CaptureSession::recordsFetched);
    connect(m_reader, &CaptureReader::failed, this, &CaptureSession::failed);

    connect(m_indexer, &CaptureIndexer::filterOptions, this, &CaptureSession::filterOptions);
    connect(m_indexer, &CaptureIndexer::indexUnusable, this, &CaptureSession::failed);
    connect(m_indexer, &CaptureIndexer::indexIdle, this, [this] { m_indexing = false; });
    connect(m_indexer, &CaptureIndexer::indexProgress, this, [this](qint64 upTo, qint64 last, bool more) {
        m_indexedUpTo = upTo;
        Q_EMIT searchIndexProgress(upTo, last);
        if (!more) {
            m_indexing = false;
            if (m_indexAgain)
                startIndexing();
        }
    });
    connect(m_indexer, &CaptureIndexer::lintProgress, this, &CaptureSession::lintProgress);
    connect(m_indexer, &CaptureIndexer::lintFailed, this, [this](const QString &error) {
        m_linting = false;
        Q_EMIT failed(error);
    });
    connect(m_indexer, &CaptureIndexer::lintFinished, this, [this](const LintReport &report) {
        m_linting = false;
        QList<qint64> ids;
        for (const LintFinding &f : report.findings)
            ids.append(f.frameIds);
        QMetaObject::invokeMethod(m_reader, [r = m_reader, ids] { r->setLintFrames(ids); });
        Q_EMIT lintFinished(report);
    });
}

CaptureSession::~CaptureSession()
{
    close();
    m_readerThread.quit();
    m_indexThread.quit();
    m_readerThread.wait();
    m_indexThread.wait();
    // The workers were deleted by their threads' last event loop turn (deleteLater on finished).
}

void CaptureSession::open(const QString &path)
{
    close();
    m_path = path;
    m_stopBackground->store(false);
    m_indexedUpTo = 0;
    QMetaObject::invokeMethod(m_reader, [r = m_reader, path] { r->open(path); });
    QMetaObject::invokeMethod(m_indexer, [i = m_indexer, path] { i->open(path); });
    startIndexing();
}

void CaptureSession::close()
{
    if (m_path.isEmpty())
        return;
    // Stop long work, then close both connections on their own threads before anything else runs.
    m_stopBackground->store(true);
    m_listGeneration->fetch_add(1);
    QMetaObject::invokeMethod(m_reader, [r = m_reader] { r->close(); }, Qt::BlockingQueuedConnection);
    QMetaObject::invokeMethod(m_indexer, [i = m_indexer] { i->close(); }, Qt::BlockingQueuedConnection);
    m_open = false;
    m_linting = false;
    m_indexing = false;
    m_indexAgain = false;
    m_path.clear();
}

void CaptureSession::listIds(quint64 generation, const FrameViewFilter &filter, qint64 afterId)
{
    m_listGeneration->store(generation);
    QMetaObject::invokeMethod(m_reader, [r = m_reader, generation, filter, afterId] {
        r->list(generation, filter, afterId, afterId == 0 ? CaptureReader::kFirstPage : CaptureReader::kPage);
    });
}

void CaptureSession::fetchRows(quint64 token, const QList<qint64> &ids)
{
    QMetaObject::invokeMethod(m_reader, [r = m_reader, token, ids] { r->rows(token, ids); });
}

void CaptureSession::fetchRecord(qint64 id)
{
    QMetaObject::invokeMethod(m_reader, [r = m_reader, id] { r->record(id); });
}

void CaptureSession::fetchRecords(quint64 token, const QList<qint64> &ids)
{
    QMetaObject::invokeMethod(m_reader, [r = m_reader, token, ids] { r->records(token, ids); });
}

void CaptureSession::runLint(const CaptureSelection &selection)
{
    if (m_path.isEmpty() || m_linting)
        return;
    m_linting = true;
    QMetaObject::invokeMethod(m_indexer, [i = m_indexer, selection] { i->lint(selection); });
}

void CaptureSession::notifyNewFrames()
{
    if (m_path.isEmpty())
        return;
    Q_EMIT newFrames();
    startIndexing();
}

void CaptureSession::refreshOptions()
{
    QMetaObject::invokeMethod(m_indexer, [i = m_indexer] { i->options(); });
}

void CaptureSession::startIndexing()
{
    if (m_indexing) {
        m_indexAgain = true;
        return;
    }
    m_indexing = true;
    m_indexAgain = false;
    QMetaObject::invokeMethod(m_indexer, [i = m_indexer] { i->indexStep(); });
}

} // namespace cb
