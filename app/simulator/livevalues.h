#pragma once

#include "devicevariable.h"

namespace cb::sim {

class VirtualStation;

// Values of the device model's live variables (availability, power, CP state, temperature,
// EV state of charge, ...) computed from the simulated hardware when they are read.
class LiveValues
{
public:
    static QString value(const VirtualStation &station, const DeviceVariable &variable);
};

} // namespace cb::sim
