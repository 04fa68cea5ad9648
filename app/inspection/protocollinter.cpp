#include "protocollinter.h"

#include "lint/bootrules.h"
#include "lint/callpairingrules.h"
#include "lint/connectiontracker.h"
#include "lint/findingsink.h"
#include "lint/heartbeatrules.h"
#include "lint/meterrules.h"
#include "lint/schemarules.h"
#include "lint/transactionrules.h"

#include <algorithm>

namespace cb {

// The rule families share one tracker and are called in a fixed order per frame: each family
// reads the state before the later ones change it (the heartbeat check sees the registration
// before a BootNotification resets it), and findings of one frame keep the order they have always
// had in the report.
struct ProtocolLinter::Impl
{
    explicit Impl(const LintOptions &o)
        : options(o), tracker(o.defaultVersion), sink(report), schema(sink), pairing(sink, options), boot(sink),
          heartbeat(sink, options), meters(sink), transactions(sink, meters)
    {
    }

    LintOptions options;
    LintReport report;
    ConnectionTracker tracker;
    FindingSink sink;
    SchemaRules schema;
    CallPairingRules pairing;
    BootRules boot;
    HeartbeatRules heartbeat;
    MeterRules meters;
    TransactionRules transactions;
    qint64 lastUs = 0;

    void add(qint64 id, const CaptureRecord &r)
    {
        ++report.recordCount;
        lastUs = std::max(lastUs, r.timestampUs);
        switch (r.kind) {
        case CaptureRecord::Kind::ConnectionOpened:
            if (TrackedConnection *previous = tracker.find(r))
                close(*previous, r.timestampUs, false);
            tracker.forget(r);
            tracker.open(r);
            return;
        case CaptureRecord::Kind::ConnectionClosed:
            if (TrackedConnection *c = tracker.find(r)) {
                close(*c, r.timestampUs, true);
                tracker.forget(r);
            }
            return;
        case CaptureRecord::Kind::Note:
            return;
        case CaptureRecord::Kind::Frame:
            break;
        }
        TrackedConnection &c = tracker.connection(r);
        c.lastUs = r.timestampUs;
        schema.frame(c, id, r);
        if (r.messageType < 2 || r.messageType > 6)
            return;
        const bool isReply = r.messageType == 3 || r.messageType == 4;
        pairing.sweep(c, r.timestampUs, isReply ? &r : nullptr);
        LintFrame f = tracker.frame(c, id, r);
        if (r.messageType == 2 || r.messageType == 6)
            call(f);
        else if (isReply)
            reply(f);
        // 5 (CALLRESULTERROR) answers a CALLRESULT the receiver could not use; nothing to correlate.
    }

    void call(LintFrame &f)
    {
        pairing.checkMessageId(f);
        if (f.record.messageType == 6)
            return; // SEND expects no reply
        pairing.checkConcurrent(f);
        boot.check(f);
        PendingCall p{f.id, f.record.timestampUs, f.record.action, 0, -1, QString(), false};
        heartbeat.call(f, p);
        boot.note(f);
        transactions.call(f, p);
        meters.call(f);
        f.callSender().outstanding.insert(f.record.messageId, p);
    }

    void reply(LintFrame &f)
    {
        const std::optional<PendingCall> p = pairing.reply(f);
        if (!p || f.record.messageType != 3)
            return;
        boot.result(f, *p);
        heartbeat.result(f, *p);
        transactions.result(f, *p);
    }

    void close(TrackedConnection &c, qint64 ts, bool closed)
    {
        pairing.sweep(c, ts);
        tracker.keepUnanswered(c);
        if (closed)
            heartbeat.closed(c, tracker.station(c.stationId), ts);
    }

    LintReport finish()
    {
        for (TrackedConnection &c : tracker.connections())
            pairing.sweep(c, lastUs);
        report.stations = tracker.stationIds();
        report.stations.sort();
        // Capture order, so a finding reported at the end still sits beside its frames.
        std::stable_sort(report.findings.begin(), report.findings.end(), [](const LintFinding &a, const LintFinding &b) {
            return a.frameIds.value(0) < b.frameIds.value(0);
        });
        return std::move(report);
    }
};

ProtocolLinter::ProtocolLinter(const LintOptions &options) : d(std::make_unique<Impl>(options)) {}

ProtocolLinter::~ProtocolLinter() = default;

void ProtocolLinter::add(const StoredCaptureRecord &record)
{
    d->add(record.id, record.record);
}

void ProtocolLinter::add(qint64 frameId, const CaptureRecord &record)
{
    d->add(frameId, record);
}

LintReport ProtocolLinter::finish()
{
    return d->finish();
}

LintReport ProtocolLinter::lint(const QList<StoredCaptureRecord> &records, const LintOptions &options)
{
    ProtocolLinter linter(options);
    for (const StoredCaptureRecord &r : records)
        linter.add(r);
    return linter.finish();
}

} // namespace cb
