#pragma once

#include "rpc/ocppversion.h"

#include <QString>
#include <QStringList>

namespace cb {

// Who sends the CALL of an action. The schemas do not say; this follows the message lists of
// OCPP 1.6 (with the security extension), 2.0.1 and 2.1.
enum class Initiator { ChargingStation, Csms, Both };

Initiator initiatorOf(OcppVersion version, const QString &action);

// Actions a charging station may start (its CALLs), and those the CSMS may start, in the
// version's catalog order. DataTransfer is in both.
QStringList stationInitiatedActions(OcppVersion version);
QStringList csmsInitiatedActions(OcppVersion version);

} // namespace cb
