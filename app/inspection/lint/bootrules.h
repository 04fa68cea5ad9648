#pragma once

#include "connectiontracker.h"

#include <QCoreApplication>

namespace cb {

class FindingSink;

// Registration: what the station and the CSMS may send before the BootNotification is accepted
// (1.6 §4.2, 2.x B01-B03), and the registration state the BootNotification reply sets.
class BootRules
{
    Q_DECLARE_TR_FUNCTIONS(cb::BootRules)
public:
    explicit BootRules(FindingSink &sink) : m_sink(sink) {}

    // Judges a CALL against the registration in force.
    void check(LintFrame &frame);
    // Then notes what the CALL changes: a BootNotification starts booting, a TriggerMessage lets a
    // Pending station send the requested message.
    void note(LintFrame &frame);
    void result(LintFrame &frame, const PendingCall &call);

private:
    FindingSink &m_sink;
};

} // namespace cb
