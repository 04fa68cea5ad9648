#pragma once

#include "capture/capturerecord.h"

namespace cb {

// A capture record as read back, with its row id: ascending in insertion order and never reused,
// so "everything after id N" is a stable paging cursor.
struct StoredCaptureRecord
{
    qint64 id = 0;
    CaptureRecord record;
};

} // namespace cb
