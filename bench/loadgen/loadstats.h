#pragma once

#include "ocpppayloads.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace cb::bench {

// What one worker saw; merged by the main thread at the end.
struct LoadStats
{
    // set-up
    std::int64_t connectFailures = 0;   // TCP connect refused or timed out
    std::int64_t handshakeFailures = 0; // no 101, wrong accept key or subprotocol, closed early
    std::int64_t bootFailures = 0;      // BootNotification answered with CALLERROR or not at all
    std::array<std::int64_t, 3> bootedByVersion{};
    std::int64_t lastSettledNs = 0;

    // load (whole run)
    std::int64_t callErrors = 0;   // CALLERROR answers to our CALLs
    std::int64_t timeouts = 0;     // no answer within the call timeout
    std::int64_t disconnects = 0;  // closed by the server or the network after boot
    std::int64_t badFrames = 0;    // not OCPP-J, wrong type, id of a call never sent
    std::int64_t lateReplies = 0;  // answers to calls already counted as timeouts
    std::int64_t serverCalls = 0;  // CALLs from the server (answered with CALLERROR NotImplemented)
    std::int64_t completedTotal = 0;

    // measurement window
    std::array<std::int64_t, BenchActionCount> completedByAction{};
    std::vector<std::uint32_t> latenciesUs;

    std::string firstProblem; // the first failure, verbatim, to help whoever runs it

    std::int64_t booted() const { return bootedByVersion[0] + bootedByVersion[1] + bootedByVersion[2]; }
    std::int64_t completedInWindow() const;
    std::int64_t errors() const
    {
        return connectFailures + handshakeFailures + bootFailures + callErrors + timeouts + disconnects + badFrames;
    }
    void merge(LoadStats &&other);
    void note(const std::string &problem)
    {
        if (firstProblem.empty())
            firstProblem = problem;
    }
};

// Latency percentile in milliseconds (nearest rank); sorts `latenciesUs`.
double percentileMs(std::vector<std::uint32_t> &latenciesUs, double percentile);

} // namespace cb::bench
