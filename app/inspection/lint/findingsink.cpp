#include "findingsink.h"

#include "connectiontracker.h"

namespace cb {

void FindingSink::add(LintRule rule, LintSeverity severity, const TrackedConnection &c, qint64 timestampUs,
                      QList<qint64> frameIds, const QString &message)
{
    m_report.findings.append({rule, severity, c.stationId, c.id, timestampUs, std::move(frameIds), message});
}

QString FindingSink::seconds(qint64 us)
{
    return QString::number(double(us) / 1e6, 'f', us % 1'000'000 == 0 ? 0 : 1);
}

} // namespace cb
