#pragma once

#include "rpc/ocppversion.h"

#include <QtGlobal>

#include <optional>

namespace cb {

struct LintOptions
{
    // OCPP-J: a CALL unanswered after this long counts as failed (ChargeBench's default is 30 s).
    qint64 replyTimeoutUs = 30'000'000;
    // Silence is reported when longer than interval * heartbeatFactor + heartbeatSlackUs: stations
    // legitimately drift a little, and a Heartbeat may leave just after the interval expired.
    double heartbeatFactor = 1.5;
    qint64 heartbeatSlackUs = 10'000'000;
    // Used for connections whose open record does not name the subprotocol; nullopt: guess from
    // the actions seen (TransactionEvent means 2.x, StartTransaction 1.6).
    std::optional<OcppVersion> defaultVersion;
};

} // namespace cb
