#pragma once

#include "connectiontracker.h"

#include <QCoreApplication>

namespace cb {

class FindingSink;
struct MeterSample;

// Energy.Active.Import.Register is a total: per meter (transaction, EVSE or connector) it never
// goes down. Fed by MeterValues here and by the transaction messages through the transaction rules.
class MeterRules
{
    Q_DECLARE_TR_FUNCTIONS(cb::MeterRules)
public:
    explicit MeterRules(FindingSink &sink) : m_sink(sink) {}

    void call(LintFrame &frame);
    // One sampled value; only the phase-less import register counts.
    void sample(const TrackedConnection &connection, TrackedStation &station, const QString &meterKey,
                const MeterSample &sample, qint64 id, qint64 timestampUs);
    void reading(const TrackedConnection &connection, TrackedStation &station, const QString &meterKey, double wh,
                 qint64 id, qint64 timestampUs);

private:
    FindingSink &m_sink;
};

} // namespace cb
