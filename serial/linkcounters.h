#pragma once

#include <QJsonObject>

namespace cb::serial {

// What went wrong (and right) on one hardware link, so a technician can tell a flaky cable from a
// confused controller. Counters only grow while a client lives.
struct LinkCounters
{
    qint64 bytesIn = 0;
    qint64 bytesOut = 0;
    qint64 framesIn = 0;          // complete, valid frames or lines received
    qint64 framesOut = 0;         // requests or commands sent
    qint64 checksumErrors = 0;    // RAPI lines with a wrong ^XX
    qint64 crcErrors = 0;         // Modbus frames with a wrong CRC
    qint64 garbageBytes = 0;      // bytes outside any frame (noise, partial lines)
    qint64 sequenceMismatches = 0; // RAPI replies for another sequence id, Modbus replies for another request
    qint64 timeouts = 0;
    qint64 negativeReplies = 0;   // RAPI $NK
    qint64 exceptions = 0;        // Modbus exception responses
    qint64 asyncMessages = 0;     // RAPI $AT/$AB and other unsolicited lines
    qint64 disconnects = 0;       // the port went away (unplug, peer closed)
    qint64 reconnects = 0;        // the port came back and was reopened

    QJsonObject toJson() const;
    bool operator==(const LinkCounters &) const = default;
};

} // namespace cb::serial
