#pragma once

#include <QString>
#include <QtGlobal>

namespace cb {

// Which frames FrameRepository::frames() returns: those with id > afterId, of one station when
// stationId is not empty, oldest first, at most limit of them. Paging: pass the last id seen.
struct FrameFilter
{
    QString stationId;
    qint64 afterId = 0;
    int limit = 100;

    static constexpr int kMaxLimit = 10000;
};

} // namespace cb
