#include "snapshotworker.h"

#include "storage/database.h"

namespace cb {

SnapshotWorker::SnapshotWorker(QString databasePath) : m_path(std::move(databasePath))
{
    m_thread.setObjectName(QStringLiteral("chargebench-snapshots"));
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    m_thread.start();
}

SnapshotWorker::~SnapshotWorker()
{
    // Queued after every job already posted; the connection is closed on its own thread.
    QMetaObject::invokeMethod(m_context, [this] {
        m_db.reset();
        delete m_context;
    }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void SnapshotWorker::post(std::function<void(Database *, const QString &)> job)
{
    QMetaObject::invokeMethod(m_context, [this, job = std::move(job)] {
        if (!m_db && m_openError.isEmpty()) {
            auto db = std::make_unique<Database>();
            if (auto ok = db->open(m_path); ok)
                m_db = std::move(db);
            else
                m_openError = ok.error().text();
        }
        job(m_db.get(), m_openError);
    }, Qt::QueuedConnection);
}

} // namespace cb
