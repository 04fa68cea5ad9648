#pragma once

#include "ocpppayloads.h"

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace cb::bench {

struct LoadOptions
{
    std::string host = "127.0.0.1"; // always a loopback address
    std::uint16_t port = 9000;
    std::string path = "/";         // ends with '/'; the identity is appended
    std::string idPrefix = "LOAD";
    int connections = 1000;
    std::vector<BenchVersion> versions{BenchVersion::V16, BenchVersion::V201, BenchVersion::V21};
    std::vector<BenchAction> actions{BenchAction::Heartbeat, BenchAction::MeterValues, BenchAction::StatusNotification};
    double warmupSeconds = 5;
    double durationSeconds = 20;
    double callTimeoutSeconds = 10;
    double connectTimeoutSeconds = 15;
    int connectConcurrency = 64; // handshakes + boots in flight at once (per worker)
    int threads = 1;
    pid_t serverPid = 0;
    std::string label;
    std::string summaryFile;
};

} // namespace cb::bench
