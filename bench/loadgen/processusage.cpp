#include "processusage.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

namespace cb::bench {

ProcessUsage sampleProcess(pid_t pid)
{
    ProcessUsage u;
    if (pid <= 0)
        return u;
    const std::string base = "/proc/" + std::to_string(pid);
    std::ifstream stat(base + "/stat");
    std::string line;
    if (!std::getline(stat, line))
        return u;
    // Field 2 (comm) may contain spaces; the fields after its closing parenthesis are fixed.
    const std::size_t close = line.rfind(')');
    if (close == std::string::npos)
        return u;
    std::istringstream rest(line.substr(close + 2));
    std::string field;
    unsigned long long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
        if (i == 14)
            utime = std::stoull(field);
        else if (i == 15)
            stime = std::stoull(field);
    }
    u.cpuSeconds = double(utime + stime) / double(sysconf(_SC_CLK_TCK));
    std::ifstream status(base + "/status");
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0)
            u.peakRssKb = std::stol(line.substr(6));
        else if (line.rfind("VmRSS:", 0) == 0)
            u.rssKb = std::stol(line.substr(6));
        else if (line.rfind("Threads:", 0) == 0)
            u.threads = std::stoi(line.substr(8));
    }
    // A process that has exited but not been reaped still has a stat file, but no memory lines.
    u.valid = u.peakRssKb > 0;
    return u;
}

double selfCpuSeconds()
{
    rusage r{};
    getrusage(RUSAGE_SELF, &r);
    return double(r.ru_utime.tv_sec + r.ru_stime.tv_sec) + double(r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
}

} // namespace cb::bench
