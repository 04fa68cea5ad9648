#include "databaseupdate.h"

#include "capturebrowse/databaseupdatejob.h"

#include <QEventLoop>
#include <QProgressDialog>

namespace cb {

Status<> DatabaseUpdate::run(QWidget *parent, const QString &path, bool *cancelled)
{
    DatabaseUpdateJob job;
    QProgressDialog progress(tr("Updating the capture database %1 for this version of ChargeBench.\n"
                                "This happens once per database and takes about 6 s per million captured frames.")
                                 .arg(path),
                             tr("Cancel"), 0, 0, parent);
    progress.setWindowTitle(tr("Updating the database"));
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(0);
    progress.setAutoClose(false);
    progress.setAutoReset(false);
    const auto cancel = [&job, &progress] {
        job.cancel(); // the worker rolls back and finishes; the loop below ends then
        progress.setLabelText(tr("Cancelling: the database is left as it was…"));
        progress.show(); // Escape hides the dialog; the wait goes on until the rollback is done
    };
    QObject::connect(&progress, &QProgressDialog::canceled, &progress, cancel); // the button
    QObject::connect(&progress, &QDialog::rejected, &progress, cancel);         // Escape
    QEventLoop loop;
    QObject::connect(&job, &DatabaseUpdateJob::finished, &loop, &QEventLoop::quit);
    job.start(path);
    progress.show();
    loop.exec();
    if (cancelled)
        *cancelled = job.wasCancelled();
    return job.result();
}

} // namespace cb
