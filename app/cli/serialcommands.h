#pragma once

#include <QStringList>

namespace cb::cli {

// `serial list|profiles|read|watch`: the charger controller's hardware over a service cable
// (OpenEVSE RAPI or Modbus RTU register profiles).
int runSerial(const QStringList &args);

} // namespace cb::cli
