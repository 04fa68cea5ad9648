#pragma once

#include "ocpppayloads.h"

#include <cstdint>
#include <string>

namespace cb::bench {

// One simulated station's connection, owned by a LoadWorker.
struct StationLink
{
    enum class State { NotStarted, Connecting, Handshaking, Booting, Ready, Busy, Closing, Closed };

    int index = 0; // global station number: decides identity and version
    BenchVersion version = BenchVersion::V16;
    State state = State::NotStarted;
    int fd = -1;
    bool wantWrite = false; // EPOLLOUT registered
    std::string identity;
    std::string expectedAccept;
    std::string in;      // bytes received, not yet parsed
    std::string out;     // bytes not yet accepted by the socket
    std::string message; // a fragmented text message being reassembled
    bool fragmented = false;
    std::uint64_t lastCallId = 0;    // ids are 1, 2, 3, ... per connection
    std::uint64_t outstandingId = 0; // 0: none
    BenchAction outstandingAction = BenchAction::Heartbeat;
    std::int64_t sentNs = 0;
    std::int64_t deadlineNs = 0; // for the set-up steps and the outstanding call
    unsigned rotation = 0;

    bool settingUp() const { return state == State::Connecting || state == State::Handshaking || state == State::Booting; }
    bool open() const { return state == State::Ready || state == State::Busy; }
};

} // namespace cb::bench
