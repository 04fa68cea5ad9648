#pragma once

#include "lintoptions.h"
#include "lintreport.h"
#include "storage/storedcapturerecord.h"

#include <QCoreApplication>

#include <memory>

namespace cb {

// Checks a capture against the OCPP-J and OCPP rules that can be judged from traffic alone:
// recorded schema problems, CALL/reply correlation, message id reuse, reply timeouts, one
// outstanding CALL per direction, what is allowed before an accepted BootNotification, heartbeat
// silence, 1.6 transaction pairing, 2.x TransactionEvent ordering and energy registers.
//
// Streaming: feed records oldest first (as the frames table and a JSON lines export hold them)
// with add(), then call finish(). Memory grows with connections, stations, transactions and
// message ids, not with payload sizes; payloads are parsed only for the few actions that matter.
class ProtocolLinter
{
    Q_DECLARE_TR_FUNCTIONS(cb::ProtocolLinter)
public:
    explicit ProtocolLinter(const LintOptions &options = {});
    ~ProtocolLinter();
    Q_DISABLE_COPY_MOVE(ProtocolLinter)

    void add(const StoredCaptureRecord &record);
    void add(qint64 frameId, const CaptureRecord &record);
    // Ends the capture: calls still unanswered by then are judged against the last timestamp seen.
    LintReport finish();

    static LintReport lint(const QList<StoredCaptureRecord> &records, const LintOptions &options = {});

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace cb
