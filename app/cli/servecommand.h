#pragma once

#include <QStringList>

namespace cb::cli {

// `serve`: runs the mini-CSMS headless until SIGINT/SIGTERM.
int runServe(const QStringList &args);

} // namespace cb::cli
