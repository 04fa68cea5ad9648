#pragma once

#include "lintrule.h"

#include <QList>
#include <QString>
#include <QtGlobal>

namespace cb {

// One breach of a protocol rule, tied to the frames that show it (the offending frame first).
struct LintFinding
{
    LintRule rule = LintRule::SchemaViolation;
    LintSeverity severity = LintSeverity::Error;
    QString stationId;
    qint64 connectionId = 0;
    qint64 timestampUs = 0; // of the offending frame
    QList<qint64> frameIds;
    QString message; // what is wrong and what the specification expects, one or two sentences
};

} // namespace cb
