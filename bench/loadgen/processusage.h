#pragma once

#include <sys/types.h>

namespace cb::bench {

// A server process as /proc shows it.
struct ProcessUsage
{
    bool valid = false;
    double cpuSeconds = 0; // utime + stime of all its threads
    long peakRssKb = 0;    // VmHWM
    long rssKb = 0;        // VmRSS
    int threads = 0;
};

ProcessUsage sampleProcess(pid_t pid);
// This process (the generator), all threads.
double selfCpuSeconds();

} // namespace cb::bench
