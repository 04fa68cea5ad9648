#include "loadworker.h"

#include "wsframe.h"

#include <QByteArray>

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace cb::bench {

namespace {

constexpr std::size_t MaxPayload = 4u << 20;
constexpr std::int64_t Ms = 1'000'000;

std::int64_t seconds(double s) { return std::int64_t(s * 1e9); }

} // namespace

LoadWorker::LoadWorker(const LoadOptions &options, const PayloadSet &payloads, RunClock &clock, int firstIndex, int count)
    : m_options(options), m_payloads(payloads), m_clock(clock), m_links(std::size_t(count)), m_scratch(256 * 1024)
{
    m_rng ^= std::uint32_t(firstIndex) * 2654435761u;
    for (int i = 0; i < count; ++i) {
        StationLink &link = m_links[std::size_t(i)];
        link.index = firstIndex + i;
        link.version = options.versions[std::size_t(link.index) % options.versions.size()];
        char id[32];
        std::snprintf(id, sizeof id, "%05d", link.index);
        link.identity = options.idPrefix + id;
    }
}

LoadWorker::~LoadWorker()
{
    for (StationLink &link : m_links) {
        if (link.fd >= 0)
            ::close(link.fd);
    }
    if (m_epoll >= 0)
        ::close(m_epoll);
}

void LoadWorker::run()
{
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    std::vector<epoll_event> events(1024);
    std::int64_t nextDeadlineCheck = 0;
    for (;;) {
        const std::int64_t now = monotonicNs();
        if (!m_settled) {
            startConnections(now);
            if (m_nextToStart == m_links.size() && m_inSetup == 0) {
                m_settled = true;
                m_stats.lastSettledNs = now;
                m_clock.settledWorkers.fetch_add(1, std::memory_order_release);
            }
        }
        const int phase = m_clock.phase.load(std::memory_order_acquire);
        if (phase == RunClock::Abort)
            break;
        if (phase == RunClock::Run && !m_running) {
            m_running = true;
            m_measureStartNs = m_clock.measureStartNs.load();
            m_measureEndNs = m_clock.measureEndNs.load();
            for (StationLink &link : m_links) {
                if (link.state == StationLink::State::Ready)
                    sendNext(link, now);
            }
        }
        if (m_running && !m_stopping && now >= m_measureEndNs)
            m_stopping = true;
        if (m_stopping && (m_busy == 0 || now >= m_measureEndNs + seconds(m_options.callTimeoutSeconds)))
            break;
        if (now >= nextDeadlineCheck) {
            checkDeadlines(now);
            nextDeadlineCheck = now + 50 * Ms;
        }
        const int n = epoll_wait(m_epoll, events.data(), int(events.size()), 10);
        for (int i = 0; i < n; ++i) {
            StationLink &link = m_links[events[std::size_t(i)].data.u32];
            const std::uint32_t ev = events[std::size_t(i)].events;
            if (link.state == StationLink::State::Closed)
                continue;
            if (link.state == StationLink::State::Connecting) {
                onWritable(link, monotonicNs());
                continue;
            }
            if (ev & EPOLLOUT)
                flush(link);
            if ((ev & (EPOLLIN | EPOLLERR | EPOLLHUP)) && link.state != StationLink::State::Closed)
                onReadable(link);
        }
    }
    closeAll();
}

void LoadWorker::startConnections(std::int64_t now)
{
    while (m_inSetup < m_options.connectConcurrency && m_nextToStart < m_links.size())
        startConnect(m_links[m_nextToStart++], now);
}

void LoadWorker::startConnect(StationLink &link, std::int64_t now)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        ++m_stats.connectFailures;
        m_stats.note("socket(): " + std::string(std::strerror(errno)) + " (raise the open-file limit?)");
        link.state = StationLink::State::Closed;
        return;
    }
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(m_options.port);
    inet_pton(AF_INET, m_options.host.c_str(), &addr.sin_addr);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 && errno != EINPROGRESS) {
        const int e = errno;
        ::close(fd);
        ++m_stats.connectFailures;
        m_stats.note("connect(): " + std::string(std::strerror(e)));
        link.state = StationLink::State::Closed;
        return;
    }
    link.fd = fd;
    link.state = StationLink::State::Connecting;
    link.deadlineNs = now + seconds(m_options.connectTimeoutSeconds);
    ++m_inSetup;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT;
    ev.data.u32 = std::uint32_t(&link - m_links.data());
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev);
    link.wantWrite = true;
}

void LoadWorker::onWritable(StationLink &link, std::int64_t now)
{
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(link.fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) {
        fail(link, now, "connect: " + std::string(std::strerror(err)));
        return;
    }
    unsigned char nonce[16];
    for (unsigned char &b : nonce) {
        m_rng ^= m_rng << 13;
        m_rng ^= m_rng >> 17;
        m_rng ^= m_rng << 5;
        b = static_cast<unsigned char>(m_rng);
    }
    const QByteArray key = QByteArray(reinterpret_cast<const char *>(nonce), 16).toBase64();
    const std::string keyText(key.constData(), std::size_t(key.size()));
    link.expectedAccept = wsAcceptKey(keyText);
    link.state = StationLink::State::Handshaking;
    link.out = "GET " + m_options.path + link.identity + " HTTP/1.1\r\nHost: " + m_options.host + ':' +
               std::to_string(m_options.port) +
               "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + keyText +
               "\r\nSec-WebSocket-Protocol: " + std::string(subprotocol(link.version)) + "\r\n\r\n";
    flush(link);
}

void LoadWorker::onReadable(StationLink &link)
{
    const ssize_t got = ::recv(link.fd, m_scratch.data(), m_scratch.size(), 0);
    if (got < 0 && (errno == EAGAIN || errno == EINTR))
        return;
    const std::int64_t now = monotonicNs();
    if (got <= 0) {
        if (link.state == StationLink::State::Closing)
            closeLink(link);
        else
            fail(link, now, got == 0 ? std::string("server closed the TCP connection") : "recv: " + std::string(std::strerror(errno)));
        return;
    }
    link.in.append(m_scratch.data(), std::size_t(got));
    if (link.state == StationLink::State::Handshaking && !onHandshakeBytes(link, now))
        return;
    std::size_t offset = 0;
    while (offset < link.in.size()) {
        WsFrame frame;
        std::size_t consumed = 0;
        const WsParse r = parseWsFrame(link.in.data() + offset, link.in.size() - offset, MaxPayload, frame, consumed);
        if (r == WsParse::Incomplete)
            break;
        if (r == WsParse::Invalid) {
            ++m_stats.badFrames;
            fail(link, now, "invalid WebSocket frame from the server");
            return;
        }
        offset += consumed;
        const std::string_view payload(frame.payload, frame.length);
        switch (frame.opcode) {
        case WsOpcode::Text:
            if (!frame.fin) {
                link.fragmented = true;
                link.message.assign(payload);
            } else if (link.state != StationLink::State::Closing) {
                onText(link, payload, now);
            }
            break;
        case WsOpcode::Continuation:
            if (!link.fragmented) {
                ++m_stats.badFrames;
                break;
            }
            link.message.append(payload);
            if (frame.fin) {
                link.fragmented = false;
                const std::string whole = std::move(link.message);
                if (link.state != StationLink::State::Closing)
                    onText(link, whole, now);
            }
            break;
        case WsOpcode::Ping:
            sendFrame(link, int(WsOpcode::Pong), payload);
            break;
        case WsOpcode::Pong:
            break;
        case WsOpcode::Close:
            if (link.state == StationLink::State::Closing) {
                closeLink(link);
            } else {
                sendFrame(link, int(WsOpcode::Close), payload.substr(0, 2));
                const unsigned code = payload.size() >= 2 ? (unsigned(std::uint8_t(payload[0])) << 8) | std::uint8_t(payload[1]) : 1005;
                fail(link, now, "server closed the WebSocket with code " + std::to_string(code) + ' ' +
                                    std::string(payload.size() > 2 ? payload.substr(2) : std::string_view()));
            }
            return;
        default:
            ++m_stats.badFrames;
            m_stats.note("unexpected binary or reserved WebSocket frame");
            break;
        }
        if (link.state == StationLink::State::Closed)
            return;
    }
    link.in.erase(0, offset);
}

bool LoadWorker::onHandshakeBytes(StationLink &link, std::int64_t now)
{
    const std::size_t end = link.in.find("\r\n\r\n");
    if (end == std::string::npos) {
        if (link.in.size() > 16384)
            fail(link, now, "oversized HTTP response to the upgrade request");
        return false;
    }
    const std::string_view head(link.in.data(), end + 2);
    if (head.substr(0, 12) != "HTTP/1.1 101") {
        fail(link, now, "upgrade refused: " + std::string(head.substr(0, head.find("\r\n"))));
        return false;
    }
    if (httpHeader(head, "Sec-WebSocket-Accept") != link.expectedAccept) {
        fail(link, now, "wrong Sec-WebSocket-Accept in the upgrade response");
        return false;
    }
    if (httpHeader(head, "Sec-WebSocket-Protocol") != subprotocol(link.version)) {
        fail(link, now, "server did not agree to subprotocol " + std::string(subprotocol(link.version)));
        return false;
    }
    link.in.erase(0, end + 4);
    link.state = StationLink::State::Booting;
    sendCall(link, BenchAction::BootNotification, now);
    link.deadlineNs = now + seconds(m_options.connectTimeoutSeconds);
    return link.state != StationLink::State::Closed;
}

// The generator does not validate: it only needs the message type and id, so it reads
// [<type>,"<id>" and leaves the rest.
void LoadWorker::onText(StationLink &link, std::string_view text, std::int64_t now)
{
    std::size_t p = 0;
    auto skipSpace = [&] {
        while (p < text.size() && (text[p] == ' ' || text[p] == '\t' || text[p] == '\r' || text[p] == '\n'))
            ++p;
    };
    auto bad = [&] {
        ++m_stats.badFrames;
        m_stats.note("not an OCPP-J message: " + std::string(text.substr(0, 120)));
    };
    skipSpace();
    if (p >= text.size() || text[p++] != '[')
        return bad();
    skipSpace();
    int type = 0;
    while (p < text.size() && text[p] >= '0' && text[p] <= '9')
        type = type * 10 + (text[p++] - '0');
    skipSpace();
    if (p >= text.size() || text[p++] != ',')
        return bad();
    skipSpace();
    if (p >= text.size() || text[p++] != '"')
        return bad();
    const std::size_t idStart = p;
    while (p < text.size() && text[p] != '"')
        ++p;
    if (p >= text.size())
        return bad();
    const std::string_view id = text.substr(idStart, p - idStart);
    if (type == 2) {
        // A CALL from the server: this station implements nothing.
        ++m_stats.serverCalls;
        std::string reply = "[4,\"" + std::string(id) + "\",\"NotImplemented\",\"load generator station\",{}]";
        sendFrame(link, int(WsOpcode::Text), reply);
        return;
    }
    if (type != 3 && type != 4)
        return bad();
    std::uint64_t value = 0;
    bool numeric = !id.empty() && id.size() < 20;
    for (char c : id) {
        numeric = numeric && c >= '0' && c <= '9';
        value = value * 10 + std::uint64_t(c - '0');
    }
    if (!numeric || value == 0 || value > link.lastCallId) {
        ++m_stats.badFrames;
        m_stats.note("answer with an id never sent: " + std::string(text.substr(0, 120)));
        return;
    }
    if (value != link.outstandingId) {
        ++m_stats.lateReplies;
        return;
    }
    if (type == 4)
        m_stats.note(std::string(actionName(link.outstandingAction)) + " answered with CALLERROR: " + std::string(text.substr(0, 200)));
    onReply(link, type, value, now);
}

void LoadWorker::onReply(StationLink &link, int type, std::uint64_t, std::int64_t now)
{
    link.outstandingId = 0;
    if (link.state == StationLink::State::Booting) {
        if (type == 4) {
            fail(link, now, "BootNotification answered with CALLERROR");
            return;
        }
        --m_inSetup;
        ++m_stats.bootedByVersion[std::size_t(link.version)];
        link.state = StationLink::State::Ready;
        if (m_running && !m_stopping)
            sendNext(link, now);
        return;
    }
    if (link.state != StationLink::State::Busy)
        return;
    link.state = StationLink::State::Ready;
    --m_busy;
    if (type == 4) {
        ++m_stats.callErrors;
    } else {
        ++m_stats.completedTotal;
        if (now >= m_measureStartNs && now < m_measureEndNs) {
            ++m_stats.completedByAction[std::size_t(link.outstandingAction)];
            m_stats.latenciesUs.push_back(std::uint32_t(std::min<std::int64_t>((now - link.sentNs) / 1000, UINT32_MAX)));
        }
    }
    if (!m_stopping)
        sendNext(link, now);
}

void LoadWorker::sendNext(StationLink &link, std::int64_t now)
{
    const auto &actions = m_options.actions;
    // Offset by the station number so that at any moment the actions are evenly mixed.
    const BenchAction action = actions[(std::size_t(link.rotation++) + std::size_t(link.index)) % actions.size()];
    link.state = StationLink::State::Busy;
    ++m_busy;
    sendCall(link, action, now);
}

void LoadWorker::sendCall(StationLink &link, BenchAction action, std::int64_t now)
{
    const std::uint64_t id = ++link.lastCallId;
    const std::string_view name = actionName(action);
    const std::string_view payload = m_payloads.payload(link.version, action);
    char text[2048];
    const int n = std::snprintf(text, sizeof text, "[2,\"%llu\",\"%.*s\",%.*s]", static_cast<unsigned long long>(id), int(name.size()),
                                name.data(), int(payload.size()), payload.data());
    link.outstandingId = id;
    link.outstandingAction = action;
    link.sentNs = now;
    link.deadlineNs = now + seconds(m_options.callTimeoutSeconds);
    sendFrame(link, int(WsOpcode::Text), std::string_view(text, std::size_t(n)));
}

void LoadWorker::sendFrame(StationLink &link, int opcode, std::string_view payload)
{
    m_rng ^= m_rng << 13;
    m_rng ^= m_rng >> 17;
    m_rng ^= m_rng << 5;
    appendWsFrame(link.out, WsOpcode(opcode), payload, true, m_rng);
    flush(link);
}

void LoadWorker::flush(StationLink &link)
{
    while (!link.out.empty()) {
        const ssize_t sent = ::send(link.fd, link.out.data(), link.out.size(), MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EAGAIN || errno == EINTR)
                break;
            if (link.state == StationLink::State::Closing)
                closeLink(link);
            else
                fail(link, monotonicNs(), "send: " + std::string(std::strerror(errno)));
            return;
        }
        link.out.erase(0, std::size_t(sent));
    }
    setWantWrite(link, !link.out.empty());
}

void LoadWorker::setWantWrite(StationLink &link, bool want)
{
    if (link.wantWrite == want)
        return;
    link.wantWrite = want;
    epoll_event ev{};
    ev.events = EPOLLIN | (want ? unsigned(EPOLLOUT) : 0u);
    ev.data.u32 = std::uint32_t(&link - m_links.data());
    epoll_ctl(m_epoll, EPOLL_CTL_MOD, link.fd, &ev);
}

void LoadWorker::fail(StationLink &link, std::int64_t, const std::string &why)
{
    switch (link.state) {
    case StationLink::State::Connecting:
        ++m_stats.connectFailures;
        --m_inSetup;
        break;
    case StationLink::State::Handshaking:
        ++m_stats.handshakeFailures;
        --m_inSetup;
        break;
    case StationLink::State::Booting:
        ++m_stats.bootFailures;
        --m_inSetup;
        break;
    case StationLink::State::Busy:
        --m_busy;
        ++m_stats.disconnects;
        break;
    case StationLink::State::Ready:
        ++m_stats.disconnects;
        break;
    default:
        closeLink(link);
        return;
    }
    m_stats.note("station " + link.identity + " (OCPP " + std::string(versionLabel(link.version)) + "): " + why);
    closeLink(link);
}

void LoadWorker::closeLink(StationLink &link)
{
    if (link.fd >= 0) {
        epoll_ctl(m_epoll, EPOLL_CTL_DEL, link.fd, nullptr);
        ::close(link.fd);
    }
    link.fd = -1;
    link.state = StationLink::State::Closed;
    link.in = std::string();
    link.out = std::string();
    link.message = std::string();
}

void LoadWorker::checkDeadlines(std::int64_t now)
{
    for (StationLink &link : m_links) {
        if (link.settingUp() && now > link.deadlineNs) {
            fail(link, now, "set-up (connect, upgrade, BootNotification) not finished in time");
        } else if (link.state == StationLink::State::Busy && now > link.deadlineNs) {
            ++m_stats.timeouts;
            m_stats.note("station " + link.identity + ": no answer to " + std::string(actionName(link.outstandingAction)) + " in time");
            link.outstandingId = 0;
            link.state = StationLink::State::Ready;
            --m_busy;
            if (m_running && !m_stopping)
                sendNext(link, now);
        }
    }
}

// Close every WebSocket cleanly (1000) and give the server a moment to answer.
void LoadWorker::closeAll()
{
    const std::int64_t start = monotonicNs();
    int closing = 0;
    for (StationLink &link : m_links) {
        if (link.settingUp()) {
            closeLink(link);
        } else if (link.open()) {
            if (link.state == StationLink::State::Busy)
                --m_busy;
            link.state = StationLink::State::Closing;
            sendFrame(link, int(WsOpcode::Close), std::string_view("\x03\xE8", 2));
            if (link.state == StationLink::State::Closing)
                ++closing;
        }
    }
    std::vector<epoll_event> events(1024);
    while (closing > 0 && monotonicNs() - start < 3000 * Ms) {
        const int n = epoll_wait(m_epoll, events.data(), int(events.size()), 20);
        for (int i = 0; i < n; ++i) {
            StationLink &link = m_links[events[std::size_t(i)].data.u32];
            if (link.state != StationLink::State::Closing)
                continue;
            if (events[std::size_t(i)].events & EPOLLOUT)
                flush(link);
            if (link.state == StationLink::State::Closing)
                onReadable(link);
            if (link.state == StationLink::State::Closed)
                --closing;
        }
    }
    for (StationLink &link : m_links)
        closeLink(link);
}

} // namespace cb::bench
