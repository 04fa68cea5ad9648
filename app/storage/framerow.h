#pragma once

#include "capture/capturerecord.h"

#include <QString>
#include <QtGlobal>

namespace cb {

// One line of the traffic list as read from the frames table: the columns without the payload,
// plus the CALL/reply pairing. Only a window of these is kept in memory at a time.
struct FrameRow
{
    qint64 id = 0;
    qint64 timestampUs = 0;
    qint64 connectionId = 0;
    qint64 pairId = 0; // the reply of a CALL, or the CALL of a reply; 0 when not found
    qint64 latencyUs = -1; // CALL to its reply; -1 when there is no pair
    QString stationId;
    QString messageId;
    QString action;
    QString problem;
    qint32 size = 0; // payload bytes
    CaptureRecord::Kind kind = CaptureRecord::Kind::Frame;
    bool outgoing = false;
    qint8 messageType = 0;

    bool isCall() const { return kind == CaptureRecord::Kind::Frame && messageType == 2; }
    bool isReply() const { return kind == CaptureRecord::Kind::Frame && messageType >= 3 && messageType <= 5; }
};

} // namespace cb
