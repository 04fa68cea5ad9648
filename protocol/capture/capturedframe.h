#pragma once

#include <QByteArray>
#include <QString>
#include <QtGlobal>

namespace cb {

// One event read from a packet capture: an OCPP frame or a connection event. The fields match the
// app's CaptureRecord so the app maps it one to one; protocol/ cannot include app/ headers.
struct CapturedFrame
{
    enum class Kind { Frame, ConnectionOpened, ConnectionClosed, Note };

    Kind kind = Kind::Frame;
    qint64 timestampUs = 0; // packet time, microseconds since the Unix epoch, UTC
    QString stationId;      // last path segment of the upgrade request, percent-decoded
    qint64 connectionId = 0; // 1, 2, ... in order of the connections' first packet
    bool outgoing = false;  // true: sent by the CSMS (the side that answered 101); false: by the station
    int messageType = 0;    // OCPP-J 2..6; 0 when not a decodable OCPP frame
    QString messageId;
    QString action;         // for replies: the action of the CALL they answer
    QByteArray data;        // the frame text as on the wire (inflated), or JSON details for events
    QString problem;        // empty when valid; the violation or decode failure otherwise

    friend bool operator==(const CapturedFrame &, const CapturedFrame &) = default;
};

} // namespace cb
