#include "lintrule.h"

namespace cb {

QString ruleName(LintRule rule)
{
    switch (rule) {
    case LintRule::SchemaViolation:
        return QStringLiteral("schema-violation");
    case LintRule::ReplyWithoutCall:
        return QStringLiteral("reply-without-call");
    case LintRule::DuplicateMessageId:
        return QStringLiteral("duplicate-message-id");
    case LintRule::NoReplyInTime:
        return QStringLiteral("no-reply-in-time");
    case LintRule::ConcurrentCall:
        return QStringLiteral("concurrent-call");
    case LintRule::NotAccepted:
        return QStringLiteral("not-accepted");
    case LintRule::HeartbeatInterval:
        return QStringLiteral("heartbeat-interval");
    case LintRule::TransactionPairing:
        return QStringLiteral("transaction-pairing");
    case LintRule::TransactionSequence:
        return QStringLiteral("transaction-sequence");
    case LintRule::MeterBackwards:
        return QStringLiteral("meter-backwards");
    }
    return QString();
}

std::optional<LintRule> ruleFromName(const QString &name)
{
    for (LintRule r : kAllLintRules) {
        if (ruleName(r) == name)
            return r;
    }
    return std::nullopt;
}

QString severityName(LintSeverity severity)
{
    switch (severity) {
    case LintSeverity::Info:
        return QStringLiteral("info");
    case LintSeverity::Warning:
        return QStringLiteral("warning");
    case LintSeverity::Error:
        return QStringLiteral("error");
    }
    return QString();
}

} // namespace cb
