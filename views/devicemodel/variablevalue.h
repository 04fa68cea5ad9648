#pragma once

#include "devicemodel/devicemodelentry.h"

#include <QString>

namespace cb::dm {

// What a value string means for a variable's data type: the checks a person's edit must pass
// before it is queued, so the station is not asked for something its own characteristics forbid.
namespace VariableValue {

// Empty when `value` fits `characteristics` (data type, min/max limits, values list, length);
// otherwise a sentence that says what is wrong and what is allowed.
QString problem(const VariableCharacteristics &characteristics, const QString &value);

// "0 .. 32", "at most 255 characters", ...; empty when there are no limits.
QString limitsText(const VariableCharacteristics &characteristics);

// The canonical text of a decimal (no exponent, no trailing zeros): 1.5, 230, -0.25.
QString decimalText(double value);

} // namespace VariableValue

} // namespace cb::dm
