#pragma once

#include "connectiontracker.h"
#include "inspection/lintoptions.h"

#include <QCoreApplication>

#include <optional>

namespace cb {

class FindingSink;

// OCPP-J correlation of CALLs and replies: replies without a CALL, reused message ids, CALLs
// answered late or never, and a second CALL while one is outstanding in the same direction.
class CallPairingRules
{
    Q_DECLARE_TR_FUNCTIONS(cb::CallPairingRules)
public:
    CallPairingRules(FindingSink &sink, const LintOptions &options) : m_sink(sink), m_options(options) {}

    // Reports the CALLs of the connection unanswered at `now`, except the one this record answers
    // (a reply being judged reports with its reply, not before it).
    void sweep(TrackedConnection &connection, qint64 now, const CaptureRecord *reply = nullptr);
    void checkMessageId(LintFrame &frame);
    void checkConcurrent(LintFrame &frame);
    // Matches a reply to its CALL and takes that CALL off the outstanding list; nullopt when the
    // reply answers none.
    std::optional<PendingCall> reply(LintFrame &frame);

    static QString who(bool fromStation);

private:
    FindingSink &m_sink;
    const LintOptions &m_options;
};

} // namespace cb
