#pragma once

#include "epollsender.h"
#include "socketio.h"

#include <QByteArray>
#include <QPointer>

namespace cb {

class EpollReactor;

// A plain TCP connection read and written with recv/sendmsg on a descriptor the reactor watches.
// Lives on the reactor's thread.
class EpollSocketIo final : public SocketIo
{
public:
    // Takes ownership of `fd` (connected; made non-blocking with TCP_NODELAY here).
    EpollSocketIo(EpollReactor &reactor, int fd);
    ~EpollSocketIo() override;

    bool isValid() const { return m_token != 0; }

    void setHandler(SocketIoHandler *handler) override { m_handler = handler; }
    void write(const char *head, qsizetype headSize, const char *body, qsizetype bodySize) override;
    void closeAfterWrites() override;
    void abort() override;
    // Bytes with the sender are counted until it has reported, so this may wait for it.
    qint64 pendingWriteBytes() const override;
    bool isReadingPaused() const override { return m_readPaused; }

    // Called by the reactor.
    void readable(bool hangUp); // hangUp: the reactor saw EPOLLHUP or EPOLLERR
    void writable();
    // At the end of a batch: what this connection wrote during it, as a job for the sender.
    void flushDeferred(std::vector<EpollSender::Job> &jobs);
    // The sender's outcome for this connection's job.
    void sent(EpollSender::Job &job);

private:
    void finish();
    void settleSends() const;
    qsizetype unsent() const { return m_out.size() - m_outOffset; } // not counting the sender's
    void flush();
    void waitForKernel();
    void setInterest(bool write, bool readPaused);

    QPointer<EpollReactor> m_reactor; // may go first when the server is torn down
    int m_fd = -1;
    quint64 m_token = 0;
    SocketIoHandler *m_handler = nullptr;
    QByteArray m_out;        // bytes the kernel has not taken yet
    qsizetype m_outOffset = 0;
    bool m_writeInterest = false; // the kernel did not take everything: waiting for EPOLLOUT
    bool m_readPaused = false;    // too much unsent: not reading (see kReadPauseBytes)
    bool m_flushQueued = false; // registered with the reactor for the end of its batch
    bool m_inFlight = false;    // the sender has bytes of this connection
    bool m_closeAfterWrites = false;
    bool m_shutDown = false;
};

} // namespace cb
