#include "databaseupdatejob.h"

#include <QThread>

namespace cb {

DatabaseUpdateJob::DatabaseUpdateJob(QObject *parent) : QObject(parent) {}

DatabaseUpdateJob::~DatabaseUpdateJob()
{
    if (m_thread)
        m_db.cancel();
    wait();
}

void DatabaseUpdateJob::wait()
{
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
    }
}

void DatabaseUpdateJob::start(const QString &path)
{
    wait();
    m_result = success();
    // Opened and closed on the worker: a connection belongs to the thread that opened it. The
    // destructor waits for the thread, so `this` outlives it.
    m_thread = QThread::create([this, path] {
        m_result = m_db.open(path);
        m_db.close();
    });
    m_thread->setObjectName(QStringLiteral("database update"));
    // The job is the receiver, so this runs on the job's thread once the worker is done.
    connect(m_thread, &QThread::finished, this, [this] {
        wait();
        Q_EMIT finished();
    });
    m_thread->start();
}

void DatabaseUpdateJob::cancel()
{
    if (m_thread)
        m_db.cancel();
}

} // namespace cb
