#pragma once

#include <QStringList>
#include <QTextStream>

namespace cb::cli {

// Streams for command output: results on stdout, diagnostics on stderr.
QTextStream &out();
QTextStream &err();

// Exit codes shared by every subcommand.
enum Exit { Ok = 0, Failure = 1, Usage = 2 };

} // namespace cb::cli
