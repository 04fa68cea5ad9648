#pragma once

#include "valuerules.h"

#include <QString>

namespace cb::sim {

// One OCPP 1.6 configuration key of the virtual charge point.
struct ConfigurationKey
{
    QString key;
    QString value;
    bool readonly = false;
    bool writeOnly = false;      // AuthorizationKey: never reported
    bool rebootRequired = false; // ChangeConfiguration answers RebootRequired
    QString live;                // computed by the station instead of stored
    QString maxItemsKey;         // CSL: the key that bounds the number of items
    ValueRules rules;
};

} // namespace cb::sim
