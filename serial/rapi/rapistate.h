#pragma once

#include "common/result.h"
#include "hardwarestate.h"

#include <QByteArray>
#include <QList>

namespace cb::serial::rapi {

// OpenEVSE "vflags" bits (GS and $AT).
namespace VFlag {
constexpr int HardFault = 0x0002;
constexpr int NoGroundTripped = 0x0020;
constexpr int RelayClosed = 0x0040;
constexpr int GfiTripped = 0x0080;
constexpr int EvConnected = 0x0100;
} // namespace VFlag

// EVSE state codes: 1-4 are the pilot states A-D, the rest faults and modes.
QString evseStateName(int code); // "notConnected", "gfciFault", "sleeping", ... "unknown"
bool isFaultState(int code);

// Applies an EVSE state (GS, $AT) to the picture: CP state, controller state, faults, flags.
// pilotState and vflags are -1 when the message did not carry them.
void applyEvseState(HardwareState &s, int evseState, int pilotState, int vflags);

// Applies the fields of an $OK reply to a read command (GS, GG, GP, GF, GE, GC, GV, GU, G0).
Status<> applyReply(HardwareState &s, const QByteArray &command, const QList<QByteArray> &tokens);

// Applies an asynchronous $AT (state change) or $AB (boot) notification.
Status<> applyAsync(HardwareState &s, const QByteArray &type, const QList<QByteArray> &tokens);

// Integer parsing as RAPI writes it: decimal, or hex for states and flags ("0x" optional).
std::optional<int> parseInt(const QByteArray &token, int base);

} // namespace cb::serial::rapi
