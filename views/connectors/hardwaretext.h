#pragma once

#include "devicemodel/hardwarepoller.h"

#include <QString>

namespace cb::hw {

// Words for hardware values, shared by the Connectors tab and the Overview's tiles.

// "B \u2013 vehicle connected" for CPPWMController.State (IEC 61851-1 states A..F).
QString cpStateText(const QString &state);
// A value with its unit and, for booleans of known variables, a word ("closed", "locked").
QString valueText(const QString &key, const HardwareValue &value);
// One line for a connector tile: CP state, contactor, lock, RCD, temperature, EV; empty if none.
QString summary(const ConnectorHardware &hardware);
// Every value as "key: value" lines (tooltips).
QString details(const ConnectorHardware &hardware);

} // namespace cb::hw
