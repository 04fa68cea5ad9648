#include "functionalblock.h"

namespace cb {

QString FunctionalBlock::now()
{
    // Formatting a QDateTime costs more than answering a Heartbeat; a busy server answers many
    // per millisecond, so the text is made once per millisecond (per thread).
    thread_local qint64 cachedMs = -1;
    thread_local QString cached;
    const QDateTime t = QDateTime::currentDateTimeUtc();
    const qint64 ms = t.toMSecsSinceEpoch();
    if (ms != cachedMs) {
        cachedMs = ms;
        cached = t.toString(Qt::ISODateWithMs);
    }
    return cached;
}

} // namespace cb
