#include "databaseupdate.h"

#include "storage/database.h"

#include <QEventLoop>
#include <QProgressDialog>
#include <QThread>

#include <memory>

namespace cb {

Status<> DatabaseUpdate::run(QWidget *parent, const QString &path, bool *cancelled)
{
    Database db;
    Status<> result = success();
    // Opened and closed on the worker: a connection belongs to the thread that opened it.
    std::unique_ptr<QThread> worker(QThread::create([&db, &result, path] {
        result = db.open(path);
        db.close();
    }));
    QProgressDialog progress(tr("Updating the capture database %1 for this version of ChargeBench.\n"
                                "This happens once per database and takes about 6 s per million captured frames.")
                                 .arg(path),
                             tr("Cancel"), 0, 0, parent);
    progress.setWindowTitle(tr("Updating the database"));
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(0);
    progress.setAutoClose(false);
    progress.setAutoReset(false);
    const auto cancel = [&db, &progress] {
        db.cancel(); // the worker rolls back and finishes; the loop below ends then
        progress.setLabelText(tr("Cancelling: the database is left as it was…"));
        progress.show(); // Escape hides the dialog; the wait goes on until the rollback is done
    };
    QObject::connect(&progress, &QProgressDialog::canceled, &progress, cancel); // the button
    QObject::connect(&progress, &QDialog::rejected, &progress, cancel);         // Escape
    QEventLoop loop;
    QObject::connect(worker.get(), &QThread::finished, &loop, &QEventLoop::quit);
    worker->start();
    progress.show();
    loop.exec();
    worker->wait();
    if (cancelled)
        *cancelled = !result && db.isCancelled();
    return result;
}

} // namespace cb
