#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <optional>

namespace cb::serial::rapi {

// XOR of every byte, the RAPI checksum ("$GS" -> 0x30).
quint8 checksum(QByteArrayView bytes);

// "$cc p1 p2 :ss^XX\r": command, parameters, optional sequence id (1..255; 0 is invalid and means
// none), XOR checksum over everything before '^' as two upper-case hex digits.
QByteArray encodeCommand(const QByteArray &command, const QList<QByteArray> &params = {}, int sequenceId = 0);

// One line received from the controller, without its terminating '\r'.
struct RapiMessage
{
    QByteArray type;             // "OK", "NK", "AT", "AB", ... (the two letters after '$')
    QList<QByteArray> tokens;    // the fields after the type, sequence id removed
    std::optional<int> sequenceId;
    bool hasChecksum = false;
    QByteArray raw;

    bool isReply() const { return type == "OK" || type == "NK"; }
    bool isAsync() const { return !isReply(); }
};

struct RapiDecodeError
{
    enum class Kind { NotAFrame, BadChecksum, BadSequenceId };
    Kind kind = Kind::NotAFrame;
    QByteArray raw;
};

// Parses a line such as "$OK 3 12 3 0100 :1A^2C". A missing checksum is accepted (old firmware
// answers without one when asked without one); a wrong one is an error.
Result<RapiMessage, RapiDecodeError> decodeLine(QByteArrayView line);

} // namespace cb::serial::rapi
