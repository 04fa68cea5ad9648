#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstddef>

namespace cb {

// What one connection may cost the automation API before anyone knows who is calling.
struct AdmissionLimits
{
    std::size_t maxHeadBytes = 64 * 1024;  // request line and all headers together
    std::size_t maxBodyBytes = 1024 * 1024;
    std::chrono::milliseconds readTimeout{5000};   // silence allowed between two reads or writes
    std::chrono::milliseconds headDeadline{10000}; // a whole request head, against slow senders
    std::chrono::milliseconds bodyDeadline{30000};
    int keepAliveRequests = 5;
    std::chrono::milliseconds keepAliveIdle{5000};
};

// cpp-httplib 0.11.4 (Debian's compiled library, so its CPPHTTPLIB_* limits cannot be changed
// from here) buffers a request line or header line of any length, any number of headers, and
// chunked or length-less bodies without limit. This server replaces the per-connection loop so
// that every byte httplib reads comes out of a budget: a request that overspends it fails inside
// httplib (400) and its connection is closed. Ranges are dropped before routing because the API
// serves JSON whole and httplib copies the content once per requested range. Reads and writes
// wait in short slices so that stop() never waits on a silent client.
class AdmissionServer : public httplib::Server
{
public:
    explicit AdmissionServer(const AdmissionLimits &limits = {});

    const AdmissionLimits &limits() const { return m_limits; }

    // Connections and handlers notice this within a fraction of a second.
    void beginStop() { m_stopping = true; }
    bool stopping() const { return m_stopping; }

    // Called from a handler or admission check on the worker thread: the request body was left
    // unread, so the connection cannot carry another request.
    static void closeAfterResponse();

private:
    bool process_and_close_socket(socket_t sock) override;

    AdmissionLimits m_limits;
    std::atomic<bool> m_stopping{false};
};

} // namespace cb
