#pragma once

#include "loadoptions.h"
#include "loadstats.h"
#include "runclock.h"
#include "stationlink.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace cb::bench {

// Drives a share of the stations from one thread with epoll (level-triggered): connect with a
// bounded number of set-ups in flight, WebSocket handshake, BootNotification; then, once the
// main thread says Run, keeps exactly one CALL outstanding per station until the window ends.
class LoadWorker
{
public:
    LoadWorker(const LoadOptions &options, const PayloadSet &payloads, RunClock &clock, int firstIndex, int count);
    ~LoadWorker();
    LoadWorker(const LoadWorker &) = delete;
    LoadWorker &operator=(const LoadWorker &) = delete;

    void run();
    LoadStats &stats() { return m_stats; }

private:
    void startConnections(std::int64_t now);
    void startConnect(StationLink &link, std::int64_t now);
    void onWritable(StationLink &link, std::int64_t now);
    void onReadable(StationLink &link);
    bool onHandshakeBytes(StationLink &link, std::int64_t now);
    void onText(StationLink &link, std::string_view text, std::int64_t now);
    void onReply(StationLink &link, int type, std::uint64_t id, std::int64_t now);
    void sendCall(StationLink &link, BenchAction action, std::int64_t now);
    void sendNext(StationLink &link, std::int64_t now);
    void sendFrame(StationLink &link, int opcode, std::string_view payload);
    void flush(StationLink &link);
    void setWantWrite(StationLink &link, bool want);
    void fail(StationLink &link, std::int64_t now, const std::string &why);
    void closeLink(StationLink &link);
    void checkDeadlines(std::int64_t now);
    void closeAll();

    const LoadOptions &m_options;
    const PayloadSet &m_payloads;
    RunClock &m_clock;
    std::vector<StationLink> m_links;
    LoadStats m_stats;
    int m_epoll = -1;
    std::size_t m_nextToStart = 0;
    int m_inSetup = 0;
    int m_busy = 0;
    bool m_settled = false;
    bool m_running = false;
    bool m_stopping = false;
    std::int64_t m_measureStartNs = 0;
    std::int64_t m_measureEndNs = 0;
    std::uint32_t m_rng = 0x9E3779B9u;
    std::vector<char> m_scratch;
};

} // namespace cb::bench
