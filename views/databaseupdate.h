#pragma once

#include "common/result.h"

#include <QCoreApplication>
#include <QString>

class QWidget;

namespace cb {

// Updates an older capture database to this build's schema (DatabaseUpdateJob, on a worker) while
// a progress dialog (with Cancel) keeps the window alive. Opening a large capture of an older version
// rebuilds its indexes (about 6 s per million frames); done on the GUI thread, the window froze
// for that long without a word.
class DatabaseUpdate
{
    Q_DECLARE_TR_FUNCTIONS(cb::DatabaseUpdate)
public:
    // Returns when the update is done, failed, or was cancelled (the file is then unchanged and the
    // error says so; cancelled() tells it apart from a failure).
    static Status<> run(QWidget *parent, const QString &path, bool *cancelled = nullptr);
};

} // namespace cb
