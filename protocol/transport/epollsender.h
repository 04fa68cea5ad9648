#pragma once

#include <QByteArray>

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace cb {

// Sends from `data` what the kernel takes now (the descriptor is non-blocking) and returns how
// much that was; `error` gets the errno of a failure other than EAGAIN, else 0.
qsizetype sendWhatFits(int fd, const char *data, qsizetype size, int &error);

// Sends the answers of one reactor batch on its own thread while the reactor thread reads and
// handles the next batch. On loopback, send() also runs the receiving side's TCP path and wakes
// the peer, which made it the largest single share of the reactor thread under load; the other
// core had room for it.
//
// One batch is in flight at a time: the reactor collects the previous batch (waiting for it if
// need be) before it submits the next, so a connection's bytes always leave in order. The sender
// touches nothing but the descriptors and the bytes it is given; the reactor keeps a descriptor
// open while its bytes are in flight (see EpollSocketIo::settleSends()).
class EpollSender
{
public:
    struct Job
    {
        quint64 token = 0;
        int fd = -1;
        QByteArray bytes;      // sent from `offset`; handed back afterwards for its capacity
        qsizetype offset = 0;
        qsizetype sent = 0;    // filled in by the sender
        int error = 0;         // errno of a failed send other than EAGAIN, else 0
    };

    // `attention` is called on the sender thread when a finished batch holds a job that was not
    // sent in full, so that the reactor collects it without waiting for its next batch.
    explicit EpollSender(std::function<void()> attention);
    ~EpollSender();

    bool isBusy() const { return m_submitted; }
    void submit(std::vector<Job> &&jobs);
    // Waits until the batch in flight has been sent and returns its jobs (empty if none).
    std::vector<Job> collect();

private:
    void run();

    std::function<void()> m_attention;
    std::mutex m_mutex;
    std::condition_variable m_wake; // the sender: work or stop
    std::condition_variable m_done; // the reactor: the batch is sent
    std::vector<Job> m_jobs;
    bool m_pending = false;   // under m_mutex: a batch waits for or is being sent
    bool m_stop = false;
    bool m_submitted = false; // reactor thread only: a batch has not been collected yet
    std::thread m_thread;     // started by the first submit()
};

} // namespace cb
