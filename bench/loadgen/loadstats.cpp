#include "loadstats.h"

#include <algorithm>
#include <cmath>

namespace cb::bench {

std::int64_t LoadStats::completedInWindow() const
{
    std::int64_t n = 0;
    for (std::int64_t c : completedByAction)
        n += c;
    return n;
}

void LoadStats::merge(LoadStats &&other)
{
    connectFailures += other.connectFailures;
    handshakeFailures += other.handshakeFailures;
    bootFailures += other.bootFailures;
    for (std::size_t i = 0; i < bootedByVersion.size(); ++i)
        bootedByVersion[i] += other.bootedByVersion[i];
    lastSettledNs = std::max(lastSettledNs, other.lastSettledNs);
    callErrors += other.callErrors;
    timeouts += other.timeouts;
    disconnects += other.disconnects;
    badFrames += other.badFrames;
    lateReplies += other.lateReplies;
    serverCalls += other.serverCalls;
    completedTotal += other.completedTotal;
    for (std::size_t i = 0; i < completedByAction.size(); ++i)
        completedByAction[i] += other.completedByAction[i];
    latenciesUs.insert(latenciesUs.end(), other.latenciesUs.begin(), other.latenciesUs.end());
    note(other.firstProblem);
}

double percentileMs(std::vector<std::uint32_t> &latenciesUs, double percentile)
{
    if (latenciesUs.empty())
        return 0;
    std::sort(latenciesUs.begin(), latenciesUs.end());
    const double rank = std::ceil(percentile / 100.0 * double(latenciesUs.size()));
    const std::size_t index = std::min(latenciesUs.size() - 1, std::size_t(std::max(1.0, rank)) - 1);
    return double(latenciesUs[index]) / 1000.0;
}

} // namespace cb::bench
