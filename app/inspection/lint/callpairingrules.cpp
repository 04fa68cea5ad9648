#include "callpairingrules.h"

#include "findingsink.h"

#include <algorithm>

namespace cb {

QString CallPairingRules::who(bool fromStation)
{
    return fromStation ? tr("The station") : tr("The CSMS");
}

void CallPairingRules::sweep(TrackedConnection &c, qint64 now, const CaptureRecord *reply)
{
    // A reply travels the other way from the CALL it answers.
    const Sender *answered = reply ? &c.senders[reply->outgoing ? 0 : 1] : nullptr;
    for (Sender &sender : c.senders) {
        // An emptied QHash keeps its buckets and begin() walks them: skip it (the common case).
        if (sender.outstanding.isEmpty())
            continue;
        for (auto it = sender.outstanding.begin(); it != sender.outstanding.end(); ++it) {
            PendingCall &p = it.value();
            if (&sender == answered && it.key() == reply->messageId)
                continue;
            if (!p.timedOut && now - p.timestampUs > m_options.replyTimeoutUs) {
                p.timedOut = true;
                m_sink.add(LintRule::NoReplyInTime, LintSeverity::Error, c, p.timestampUs, {p.frameId},
                           tr("%1 CALL (id %2) got no reply within %3 s. OCPP-J expects every CALL to be answered "
                              "with a CALLRESULT or CALLERROR before the sender's timeout.")
                               .arg(p.action, it.key(), FindingSink::seconds(m_options.replyTimeoutUs)));
            }
        }
    }
}

void CallPairingRules::checkMessageId(LintFrame &f)
{
    const CaptureRecord &r = f.record;
    Sender &sender = f.callSender();
    // OCPP-J (1.6 §4.1.3, 2.x part 4 §4.1.4): a message id must not be reused by the same
    // sender; 2.1 says so across every connection of the station. A retry of a CALL that got no
    // reply may reuse the id (2.1 part 4 §4.1.4), so such a reuse is not reported.
    const int side = r.outgoing ? 1 : 0;
    auto &seen = f.version == OcppVersion::V21 ? f.station.seenIds[side] : sender.seenIds;
    const auto previous = sender.outstanding.constFind(r.messageId);
    const bool retry = (previous != sender.outstanding.cend() && previous->timedOut) ||
                       (f.version == OcppVersion::V21 && f.station.unanswered[side].remove(r.messageId));
    if (retry) {
        sender.outstanding.remove(r.messageId);
    } else if (const auto it = seen.constFind(r.messageId); it != seen.constEnd()) {
        m_sink.add(LintRule::DuplicateMessageId, LintSeverity::Error, f.connection, r.timestampUs, {f.id, it.value()},
                   tr("%1 reused message id %2 (first used by frame %3). OCPP-J expects every CALL of a sender to "
                      "carry a new unique id%4.")
                       .arg(who(f.fromStation), r.messageId)
                       .arg(it.value())
                       .arg(f.version == OcppVersion::V21 ? tr(", across all connections of the station in 2.1")
                                                          : QString()));
    } else {
        seen.insert(r.messageId, f.id);
    }
}

void CallPairingRules::checkConcurrent(LintFrame &f)
{
    const CaptureRecord &r = f.record;
    const Sender &sender = f.callSender();
    // OCPP-J (1.6 §4.1.1 of OCPP-J, 2.x part 4 §4.1.1): one outstanding CALL per direction.
    QList<qint64> busy;
    for (auto it = sender.outstanding.isEmpty() ? sender.outstanding.cend() : sender.outstanding.cbegin();
         it != sender.outstanding.cend(); ++it) {
        if (!it->timedOut)
            busy.append(it->frameId);
    }
    if (busy.isEmpty())
        return;
    std::sort(busy.begin(), busy.end());
    m_sink.add(LintRule::ConcurrentCall, LintSeverity::Error, f.connection, r.timestampUs, QList<qint64>{f.id} + busy,
               tr("%1 sent %2 while its CALL (frame %3) was still unanswered. OCPP-J allows one outstanding "
                  "CALL per direction: the next CALL waits for the reply or the timeout.")
                   .arg(who(f.fromStation), r.action)
                   .arg(busy.first()));
}

std::optional<PendingCall> CallPairingRules::reply(LintFrame &f)
{
    const CaptureRecord &r = f.record;
    Sender &callers = f.replyCallers();
    const auto it = callers.outstanding.find(r.messageId);
    if (it == callers.outstanding.end()) {
        m_sink.add(LintRule::ReplyWithoutCall, LintSeverity::Error, f.connection, r.timestampUs, {f.id},
                   tr("%1 with id %2 answers no outstanding CALL. OCPP-J expects a reply only to a CALL received "
                      "on the same connection, carrying that CALL's message id.")
                       .arg(r.messageType == 3 ? QStringLiteral("CALLRESULT") : QStringLiteral("CALLERROR"),
                            r.messageId));
        return std::nullopt;
    }
    PendingCall p = std::move(it.value());
    callers.outstanding.erase(it);
    if (!p.timedOut && r.timestampUs - p.timestampUs > m_options.replyTimeoutUs) {
        m_sink.add(LintRule::NoReplyInTime, LintSeverity::Error, f.connection, p.timestampUs, {p.frameId, f.id},
                   tr("%1 CALL (id %2) was answered after %3 s, later than the %4 s timeout. OCPP-J expects the "
                      "reply before the sender's timeout; after it the CALL counts as failed.")
                       .arg(p.action, r.messageId, FindingSink::seconds(r.timestampUs - p.timestampUs),
                            FindingSink::seconds(m_options.replyTimeoutUs)));
    }
    return p;
}

} // namespace cb
