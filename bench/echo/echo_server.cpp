// Trivial OCPP-J "server" for measuring the load generator's own ceiling: accepts any
// ws://host:port/<anything>, agrees to the first subprotocol offered, and answers every CALL
// with a canned CALLRESULT [3,"<id>",{}] without parsing JSON or validating anything (it only
// cuts the message id out of the frame). One thread, epoll, level-triggered; far less work per
// message than any real server, so a run against it shows how fast the generator itself is.
//
// Usage: bench_echo_server [--listen 127.0.0.1:9220]
// Prints "listening HOST:PORT" once ready; SIGTERM/SIGINT stop it.
#include "wsframe.h"

#include <arpa/inet.h>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <unordered_map>

using namespace cb::bench;

namespace {

volatile std::sig_atomic_t g_stop = 0;

struct Peer
{
    int fd = -1;
    bool upgraded = false;
    bool wantWrite = false; // EPOLLOUT registered
    std::string in;
    std::string out;
};

constexpr std::size_t MaxPayload = 1 << 20;

void raiseFileLimit()
{
    rlimit lim{};
    if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
        lim.rlim_cur = lim.rlim_max;
        setrlimit(RLIMIT_NOFILE, &lim);
    }
}

class EchoServer
{
public:
    bool listenOn(const char *host, int port)
    {
        m_listen = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        const int one = 1;
        setsockopt(m_listen, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(std::uint16_t(port));
        if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
            std::fprintf(stderr, "bench_echo_server: %s is not an IPv4 address\n", host);
            return false;
        }
        if (bind(m_listen, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 || listen(m_listen, 4096) != 0) {
            std::fprintf(stderr, "bench_echo_server: cannot listen on %s:%d: %s\n", host, port, std::strerror(errno));
            return false;
        }
        m_epoll = epoll_create1(EPOLL_CLOEXEC);
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.fd = m_listen;
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_listen, &ev);
        return true;
    }

    void run()
    {
        epoll_event events[512];
        char buffer[64 * 1024];
        while (!g_stop) {
            const int n = epoll_wait(m_epoll, events, 512, 200);
            for (int i = 0; i < n; ++i) {
                const int fd = events[i].data.fd;
                if (fd == m_listen) {
                    acceptAll();
                    continue;
                }
                auto it = m_peers.find(fd);
                if (it == m_peers.end())
                    continue;
                Peer &peer = *it->second;
                if (events[i].events & EPOLLOUT)
                    flush(peer);
                if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
                    const ssize_t got = recv(fd, buffer, sizeof buffer, 0);
                    if (got <= 0) {
                        if (got < 0 && errno == EAGAIN)
                            continue;
                        drop(fd);
                        continue;
                    }
                    peer.in.append(buffer, std::size_t(got));
                    if (!process(peer))
                        drop(fd);
                }
            }
        }
    }

private:
    void acceptAll()
    {
        for (;;) {
            const int fd = accept4(m_listen, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0)
                return;
            const int one = 1;
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            auto peer = std::make_unique<Peer>();
            peer->fd = fd;
            epoll_event ev{};
            ev.events = EPOLLIN;
            ev.data.fd = fd;
            epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev);
            m_peers.emplace(fd, std::move(peer));
        }
    }

    void drop(int fd)
    {
        epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
        close(fd);
        m_peers.erase(fd);
    }

    // Returns false when the connection should be dropped.
    bool process(Peer &peer)
    {
        if (!peer.upgraded) {
            const std::size_t end = peer.in.find("\r\n\r\n");
            if (end == std::string::npos)
                return peer.in.size() < 16384;
            const std::string_view head(peer.in.data(), end + 2);
            const std::string_view key = httpHeader(head, "Sec-WebSocket-Key");
            if (key.empty())
                return false;
            std::string_view protocol = httpHeader(head, "Sec-WebSocket-Protocol");
            protocol = protocol.substr(0, protocol.find(','));
            std::string reply = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ";
            reply += wsAcceptKey(key);
            if (!protocol.empty()) {
                reply += "\r\nSec-WebSocket-Protocol: ";
                reply += protocol;
            }
            reply += "\r\n\r\n";
            peer.out += reply;
            peer.in.erase(0, end + 4);
            peer.upgraded = true;
        }
        std::size_t offset = 0;
        bool keep = true;
        while (keep) {
            WsFrame frame;
            std::size_t consumed = 0;
            const WsParse r = parseWsFrame(peer.in.data() + offset, peer.in.size() - offset, MaxPayload, frame, consumed);
            if (r == WsParse::Incomplete)
                break;
            if (r == WsParse::Invalid)
                return false;
            offset += consumed;
            const std::string_view text(frame.payload, frame.length);
            switch (frame.opcode) {
            case WsOpcode::Text:
                answer(peer, text);
                break;
            case WsOpcode::Ping:
                appendWsFrame(peer.out, WsOpcode::Pong, text, false, 0);
                break;
            case WsOpcode::Close:
                appendWsFrame(peer.out, WsOpcode::Close, text.substr(0, 2), false, 0);
                keep = false;
                break;
            default:
                break;
            }
        }
        peer.in.erase(0, offset);
        flush(peer);
        return keep;
    }

    // [2,"<id>",...] -> [3,"<id>",{}]; anything else is ignored.
    static void answer(Peer &peer, std::string_view text)
    {
        if (text.size() < 6 || text.substr(0, 4) != "[2,\"")
            return;
        const std::size_t close = text.find('"', 4);
        if (close == std::string_view::npos)
            return;
        char reply[160];
        const std::string_view id = text.substr(4, close - 4);
        if (id.size() > 100)
            return;
        int n = std::snprintf(reply, sizeof reply, "[3,\"%.*s\",{}]", int(id.size()), id.data());
        appendWsFrame(peer.out, WsOpcode::Text, std::string_view(reply, std::size_t(n)), false, 0);
    }

    void flush(Peer &peer)
    {
        while (!peer.out.empty()) {
            const ssize_t sent = send(peer.fd, peer.out.data(), peer.out.size(), MSG_NOSIGNAL);
            if (sent < 0)
                break;
            peer.out.erase(0, std::size_t(sent));
        }
        // Only touch the interest set when it changes: one syscall fewer per message.
        if (peer.wantWrite == !peer.out.empty())
            return;
        peer.wantWrite = !peer.out.empty();
        epoll_event ev{};
        ev.events = EPOLLIN | (peer.wantWrite ? unsigned(EPOLLOUT) : 0u);
        ev.data.fd = peer.fd;
        epoll_ctl(m_epoll, EPOLL_CTL_MOD, peer.fd, &ev);
    }

    int m_listen = -1;
    int m_epoll = -1;
    std::unordered_map<int, std::unique_ptr<Peer>> m_peers;
};

} // namespace

int main(int argc, char *argv[])
{
    std::string listenOn = "127.0.0.1:9220";
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--listen" && i + 1 < argc) {
            listenOn = argv[++i];
        } else {
            std::fprintf(stderr, "usage: bench_echo_server [--listen HOST:PORT]\n");
            return 2;
        }
    }
    const std::size_t colon = listenOn.rfind(':');
    if (colon == std::string::npos) {
        std::fprintf(stderr, "bench_echo_server: --listen wants HOST:PORT, e.g. 127.0.0.1:9220\n");
        return 2;
    }
    const std::string host = listenOn.substr(0, colon);
    const int port = std::atoi(listenOn.c_str() + colon + 1);
    raiseFileLimit();
    std::signal(SIGTERM, [](int) { g_stop = 1; });
    std::signal(SIGINT, [](int) { g_stop = 1; });
    std::signal(SIGPIPE, SIG_IGN);
    EchoServer server;
    if (!server.listenOn(host.c_str(), port))
        return 1;
    std::printf("listening %s:%d\n", host.c_str(), port);
    std::fflush(stdout);
    server.run();
    return 0;
}
