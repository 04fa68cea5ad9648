#pragma once

#include "rpc/ocppversion.h"
#include "stationstate.h"

#include <QJsonArray>

namespace cb {

// Reads the meterValue array of MeterValues, StopTransaction (transactionData) and
// TransactionEvent into normalised samples: 1.6 values are strings, 2.x numbers with a unit
// multiplier (value x 10^multiplier); the default measurand is Energy.Active.Import.Register.
QList<MeterSample> parseMeterValues(OcppVersion version, const QJsonArray &meterValue, int evseId, int connectorId,
                                    const QString &transactionId);

} // namespace cb
