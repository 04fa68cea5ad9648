#pragma once

#include <QString>

#include <optional>

namespace cb {

// The protocol rules the capture linter checks. Names (ruleName) are stable: they appear in the
// CLI's JSON output and in summaries.
enum class LintRule {
    SchemaViolation,       // the frame was recorded with a problem (schema violation, decode error)
    ReplyWithoutCall,      // CALLRESULT/CALLERROR whose id matches no outstanding CALL
    DuplicateMessageId,    // a CALL id reused by the same sender
    NoReplyInTime,         // a CALL not answered within the timeout
    ConcurrentCall,        // a second CALL while one is outstanding in the same direction
    NotAccepted,           // traffic the BootNotification state does not allow
    HeartbeatInterval,     // silence much longer than the heartbeat interval
    TransactionPairing,    // 1.6 Start/StopTransaction and 2.x TransactionEvent Started/Ended pairing
    TransactionSequence,   // 2.x TransactionEvent seqNo going backwards or skipping
    MeterBackwards,        // Energy.Active.Import.Register decreasing
};

enum class LintSeverity { Info, Warning, Error };

QString ruleName(LintRule rule); // "schema-violation", ...
std::optional<LintRule> ruleFromName(const QString &name);
QString severityName(LintSeverity severity); // "info", "warning", "error"

inline constexpr LintRule kAllLintRules[] = {
    LintRule::SchemaViolation, LintRule::ReplyWithoutCall,   LintRule::DuplicateMessageId, LintRule::NoReplyInTime,
    LintRule::ConcurrentCall,  LintRule::NotAccepted,        LintRule::HeartbeatInterval,  LintRule::TransactionPairing,
    LintRule::TransactionSequence, LintRule::MeterBackwards,
};

} // namespace cb
