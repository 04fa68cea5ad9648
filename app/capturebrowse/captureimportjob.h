#pragma once

#include "inspection/captureimport.h"

#include <QObject>

#include <atomic>
#include <memory>

class QThread;

namespace cb {

// Runs CaptureImport on a worker thread for the GUI: progress() as the file is read, finished()
// once at the end (also after cancel(); what was written before stays in the database).
class CaptureImportJob : public QObject
{
    Q_OBJECT
public:
    explicit CaptureImportJob(QObject *parent = nullptr);
    ~CaptureImportJob() override;

    void start(const QString &file, const QString &dbPath);
    void cancel() { m_cancel->store(true); }
    bool isRunning() const { return m_thread != nullptr; }
    // Blocks until the worker is done (used when the window closes).
    void wait();

Q_SIGNALS:
    void progress(qint64 done, qint64 total);
    void finished(bool ok, const cb::CaptureImport::Outcome &outcome, const QString &error);

private:
    std::shared_ptr<std::atomic_bool> m_cancel;
    QThread *m_thread = nullptr;
};

} // namespace cb
