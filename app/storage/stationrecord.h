#pragma once

#include <QString>
#include <QtGlobal>

namespace cb {

// What ChargeBench knows about a station that connected at least once.
//
// For StationRepository::upsert() the same struct carries a partial update: a null QString,
// securityProfile -1 and a zero time mean "unknown, keep what is stored".
struct StationRecord
{
    QString id; // the identity from the connection URL; primary key
    QString vendor;
    QString model;
    QString serialNumber;
    QString firmwareVersion;
    QString ocppVersion; // "1.6", "2.0.1", "2.1"
    int securityProfile = -1; // 0..3; -1 when unknown
    qint64 firstSeenUs = 0; // microseconds since the Unix epoch, UTC
    qint64 lastSeenUs = 0;
    QString remoteAddress; // "host:port" of the last connection
    QString iccid; // modem, when the station reported one
    QString imsi;

    friend bool operator==(const StationRecord &, const StationRecord &) = default;
};

} // namespace cb
