#pragma once

#include "hardwarestate.h"

#include <QColor>
#include <QString>

namespace cb {

// How an IEC 61851 control pilot state looks in the serial panel: green A (no vehicle) through
// amber B and teal C to red F, the colours OpenEVSE's own display uses, so a technician reads the
// state from across the room. Unknown is grey.
QColor cpStateColor(serial::CpState state);
// Black or white, whichever reads better on cpStateColor().
QColor cpStateTextColor(serial::CpState state);
QString cpStateLetter(serial::CpState state);   // "A".."F", "?" when unknown
QString cpStateMeaning(serial::CpState state);  // "vehicle connected", ...

} // namespace cb
