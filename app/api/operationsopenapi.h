#pragma once

#include <QJsonObject>

namespace cb {

// The OpenAPI paths of POST /api/stations/{id}/operations/{name}, one per operation of the
// OperationTable, so the description can never drift from the table.
QJsonObject operationPaths();

} // namespace cb
