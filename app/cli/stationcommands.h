#pragma once

#include <QStringList>

namespace cb::cli {

// `station set-password ID` / `station clear-password ID`: Basic-auth passwords in the keychain.
int runStation(const QStringList &args);

} // namespace cb::cli
