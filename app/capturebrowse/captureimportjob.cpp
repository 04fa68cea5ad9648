#include "captureimportjob.h"

#include <QThread>

namespace cb {

CaptureImportJob::CaptureImportJob(QObject *parent) : QObject(parent), m_cancel(std::make_shared<std::atomic_bool>(false)) {}

CaptureImportJob::~CaptureImportJob()
{
    cancel();
    wait();
}

void CaptureImportJob::wait()
{
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
    }
}

void CaptureImportJob::start(const QString &file, const QString &dbPath)
{
    wait();
    m_cancel = std::make_shared<std::atomic_bool>(false);
    // The destructor cancels and waits for the thread, so `self` outlives it; events posted to a
    // job that is gone are dropped with it.
    CaptureImportJob *self = this;
    auto cancel = m_cancel;
    m_thread = QThread::create([self, file, dbPath, cancel] {
        // The importers report every 256 KiB (pcap) or 2000 records (JSON lines), never per packet.
        qint64 lastPosted = -1;
        auto progress = [self, &lastPosted](qint64 done, qint64 total) {
            if (done == lastPosted)
                return;
            lastPosted = done;
            QMetaObject::invokeMethod(self, [self, done, total] { Q_EMIT self->progress(done, total); }, Qt::QueuedConnection);
        };
        auto result = CaptureImport::run(file, dbPath, progress, cancel.get());
        const bool ok = result.ok();
        const CaptureImport::Outcome outcome = ok ? result.value() : CaptureImport::Outcome{};
        const QString error = ok ? QString() : result.error().text();
        QMetaObject::invokeMethod(self, [self, ok, outcome, error] {
            self->wait();
            Q_EMIT self->finished(ok, outcome, error);
        }, Qt::QueuedConnection);
    });
    m_thread->setObjectName(QStringLiteral("capture import"));
    m_thread->start();
}

} // namespace cb
