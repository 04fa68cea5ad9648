#pragma once

#include "captureselection.h"
#include "common/result.h"

#include <QCoreApplication>

class QIODevice;

namespace cb {

class CaptureWriter;
class Database;

// Moves captures between the frames table and JSON lines files (see JSONL.md).
class CaptureTransfer
{
    Q_DECLARE_TR_FUNCTIONS(cb::CaptureTransfer)
public:
    // Writes the header and every selected record, oldest first; returns how many records.
    static Result<qint64> exportJsonl(Database &db, const CaptureSelection &selection, QIODevice &out);
    // Reads a JSON lines capture and appends every record to `writer` (which must be open), then
    // waits until they are committed. Records get new ids; everything else is kept as it was.
    static Result<qint64> importJsonl(QIODevice &in, CaptureWriter &writer);
};

} // namespace cb
