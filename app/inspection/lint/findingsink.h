#pragma once

#include "inspection/lintreport.h"

namespace cb {

struct TrackedConnection;

// Where the rule families report. Findings are kept in the order they are found; the linter
// sorts them into capture order at the end.
class FindingSink
{
public:
    explicit FindingSink(LintReport &report) : m_report(report) {}

    void add(LintRule rule, LintSeverity severity, const TrackedConnection &connection, qint64 timestampUs,
             QList<qint64> frameIds, const QString &message);

    // Microseconds as seconds for messages: "30", "1.5".
    static QString seconds(qint64 us);

private:
    LintReport &m_report;
};

} // namespace cb
