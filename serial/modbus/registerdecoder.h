#pragma once

#include "hardwarestate.h"
#include "registerprofile.h"

#include <QHash>
#include <QJsonValue>

namespace cb::serial::modbus {

// Turns raw register values into a HardwareState following a profile. Kept apart from the client
// so profiles can be tested without a serial line.
class RegisterDecoder
{
public:
    // Applies every field whose registers are all present in `registers` (address -> value).
    static void apply(const RegisterProfile &profile, const QHash<quint16, quint16> &registers, HardwareState &state);
    // Sets one HardwareState target ("cpState", "currentL1", "temperature.pcb", ...).
    static void setTarget(HardwareState &state, const QString &target, const QJsonValue &value);
    // The raw integer or text of one field; nullopt when a register is missing.
    static std::optional<QJsonValue> rawValue(const FieldSpec &field, const QHash<quint16, quint16> &registers);
};

} // namespace cb::serial::modbus
