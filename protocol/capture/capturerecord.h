#pragma once

#include <QByteArray>
#include <QString>
#include <QtGlobal>

namespace cb {

// One captured event on a channel: a frame exactly as it crossed the wire, or a connection event.
// The same record in every layer: the live capture and the pcap importer produce it, storage keeps
// it, inspection and the views read it. Kept small and implicitly shared (QString/QByteArray) so
// that copying it into the writer queue from the network thread costs a few reference counts, not
// a deep copy.
struct CaptureRecord
{
    enum class Kind { Frame, ConnectionOpened, ConnectionClosed, Note };

    Kind kind = Kind::Frame;
    qint64 timestampUs = 0; // microseconds since the Unix epoch, UTC
    QString channel = QStringLiteral("ocpp"); // "ocpp", later "serial:<port>"
    QString stationId; // the last path segment of the WebSocket upgrade request, percent-decoded
    qint64 connectionId = 0; // 1, 2, ... in order of the connections' first packet when imported
    // true: sent by ChargeBench, or in an imported capture by the side that answered the upgrade
    // with 101 (the CSMS); false: received, or sent by the station
    bool outgoing = false;
    int messageType = 0; // OCPP-J 2..6; 0 when not a decodable OCPP frame
    QString messageId;
    QString action; // for replies: the action of the CALL they answer
    // Frame text exactly as on the wire, or JSON details for connection events (HTTP headers with
    // secrets masked, TLS version, cipher, close code/reason).
    QByteArray data;
    QString problem; // empty when the frame was valid; the violation or decode failure otherwise

    friend bool operator==(const CaptureRecord &, const CaptureRecord &) = default;
};

} // namespace cb
