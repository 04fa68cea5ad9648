#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace cb::serial {

// One chunk of bytes that crossed a serial link, for the capture database's serial channel and
// live traffic views. Small on purpose: the app stores it, this library only reports it.
struct ByteLogEntry
{
    enum class Direction { In, Out };
    Direction direction = Direction::In;
    qint64 timestampUs = 0;  // microseconds since the Unix epoch
    QString port;            // system location, e.g. /dev/ttyUSB0
    QByteArray bytes;        // exactly as on the wire; empty for a note about the link
    QString note;            // why this entry is special, e.g. "CRC error: ... discarded"
    bool problem = false;    // the bytes are not a good frame: garbage, wrong CRC, exception, foreign reply

    QString hex() const;     // "24 47 53 5e 33 30 0d"
    QString text() const;    // printable ASCII, others as \r \n \xNN
    QString directionName() const { return direction == Direction::In ? QStringLiteral("in") : QStringLiteral("out"); }
    QJsonObject toJson() const;

    static qint64 nowUs();
};

} // namespace cb::serial
