#pragma once

#include "storedcapturerecord.h"

#include <QString>

class QSqlQuery;
struct sqlite3_stmt;

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
// The same row bound with the sqlite3 C API to a statement prepared from insertStatement() (the
// capture writer's path: no QVariant, no Qt named-placeholder emulation). Stores exactly what the
// QSqlQuery overload stores. The statement refers to the record's strings without copying them,
// so `record` must outlive the sqlite3_step() of this row. Returns an SQLite result code.
int bind(sqlite3_stmt *statement, const CaptureRecord &record);

// The column list for SELECT; read() expects a row in this order.
QString selectColumns();
StoredCaptureRecord read(const QSqlQuery &query);

} // namespace cb::capturerow
