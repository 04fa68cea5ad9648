#pragma once

#include "lintfinding.h"

#include <QJsonObject>
#include <QList>
#include <QMap>

namespace cb {

// What a lint run found: every finding in capture order, and how many records it read.
struct LintReport
{
    QList<LintFinding> findings;
    qint64 recordCount = 0;
    QStringList stations; // every station seen, sorted, including those without findings

    // Findings per station and rule, for the summary table.
    QMap<QString, QMap<LintRule, int>> summary() const;
    int count(LintRule rule) const;
    // {"format":"chargebench-lint","version":1,"records":N,"findings":[...],"summary":{station:{rule:n}}}
    QJsonObject toJson() const;
};

} // namespace cb
