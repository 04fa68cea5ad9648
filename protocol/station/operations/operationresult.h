#pragma once

#include "operationspec.h"
#include "rpc/rpcendpoint.h"

#include <QJsonArray>

#include <functional>

namespace cb {

// How an operation ended, the same for every version and front end.
struct OperationResult
{
    enum class Kind {
        Accepted,          // the station said yes (Accepted, Scheduled, Unlocked, ... or a plain answer)
        Rejected,          // a valid answer saying no; `reason` says why
        CallError,         // the station answered CALLERROR; `reason` is its code and text
        Timeout,           // no answer within the response timeout
        Failed,            // the answer broke the schema, was malformed, or the connection closed
        NotSupported,      // the station's version cannot do this operation; nothing was sent
        InvalidParameters, // unknown operation or a bad parameter; nothing was sent
        NotConnected,      // the station is not connected; nothing was sent
    };

    Kind kind = Kind::Failed;
    QString operation;       // "reset"
    QString station;
    std::optional<OcppVersion> version;
    QString action;          // the OCPP action sent; empty when nothing was sent
    QJsonObject request;     // its payload
    QJsonObject reply;       // the station's answer (CALLRESULT payload)
    QString status;          // the answer's status value ("Accepted", "Rejected", "RebootRequired")
    QString reason;          // statusInfo reasonCode, CALLERROR code, or what was wrong
    QString text;            // one sentence for people: what happened and, on failure, what to do
    QJsonValue data;         // version-neutral details (variables read, list version, ...)
    CallOutcome outcome;     // the call as the endpoint saw it (when one was made)

    bool accepted() const { return kind == Kind::Accepted; }
    bool sent() const { return !action.isEmpty() && kind != Kind::NotSupported && kind != Kind::InvalidParameters
                               && kind != Kind::NotConnected; }
    // The text with the round trip time, as shown next to a button: "Accepted \u2014 12 ms".
    QString answerLine() const;
    static QString kindName(Kind k);  // "accepted", "rejected", "call-error", ...
    QJsonObject toJson() const;

    // Before sending.
    static OperationResult refused(Kind kind, const QString &operation, const QString &station, const QString &text);
    // From the endpoint's outcome; `status`, `reason` and `text` from the answer's status and
    // statusInfo, which the operation's interpreter may refine.
    static OperationResult fromOutcome(const QString &operation, const QString &station, OcppVersion version,
                                       const OcppRequest &request, const CallOutcome &outcome);
};

using OperationCallback = std::function<void(const OperationResult &)>;

} // namespace cb

Q_DECLARE_METATYPE(cb::OperationResult)
