#pragma once

#include "connectiontracker.h"

#include <QCoreApplication>

namespace cb {

class FindingSink;
class MeterRules;

// Transactions: 1.6 StartTransaction/StopTransaction pairing per connector, 2.x TransactionEvent
// Started/Updated/Ended order and seqNo. The meter values they carry go to the meter rules.
class TransactionRules
{
    Q_DECLARE_TR_FUNCTIONS(cb::TransactionRules)
public:
    TransactionRules(FindingSink &sink, MeterRules &meters) : m_sink(sink), m_meters(meters) {}

    void call(LintFrame &frame, PendingCall &call);
    void result(LintFrame &frame, const PendingCall &call);

private:
    void startTransaction16(LintFrame &frame, PendingCall &call);
    void stopTransaction16(LintFrame &frame);
    void transactionEvent(LintFrame &frame);
    void checkSeqNo(LintFrame &frame, Tx2 &tx, const QString &txId, int seqNo);

    FindingSink &m_sink;
    MeterRules &m_meters;
};

} // namespace cb
