#include "captureselection.h"

namespace cb {

QJsonObject CaptureSelection::toJson() const
{
    QJsonObject o;
    if (!stationId.isEmpty())
        o.insert(QStringLiteral("station"), stationId);
    if (connectionId)
        o.insert(QStringLiteral("connection"), *connectionId);
    if (fromUs)
        o.insert(QStringLiteral("fromUs"), *fromUs);
    if (toUs)
        o.insert(QStringLiteral("toUs"), *toUs);
    if (fromId)
        o.insert(QStringLiteral("fromId"), *fromId);
    if (toId)
        o.insert(QStringLiteral("toId"), *toId);
    return o;
}

} // namespace cb
