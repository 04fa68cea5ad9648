#pragma once

#include <QString>

namespace cb::dm {

// Where one attribute write stands, as the Device Model tab shows it. A value counts as changed
// only at Verified: the station accepted it AND a later read returned the requested value.
struct WriteState
{
    enum class Stage {
        Sending,     // SetVariables / ChangeConfiguration on its way
        Answered,    // the station answered; status says how (Accepted, Rejected, ...)
        Verifying,   // accepted; the re-read is on its way
        Verified,    // accepted and read back with the requested value
        NotVerified, // accepted but the re-read returned something else (or failed)
        Failed,      // no answer at all (timeout, offline); info says why
    };

    Stage stage = Stage::Sending;
    QString requested; // the value that was asked for
    QString status;    // SetVariableStatusEnumType or 1.6 ConfigurationStatus
    QString info;      // statusInfo, the read-back value or the transport error
    QString readBack;  // what the re-read returned

    bool changed() const { return stage == Stage::Verified; }
    bool needsReboot() const { return status == QLatin1String("RebootRequired"); }
};

} // namespace cb::dm
