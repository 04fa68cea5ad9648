#include "epollsender.h"

#include <pthread.h>
#include <sys/socket.h>

#include <cerrno>

namespace cb {

qsizetype sendWhatFits(int fd, const char *data, qsizetype size, int &error)
{
    error = 0;
    qsizetype sent = 0;
    while (sent < size) {
        const ssize_t n = ::send(fd, data + sent, size_t(size - sent), MSG_NOSIGNAL);
        if (n >= 0) {
            sent += qsizetype(n);
            continue;
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            error = errno;
        break;
    }
    return sent;
}

EpollSender::EpollSender(std::function<void()> attention) : m_attention(std::move(attention)) {}

EpollSender::~EpollSender()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_one();
    if (m_thread.joinable())
        m_thread.join();
}

void EpollSender::submit(std::vector<Job> &&jobs)
{
    if (!m_thread.joinable()) {
        m_thread = std::thread([this] { run(); });
        ::pthread_setname_np(m_thread.native_handle(), "cb-sender");
    }
    {
        std::lock_guard lock(m_mutex);
        m_jobs = std::move(jobs);
        m_pending = true;
    }
    m_submitted = true;
    m_wake.notify_one();
}

std::vector<EpollSender::Job> EpollSender::collect()
{
    if (!m_submitted)
        return {};
    std::unique_lock lock(m_mutex);
    m_done.wait(lock, [this] { return !m_pending; });
    m_submitted = false;
    return std::move(m_jobs);
}

void EpollSender::run()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stop || m_pending; });
        if (!m_pending)
            return; // stopped, nothing left to send
        std::vector<Job> jobs = std::move(m_jobs);
        lock.unlock();
        bool incomplete = false;
        for (Job &job : jobs) {
            const qsizetype size = job.bytes.size() - job.offset;
            job.sent = sendWhatFits(job.fd, job.bytes.constData() + job.offset, size, job.error);
            incomplete = incomplete || job.sent < size;
        }
        lock.lock();
        m_jobs = std::move(jobs);
        m_pending = false;
        m_done.notify_one();
        if (incomplete) {
            lock.unlock();
            m_attention();
            lock.lock();
        }
    }
}

} // namespace cb
