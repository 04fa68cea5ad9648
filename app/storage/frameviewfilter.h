#pragma once

#include <QString>
#include <QtGlobal>

namespace cb {

// What the traffic view shows: every field narrows the selection; empty/zero fields select all.
// Unlike FrameFilter (API paging) it covers every filter of the traffic list and the capture window.
struct FrameViewFilter
{
    enum class Direction { Any, Received, Sent }; // Sent: by ChargeBench / the CSMS side of a capture
    // messageType: kAnyType, kEventsType (connection open/close and notes), kUndecodableType
    // (frames that are not OCPP-J), or an OCPP-J message type 2..6.
    static constexpr int kAnyType = -1;
    static constexpr int kEventsType = 0;
    static constexpr int kUndecodableType = 1;

    QString stationId;
    QString action; // CALLs and the replies to them (replies carry their CALL's action)
    Direction direction = Direction::Any;
    int messageType = kAnyType;
    // Frames recorded with a problem, and frames named by lint findings (when the query knows them).
    bool onlyProblems = false;
    qint64 fromUs = 0; // inclusive bounds, microseconds since the epoch; 0: open
    qint64 toUs = 0;
    QString search; // words looked up in payloads (full-text index, then LIKE for unindexed rows)

    bool isEmpty() const { return *this == FrameViewFilter{}; }
    friend bool operator==(const FrameViewFilter &, const FrameViewFilter &) = default;
};

} // namespace cb
