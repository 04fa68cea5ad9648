#include "epollreactor.h"

#include "common/logging.h"
#include "epollsocketio.h"

#include <QSocketNotifier>

#include <sys/epoll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace cb {

EpollReactor::EpollReactor(QObject *parent) : QObject(parent)
{
    m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
    if (m_epoll < 0) {
        qCWarning(lcTransport) << "epoll_create1 failed:" << std::strerror(errno);
        return;
    }
    m_notifier = new QSocketNotifier(qintptr(m_epoll), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &EpollReactor::dispatch);
    // A send the kernel did not take in full needs the reactor (the rest waits for EPOLLOUT);
    // it may have no batch coming to notice, so the sender asks for a turn.
    m_sender = std::make_unique<EpollSender>([this] {
        QMetaObject::invokeMethod(this, &EpollReactor::settleSends, Qt::QueuedConnection);
    });
}

EpollReactor::~EpollReactor()
{
    m_sender.reset(); // joined before the object it posts to goes
    delete m_notifier;
    if (m_epoll >= 0)
        ::close(m_epoll);
}

quint64 EpollReactor::add(int fd, EpollSocketIo *io)
{
    const quint64 token = m_nextToken++;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP;
    ev.data.u64 = token;
    if (::epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev) != 0) {
        qCWarning(lcTransport) << "epoll_ctl ADD failed:" << std::strerror(errno);
        return 0;
    }
    m_ios.emplace(token, io);
    return token;
}

void EpollReactor::setInterest(quint64 token, int fd, bool read, bool write)
{
    epoll_event ev{};
    ev.events = (read ? EPOLLIN | EPOLLRDHUP : 0u) | (write ? EPOLLOUT : 0u);
    ev.data.u64 = token;
    ::epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &ev);
}

void EpollReactor::remove(quint64 token, int fd)
{
    m_ios.erase(token);
    ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
}

// The answers written while a batch is handled go out together after it. Sent one by one between
// the frames, each answer woke the peer (on loopback, a load generator or a local charger
// simulator) for that single frame, and the wake-up cost the sending thread more than the send
// itself; sent back to back, the peer is still busy with the first when the next arrive. The delay
// this adds to an answer is at most one batch's handling time.
void EpollReactor::dispatch()
{
    std::array<epoll_event, 256> events;
    const int n = ::epoll_wait(m_epoll, events.data(), int(events.size()), 0);
    m_dispatching = true;
    for (int i = 0; i < n; ++i) {
        const quint64 token = events[size_t(i)].data.u64;
        const quint32 what = events[size_t(i)].events;
        // Looked up for every event: an earlier event of this batch may have closed this one.
        auto it = m_ios.find(token);
        if (it == m_ios.end())
            continue;
        if (what & EPOLLOUT) {
            it->second->writable();
            it = m_ios.find(token);
            if (it == m_ios.end())
                continue;
        }
        if (what & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
            it->second->readable(what & (EPOLLHUP | EPOLLERR));
    }
    m_dispatching = false;
    settleSends(); // the previous batch first: a connection's bytes leave in order
    std::vector<EpollSender::Job> jobs;
    jobs.reserve(m_toFlush.size());
    // Indexed, not iterated: a flush may fail and close its connection, which never adds here
    // (writes outside a batch go out at once), but stay safe against it anyway.
    for (size_t i = 0; i < m_toFlush.size(); ++i) {
        if (auto it = m_ios.find(m_toFlush[i]); it != m_ios.end())
            it->second->flushDeferred(jobs);
    }
    m_toFlush.clear();
    if (!jobs.empty())
        m_sender->submit(std::move(jobs));
}

void EpollReactor::settleSends()
{
    if (!m_sender || !m_sender->isBusy())
        return;
    for (EpollSender::Job &job : m_sender->collect()) {
        if (auto it = m_ios.find(job.token); it != m_ios.end())
            it->second->sent(job);
    }
}

} // namespace cb
