#pragma once

#include <QJsonObject>
#include <QString>
#include <QtGlobal>

#include <optional>

namespace cb {

// Which records of the frames table an export or a lint reads. Empty fields select everything;
// the bounds are inclusive.
struct CaptureSelection
{
    QString stationId;
    std::optional<qint64> connectionId;
    std::optional<qint64> fromUs; // microseconds since the epoch, UTC
    std::optional<qint64> toUs;
    std::optional<qint64> fromId;
    std::optional<qint64> toId;

    // For the export header: only the fields that are set.
    QJsonObject toJson() const;
};

} // namespace cb
