#pragma once

#include <atomic>
#include <cstdint>
#include <ctime>

namespace cb::bench {

inline std::int64_t monotonicNs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return std::int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// What the main thread tells the workers: every worker first connects and boots its stations
// and reports itself settled; then the main thread fixes the measurement window and lets
// them run. Calls completed inside [measureStartNs, measureEndNs) are counted.
struct RunClock
{
    enum Phase : int { Connect = 0, Run = 1, Abort = 2 };
    std::atomic<int> phase{Connect};
    std::atomic<int> settledWorkers{0};
    std::atomic<std::int64_t> measureStartNs{0};
    std::atomic<std::int64_t> measureEndNs{0};
};

} // namespace cb::bench
