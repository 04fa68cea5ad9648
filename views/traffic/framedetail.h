#pragma once

#include "storage/framerow.h"
#include "storage/storedcapturerecord.h"

#include <QHash>
#include <QString>
#include <QStringList>

namespace cb::framedetail {

// The schema problems recorded with a frame ("path: rule; path: rule", as the validator writes
// them) as marks for jsonHtml(): JSON pointers into the whole OCPP-J array (the payload is element
// 3 of a CALL or SEND, element 2 of a CALLRESULT), each with its rules. Problems without a path
// (decode errors) are not marks; the detail header shows them.
QHash<QString, QStringList> violationMarks(const QString &problem, int messageType);

// The detail pane: a header (time, station, direction, pairing, problem, lint findings) and the
// frame as pretty JSON with its violations marked.
QString html(const StoredCaptureRecord &record, const FrameRow *row, const QStringList &findings);

// "Copy as JSON": the frame pretty-printed, or its text as it was when it is not JSON.
QString jsonText(const CaptureRecord &record);

} // namespace cb::framedetail
