#include "apiadmission.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace cb {

namespace {

using Clock = std::chrono::steady_clock;

// Waits are cut into slices so that a stopping server is noticed quickly.
constexpr std::chrono::milliseconds kSlice{100};

thread_local bool t_closeAfterResponse = false;

void addressOf(socket_t sock, bool peer, std::string &ip, int &port)
{
    sockaddr_storage addr{};
    socklen_t len = sizeof(addr);
    const int rc = peer ? ::getpeername(sock, reinterpret_cast<sockaddr *>(&addr), &len)
                        : ::getsockname(sock, reinterpret_cast<sockaddr *>(&addr), &len);
    if (rc != 0)
        return;
    char host[NI_MAXHOST];
    char service[NI_MAXSERV];
    if (::getnameinfo(reinterpret_cast<sockaddr *>(&addr), len, host, sizeof(host), service, sizeof(service),
                      NI_NUMERICHOST | NI_NUMERICSERV)
        == 0) {
        ip = host;
        port = std::atoi(service);
    }
}

// A socket stream like httplib's own, except that reads come out of a byte budget and every
// wait gives up when the server stops.
class BudgetStream final : public httplib::Stream
{
public:
    BudgetStream(socket_t sock, const AdmissionLimits &limits, const std::atomic<bool> &stopping)
        : m_sock(sock), m_limits(limits), m_stopping(stopping)
    {
    }

    void startHead()
    {
        m_remaining = m_limits.maxHeadBytes;
        m_deadline = Clock::now() + m_limits.headDeadline;
    }
    // The body may carry chunk framing around maxBodyBytes of content.
    void startBody()
    {
        m_remaining = m_limits.maxBodyBytes + 64 * 1024;
        m_deadline = Clock::now() + m_limits.bodyDeadline;
    }
    bool overspent() const { return m_overspent; }
    bool hasBuffered() const { return m_pos < m_len; }

    // True when the socket is ready within `wait`; false on silence, a closed socket or, when
    // `untilStop`, a stop.
    bool waitFor(short events, std::chrono::milliseconds wait, Clock::time_point deadline = Clock::time_point::max(),
                 bool untilStop = true) const
    {
        const auto until = std::min(Clock::now() + wait, deadline);
        while (!(untilStop && m_stopping)) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
            if (left.count() <= 0)
                return false;
            pollfd p{m_sock, events, 0};
            const int rc = ::poll(&p, 1, int(std::min(left, kSlice).count()));
            if (rc > 0)
                return (p.revents & (events | POLLHUP | POLLERR)) != 0;
            if (rc < 0 && errno != EINTR)
                return false;
        }
        return false;
    }

    bool is_readable() const override { return hasBuffered() || waitFor(POLLIN, m_limits.readTimeout, m_deadline); }
    // A stopping server still sends the answers it has (503 for calls it gave up on), with a
    // short grace for a client that does not read.
    bool is_writable() const override
    {
        return waitFor(POLLOUT, m_stopping ? std::chrono::milliseconds(500) : m_limits.readTimeout, Clock::time_point::max(), false);
    }

    ssize_t read(char *ptr, size_t size) override
    {
        if (m_remaining == 0) {
            m_overspent = true;
            return -1;
        }
        size = std::min(size, m_remaining);
        if (!hasBuffered()) {
            if (!waitFor(POLLIN, m_limits.readTimeout, m_deadline))
                return -1;
            ssize_t n;
            do
                n = ::recv(m_sock, m_buffer, sizeof(m_buffer), 0);
            while (n < 0 && errno == EINTR);
            if (n <= 0)
                return n;
            m_pos = 0;
            m_len = size_t(n);
        }
        const size_t n = std::min(size, m_len - m_pos);
        std::memcpy(ptr, m_buffer + m_pos, n);
        m_pos += n;
        m_remaining -= n;
        return ssize_t(n);
    }

    ssize_t write(const char *ptr, size_t size) override
    {
        if (!is_writable())
            return -1;
        ssize_t n;
        do
            n = ::send(m_sock, ptr, size, MSG_NOSIGNAL);
        while (n < 0 && errno == EINTR);
        return n;
    }

    void get_remote_ip_and_port(std::string &ip, int &port) const override { addressOf(m_sock, true, ip, port); }
    void get_local_ip_and_port(std::string &ip, int &port) const override { addressOf(m_sock, false, ip, port); }
    socket_t socket() const override { return m_sock; }

private:
    socket_t m_sock;
    const AdmissionLimits &m_limits;
    const std::atomic<bool> &m_stopping;
    char m_buffer[4096];
    size_t m_pos = 0;
    size_t m_len = 0;
    size_t m_remaining = 0;
    Clock::time_point m_deadline = Clock::time_point::max();
    bool m_overspent = false;
};

// Closing a socket with unread input makes the kernel send a reset, which can destroy the
// response before the client reads it. Say we are done, then discard a bounded amount of what
// the client is still sending.
void lingerAndClose(socket_t sock, BudgetStream &strm, const std::atomic<bool> &stopping)
{
    ::shutdown(sock, SHUT_WR);
    size_t drained = 0;
    const auto until = Clock::now() + std::chrono::milliseconds(500);
    char buffer[16384];
    while (!stopping && drained < 1024 * 1024 && Clock::now() < until
           && strm.waitFor(POLLIN, std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()))) {
        const ssize_t n = ::recv(sock, buffer, sizeof(buffer), MSG_DONTWAIT);
        if (n <= 0)
            break;
        drained += size_t(n);
    }
    ::close(sock);
}

} // namespace

AdmissionServer::AdmissionServer(const AdmissionLimits &limits) : m_limits(limits)
{
    set_payload_max_length(limits.maxBodyBytes);
}

void AdmissionServer::closeAfterResponse()
{
    t_closeAfterResponse = true;
}

bool AdmissionServer::process_and_close_socket(socket_t sock)
{
    BudgetStream strm(sock, m_limits, m_stopping);
    bool ok = false;
    bool dirty = false; // unread input may follow the last response
    for (int left = m_limits.keepAliveRequests; left > 0 && svr_sock_ != INVALID_SOCKET && !m_stopping; --left) {
        if (!strm.hasBuffered() && !strm.waitFor(POLLIN, m_limits.keepAliveIdle))
            break;
        strm.startHead();
        t_closeAfterResponse = false;
        bool closed = false;
        bool headRead = false;
        ok = process_request(strm, left == 1, closed, [&strm, &headRead](httplib::Request &req) {
            req.ranges.clear();
            strm.startBody();
            headRead = true;
        });
        // httplib answers a head it could not parse (400) without reading the rest of it.
        dirty = !headRead || strm.overspent() || t_closeAfterResponse;
        if (!ok || closed || dirty)
            break;
    }
    if (dirty) {
        lingerAndClose(sock, strm, m_stopping);
    } else {
        ::shutdown(sock, SHUT_RDWR);
        ::close(sock);
    }
    return ok;
}

} // namespace cb
