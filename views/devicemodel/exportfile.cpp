#include "exportfile.h"

#include <QCoreApplication>
#include <QSaveFile>

namespace cb::dm {

Status<> writeExportFile(const QString &path, const QByteArray &content)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() || !file.commit())
        return Error{QCoreApplication::translate("cb::dm::Export", "Could not write %1: %2").arg(path, file.errorString()),
                     QCoreApplication::translate("cb::dm::Export", "Choose a folder you can write to, or free some disk space.")};
    return success();
}

} // namespace cb::dm
