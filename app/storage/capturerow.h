#pragma once

#include "storedcapturerecord.h"

#include <QString>

#include <string>

class QSqlQuery;
struct sqlite3_stmt;

namespace cb::capturerow {

// How a CaptureRecord maps onto a row of the frames table, in one place for the writer, the
// queries and the benchmark.

// "frame", "open", "close", "note" (the frames.kind column).
QString kindName(CaptureRecord::Kind kind);
CaptureRecord::Kind kindFromName(const QString &name);

// Parameters per row of insertStatement().
constexpr int kColumnCount = 11;
// What a failing constraint undoes: the statement (Abort, SQLite's default) or the whole
// transaction (Rollback). Abort makes SQLite save every page a statement changes in a statement
// journal first (so that it can undo the statement alone): a copy of 4 KiB per page and row, and
// for a statement of many rows a temporary file. A writer that rolls back the whole batch on any
// error anyway uses Rollback and skips all of that.
enum class OnConflict { Abort, Rollback };
// INSERT of `rows` rows (VALUES (...), (...), ...), kColumnCount positional parameters each, bound
// by bind(). One statement for many rows pays SQLite's per-statement work once for all of them:
// reading and updating sqlite_sequence (AUTOINCREMENT), the ephemeral table behind the kind CHECK's
// IN list, opening and closing the table's and indexes' cursors.
QString insertStatement(int rows = 1, OnConflict onConflict = OnConflict::Abort);
// Binds every column of `record` to a query prepared from insertStatement().
void bind(QSqlQuery &query, const CaptureRecord &record);
// The same row bound with the sqlite3 C API to a statement prepared from insertStatement() (the
// capture writer's path: no QVariant, no Qt named-placeholder emulation). Stores exactly what the
// QSqlQuery overload stores. The statement refers to the record's strings without copying them,
// so `record` must outlive the sqlite3_step() of this row. `row` is the row's index in a
// multi-row statement (its parameters start at row * kColumnCount + 1). With `ascii`, ASCII text
// columns are bound as UTF-8 copies appended to it, but only within its capacity (it is never
// reallocated, since the statement refers to it; what does not fit is bound as UTF-16 as without
// it): reserve() it, clear() it before binding a statement anew, and keep it until the step.
// Returns an SQLite result code.
int bind(sqlite3_stmt *statement, const CaptureRecord &record, int row = 0, std::string *ascii = nullptr);

// The column list for SELECT; read() expects a row in this order.
QString selectColumns();
StoredCaptureRecord read(const QSqlQuery &query);

} // namespace cb::capturerow
