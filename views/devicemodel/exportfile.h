#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>

namespace cb::dm {

// Writes an export (snapshot or diff, JSON or CSV) atomically; the error names the file and
// what to do.
Status<> writeExportFile(const QString &path, const QByteArray &content);

} // namespace cb::dm
