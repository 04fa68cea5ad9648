#pragma once

#include "connectiontracker.h"
#include "inspection/lintoptions.h"

#include <QCoreApplication>

namespace cb {

class FindingSink;

// Heartbeat silence: a station accepted with a heartbeat interval must send something at least
// once per interval. Follows the interval as the CSMS changes it (ChangeConfiguration in 1.6,
// SetVariables of OCPPCommCtrlr.HeartbeatInterval in 2.x).
class HeartbeatRules
{
    Q_DECLARE_TR_FUNCTIONS(cb::HeartbeatRules)
public:
    HeartbeatRules(FindingSink &sink, const LintOptions &options) : m_sink(sink), m_options(options) {}

    // Runs before the boot rules note the CALL: a BootNotification after a long silence is judged
    // against the registration that was in force.
    void call(LintFrame &frame, PendingCall &call);
    void result(LintFrame &frame, const PendingCall &call);
    void closed(const TrackedConnection &connection, const TrackedStation &station, qint64 timestampUs);

private:
    void check(const TrackedConnection &connection, const TrackedStation &station, qint64 timestampUs, qint64 id);

    FindingSink &m_sink;
    const LintOptions &m_options;
};

} // namespace cb
