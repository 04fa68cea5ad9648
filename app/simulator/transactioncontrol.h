#pragma once

#include <QString>

#include <optional>

namespace cb::sim {

class Outlet;

// Why a session ends, version-neutral; each version's transaction block maps it to its own
// trigger and stop reasons.
enum class EndCause { Remote, Local, EVDisconnected, ImmediateReset, HardReset, SoftReset, Fault, UnlockCommand, DeAuthorized, Timeout };

// The charging sessions of a virtual station, as the other blocks and the simulated driver
// drive them: the 2.x block speaks TransactionEvent, the 1.6 block Start/StopTransaction.
class TransactionControl
{
public:
    struct Answer
    {
        QString status = QStringLiteral("Accepted"); // RequestStartStopStatus / RemoteStartStopStatus
        QString reasonCode;                          // 2.x statusInfo
        QString transactionId;                       // 2.x: when a transaction had already started
    };

    virtual ~TransactionControl() = default;

    virtual Answer remoteStart(std::optional<int> evseId, const QString &idToken, const QString &tokenType,
                               std::optional<int> remoteStartId) = 0;
    virtual Answer remoteStop(const QString &transactionId) = 0;
    virtual void plugIn(Outlet &outlet) = 0;
    virtual void unplug(Outlet &outlet) = 0;
    virtual void presentIdToken(Outlet &outlet, const QString &idToken) = 0;
    // Ends the outlet's session, if any (detail: 1.6 error code of a fault).
    virtual void end(Outlet &outlet, EndCause cause, const QString &detail = {}) = 0;
};

} // namespace cb::sim
