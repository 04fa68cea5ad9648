#include "auththrottle.h"

#include <algorithm>

namespace cb {

namespace {
constexpr qint64 kForgetAfterSecs = 600;
constexpr qint64 kMaxDelayMs = 8000;
} // namespace

std::chrono::milliseconds AuthThrottle::delayFor(const QString &address) const
{
    const auto it = m_entries.constFind(address);
    if (it == m_entries.cend() || it->failures == 0 || it->last.secsTo(QDateTime::currentDateTimeUtc()) > kForgetAfterSecs)
        return std::chrono::milliseconds(0);
    const qint64 ms = std::min<qint64>(kMaxDelayMs, 250LL << std::min(it->failures - 1, 6));
    return std::chrono::milliseconds(ms);
}

void AuthThrottle::recordFailure(const QString &address)
{
    Entry &e = m_entries[address];
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (e.last.isValid() && e.last.secsTo(now) > kForgetAfterSecs)
        e.failures = 0;
    ++e.failures;
    e.last = now;
}

void AuthThrottle::recordSuccess(const QString &address) { m_entries.remove(address); }

} // namespace cb
