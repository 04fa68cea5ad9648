#pragma once

#include <QStringList>

namespace cb::cli {

// chargebench-cli profile apply|save: commissioning profiles through a running server's
// automation API (chargebench-cli serve --api HOST:PORT).
int runProfile(const QStringList &args);

} // namespace cb::cli
