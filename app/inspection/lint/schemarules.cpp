#include "schemarules.h"

#include "connectiontracker.h"
#include "findingsink.h"

namespace cb {

void SchemaRules::frame(const TrackedConnection &c, qint64 id, const CaptureRecord &r)
{
    if (r.problem.isEmpty())
        return;
    m_sink.add(LintRule::SchemaViolation, LintSeverity::Error, c, r.timestampUs, {id},
               tr("%1 frame breaks the specification: %2. OCPP-J expects a well-formed frame whose payload "
                  "validates against the official schema of its action.")
                   .arg(r.action.isEmpty() ? tr("This") : r.action, r.problem));
}

} // namespace cb
