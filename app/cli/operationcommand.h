#pragma once

#include <QStringList>

namespace cb::cli {

// chargebench-cli station NAME ID [--PARAM VALUE ...] [--json]: one operation of the table on a
// station connected to a running server, through its automation API. args[0] is the program,
// args[1] the operation name.
int runStationOperation(const QStringList &args);
// chargebench-cli station operations: the table, with each operation's parameters and versions.
int listOperations();
// True when `name` names an operation of the table.
bool isOperationName(const QString &name);

} // namespace cb::cli
