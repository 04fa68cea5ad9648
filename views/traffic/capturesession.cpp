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
    m_reader = new CaptureReader(this, m_listGeneration);
    m_indexer = new CaptureIndexer(this, m_stopBackground);
    m_reader->moveToThread(&m_readerThread);
    m_indexer->moveToThread(&m_indexThread);
    connect(&m_readerThread, &QThread::finished, m_reader, &QObject::deleteLater);
    connect(&m_indexThread, &QThread::finished, m_indexer, &QObject::deleteLater);
    m_readerThread.start();
    m_indexThread.start();
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
