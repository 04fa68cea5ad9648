#include "linkcounters.h"

namespace cb::serial {

QJsonObject LinkCounters::toJson() const
{
    return QJsonObject{
        {QStringLiteral("bytesIn"), bytesIn},
        {QStringLiteral("bytesOut"), bytesOut},
        {QStringLiteral("framesIn"), framesIn},
        {QStringLiteral("framesOut"), framesOut},
        {QStringLiteral("checksumErrors"), checksumErrors},
        {QStringLiteral("crcErrors"), crcErrors},
        {QStringLiteral("garbageBytes"), garbageBytes},
        {QStringLiteral("sequenceMismatches"), sequenceMismatches},
        {QStringLiteral("timeouts"), timeouts},
        {QStringLiteral("negativeReplies"), negativeReplies},
        {QStringLiteral("exceptions"), exceptions},
        {QStringLiteral("asyncMessages"), asyncMessages},
        {QStringLiteral("disconnects"), disconnects},
        {QStringLiteral("reconnects"), reconnects},
    };
}

} // namespace cb::serial
