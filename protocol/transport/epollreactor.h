#pragma once

#include "epollsender.h"

#include <QObject>

#include <array>
#include <memory>
#include <unordered_map>
#include <vector>

class QSocketNotifier;

namespace cb {

class EpollSocketIo;

// The readiness of every plain-TCP station connection through one epoll descriptor, which is the
// only descriptor the server thread's Qt event loop watches for them. Qt's per-socket notifiers
// cost the glib dispatcher a walk over all of them on every loop turn and a list edit on every
// write; with a thousand chargers that was most of the server's CPU.
class EpollReactor : public QObject
{
    Q_OBJECT
public:
    explicit EpollReactor(QObject *parent = nullptr);
    ~EpollReactor() override;

    bool isValid() const { return m_epoll >= 0; }

    // Registers a connected, non-blocking descriptor for reading; returns its token.
    quint64 add(int fd, EpollSocketIo *io);
    // What the descriptor is watched for: reading (with the peer's half-close) and/or writing.
    // Errors and hang-ups are always reported, as readable().
    void setInterest(quint64 token, int fd, bool read, bool write);
    void remove(quint64 token, int fd);

    // Writes made while the reactor hands out a batch of readiness events are held and sent when
    // the batch is done (see dispatch()), by the sender thread; outside a batch a write goes out
    // at once.
    bool isDispatching() const { return m_dispatching; }
    void flushAfterDispatch(quint64 token) { m_toFlush.push_back(token); }
    // Waits for the batch the sender has in flight and gives each connection its outcome. A
    // connection calls it before it touches its descriptor or its bytes in flight.
    void settleSends();

    // Shared read buffer: one thread, one read at a time.
    char *readBuffer() { return m_readBuffer.data(); }
    static constexpr qsizetype kReadBufferSize = 64 * 1024;

private:
    void dispatch();

    int m_epoll = -1;
    QSocketNotifier *m_notifier = nullptr; // child: moves with the reactor
    std::unordered_map<quint64, EpollSocketIo *> m_ios; // by token: events for a removed one are dropped
    quint64 m_nextToken = 1;
    bool m_dispatching = false;
    std::vector<quint64> m_toFlush; // tokens, not pointers: a connection may close before the flush
    std::unique_ptr<EpollSender> m_sender;
    std::array<char, kReadBufferSize> m_readBuffer{};
};

} // namespace cb
