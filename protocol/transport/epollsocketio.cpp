#include "epollsocketio.h"

#include "epollreactor.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

namespace cb {

EpollSocketIo::EpollSocketIo(EpollReactor &reactor, int fd) : m_reactor(&reactor), m_fd(fd)
{
    const int flags = ::fcntl(fd, F_GETFL);
    ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    // One write per OCPP message; Nagle would hold a reply back for the peer's delayed ACK.
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    m_token = m_reactor->add(fd, this);
}

EpollSocketIo::~EpollSocketIo()
{
    m_handler = nullptr;
    settleSends(); // the sender must be done with the descriptor before it closes
    if (m_fd >= 0) {
        if (m_token && m_reactor)
            m_reactor->remove(m_token, m_fd);
        ::close(m_fd);
    }
}

void EpollSocketIo::readable(bool hangUp)
{
    if (m_readPaused) {
        // Readiness reported before the pause (same batch) waits; a hang-up ends the connection.
        if (hangUp)
            finish();
        return;
    }
    // Level-triggered: one read per readiness is enough, the reactor reports the rest next turn.
    while (m_fd >= 0 && m_reactor) {
        char *buffer = m_reactor->readBuffer();
        const ssize_t n = ::recv(m_fd, buffer, size_t(EpollReactor::kReadBufferSize), 0);
        if (n > 0) {
            if (m_handler)
                m_handler->bytesReceived(buffer, qsizetype(n));
            if (n < EpollReactor::kReadBufferSize)
                return;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        finish(); // end of stream, or reset
        return;
    }
}

void EpollSocketIo::writable()
{
    flush();
}

void EpollSocketIo::flushDeferred(std::vector<EpollSender::Job> &jobs)
{
    m_flushQueued = false;
    Q_ASSERT(!m_inFlight); // the reactor settles the last batch first: never two jobs of one connection
    if (m_writeInterest || m_fd < 0 || unsent() == 0)
        return; // waiting for EPOLLOUT, which sends it all
    if (m_closeAfterWrites) {
        flush(); // the FIN must follow the data (rare: sent here)
        return;
    }
    m_inFlight = true;
    jobs.push_back({m_token, m_fd, std::exchange(m_out, QByteArray()), std::exchange(m_outOffset, 0)});
}

void EpollSocketIo::sent(EpollSender::Job &job)
{
    m_inFlight = false;
    if (m_fd < 0)
        return;
    if (job.error) {
        ::shutdown(m_fd, SHUT_RDWR); // as flush() does: reading then sees the reset
        return;
    }
    const qsizetype rest = job.bytes.size() - job.offset - job.sent;
    if (rest > 0) {
        // Goes before whatever was written since; EPOLLOUT sends it all.
        QByteArray out = job.bytes.sliced(job.offset + job.sent);
        out.append(m_out.constData() + m_outOffset, unsent());
        m_out = std::move(out);
        m_outOffset = 0;
        waitForKernel();
    } else if (unsent() == 0) {
        m_out = std::move(job.bytes); // its capacity serves the next answer
        m_out.resize(0);
        m_outOffset = 0;
    }
}

void EpollSocketIo::settleSends() const
{
    if (m_inFlight && m_reactor)
        m_reactor->settleSends();
}

qint64 EpollSocketIo::pendingWriteBytes() const
{
    settleSends();
    return unsent();
}

void EpollSocketIo::write(const char *head, qsizetype headSize, const char *body, qsizetype bodySize)
{
    if (m_fd < 0 || m_shutDown)
        return;
    const bool dispatching = m_reactor && m_reactor->isDispatching();
    if (!dispatching)
        settleSends(); // a write at once must not overtake bytes the sender still has
    if (dispatching || unsent() > 0) {
        m_out.append(head, headSize);
        m_out.append(body, bodySize);
        if (m_writeInterest) {
            waitForKernel(); // the backlog grew
        } else if (!m_flushQueued && m_reactor) {
            m_flushQueued = true;
            m_reactor->flushAfterDispatch(m_token);
        }
        return;
    }
    iovec iov[2] = {{const_cast<char *>(head), size_t(headSize)}, {const_cast<char *>(body), size_t(bodySize)}};
    msghdr msg{};
    msg.msg_iov = iov;
    msg.msg_iovlen = 2;
    ssize_t n;
    do {
        n = ::sendmsg(m_fd, &msg, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            // Broken connection: let the reactor report it (reading sees the reset) rather than
            // closing under the caller, which may be in the middle of answering a frame.
            ::shutdown(m_fd, SHUT_RDWR);
            return;
        }
        n = 0;
    }
    const qsizetype sent = qsizetype(n);
    if (sent == headSize + bodySize)
        return;
    m_out.clear();
    m_outOffset = 0;
    if (sent < headSize) {
        m_out.append(head + sent, headSize - sent);
        m_out.append(body, bodySize);
    } else {
        m_out.append(body + (sent - headSize), bodySize - (sent - headSize));
    }
    waitForKernel();
}

void EpollSocketIo::flush()
{
    if (m_fd < 0)
        return;
    if (unsent() > 0) {
        int error = 0;
        m_outOffset += sendWhatFits(m_fd, m_out.constData() + m_outOffset, unsent(), error);
        if (error) {
            ::shutdown(m_fd, SHUT_RDWR);
            return;
        }
        if (unsent() > 0) {
            waitForKernel();
            return;
        }
    }
    m_out.resize(0); // keeps the capacity: the next answer of this connection needs it again
    m_outOffset = 0;
    setInterest(false, false);
    if (m_closeAfterWrites && !m_shutDown) {
        m_shutDown = true;
        ::shutdown(m_fd, SHUT_WR); // FIN after the data; the peer's FIN then ends the connection
    }
}

// What the kernel did not take goes when it can; past kReadPauseBytes reading stops, and stays
// stopped until everything is gone (flush()).
void EpollSocketIo::waitForKernel()
{
    setInterest(true, m_readPaused || unsent() > kReadPauseBytes);
}

void EpollSocketIo::setInterest(bool write, bool readPaused)
{
    if ((write == m_writeInterest && readPaused == m_readPaused) || m_fd < 0 || !m_reactor)
        return;
    m_writeInterest = write;
    m_readPaused = readPaused;
    m_reactor->setInterest(m_token, m_fd, !readPaused, write);
}

void EpollSocketIo::closeAfterWrites()
{
    if (m_fd < 0 || m_closeAfterWrites)
        return;
    m_closeAfterWrites = true;
    if (pendingWriteBytes() == 0) // after the sender's report
        flush();
}

void EpollSocketIo::abort()
{
    finish();
}

void EpollSocketIo::finish()
{
    if (m_fd < 0)
        return;
    settleSends(); // the sender must be done with the descriptor before it closes
    if (m_reactor)
        m_reactor->remove(m_token, m_fd);
    ::close(m_fd);
    m_fd = -1;
    m_out.clear();
    m_outOffset = 0;
    if (SocketIoHandler *h = m_handler) {
        m_handler = nullptr;
        h->socketClosed();
    }
}

} // namespace cb
