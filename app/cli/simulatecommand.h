#pragma once

#include <QStringList>

namespace cb::cli {

// `simulate`: runs one or more virtual charging stations against a CSMS until SIGINT/SIGTERM.
int runSimulate(const QStringList &args);

} // namespace cb::cli
