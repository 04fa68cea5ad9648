#pragma once

#include "storedcapturerecord.h"

#include <QString>

class QSqlQuery;

namespace cb::capturerow {

// How a CaptureRecord maps onto a row of the frames table, in one place for the writer, the
// queries and the benchmark.

// "frame", "open", "close", "note" (the frames.kind column).
QString kindName(CaptureRecord::Kind kind);
CaptureRecord::Kind kindFromName(const QString &name);

// INSERT with 11 positional parameters, bound by bind().
QString insertStatement();
// Binds every column of `record` to a query prepared from insertStatement().
void bind(QSqlQuery &query, const CaptureRecord &record);

// The column list for SELECT; read() expects a row in this order.
QString selectColumns();
StoredCaptureRecord read(const QSqlQuery &query);

} // namespace cb::capturerow
