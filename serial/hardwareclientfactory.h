#pragma once

#include "common/result.h"
#include "hardwareclient.h"

#include <memory>

namespace cb::serial {

// Builds the client for a protocol name as the CLI and settings spell it: "rapi", or
// "modbus:<profile id>" / "modbus:<path to a profile JSON file>".
struct HardwareClientFactory
{
    static Result<std::unique_ptr<HardwareClient>> create(const QString &protocol, QObject *parent = nullptr);
    // The line settings the protocol or profile expects on `port` (RAPI 115200 8N1, Heidelberg 19200 8E1, ...).
    static Result<SerialSettings> defaultSettings(const QString &protocol, const QString &port);
};

} // namespace cb::serial
