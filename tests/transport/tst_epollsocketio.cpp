// EpollSocketIo on its own, over a real AF_UNIX socket pair: the peer end is driven by hand so
// that the test decides when it reads.
#include "transport/epollreactor.h"
#include "transport/epollsocketio.h"

#include <QtTest>

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

using namespace cb;

namespace {

// Answers every chunk it receives with twice as many bytes, as a server answers small CALLs
// with larger CALLRESULTs.
class DoublingHandler : public SocketIoHandler
{
public:
    EpollSocketIo *io = nullptr;
    qint64 received = 0;
    bool closed = false;
    void bytesReceived(const char *data, qsizetype size) override
    {
        received += size;
        const QByteArray answer(size * 2, data[0]);
        io->write(answer.constData(), answer.size(), nullptr, 0);
    }
    void socketClosed() override { closed = true; }
};

// The far end: writes up to `total` bytes when it can, reads only when told to.
struct Peer
{
    int fd = -1;
    qint64 total = 0;
    qint64 sent = 0;
    qint64 read = 0;
    std::vector<char> chunk = std::vector<char>(16 * 1024, 'c');
    void pumpWrites()
    {
        while (sent < total) {
            const ssize_t n = ::send(fd, chunk.data(), size_t(qMin<qint64>(total - sent, qint64(chunk.size()))), MSG_DONTWAIT);
            if (n <= 0)
                return;
            sent += n;
        }
    }
    void drain()
    {
        char buffer[64 * 1024];
        for (;;) {
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
            if (n <= 0)
                return;
            read += n;
        }
    }
};

} // namespace

class TestEpollSocketIo : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void peerThatDoesNotReadIsNotReadEither();
    void hangUpWhilePausedEndsTheConnection();
};

// A peer that keeps sending and never reads would otherwise make the connection keep every
// answer in memory. Once more than kReadPauseBytes wait, the connection stops reading (the peer's
// writes then back up in its own socket), and resumes when the peer has read the backlog.
void TestEpollSocketIo::peerThatDoesNotReadIsNotReadEither()
{
    int sv[2];
    QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
    EpollReactor reactor;
    QVERIFY(reactor.isValid());
    DoublingHandler handler;
    EpollSocketIo io(reactor, sv[0]); // owns sv[0]
    handler.io = &io;
    io.setHandler(&handler);
    Peer peer{sv[1], 8 * EpollSocketIo::kReadPauseBytes};

    QTRY_VERIFY_WITH_TIMEOUT((peer.pumpWrites(), io.isReadingPaused()), 10000);
    // What waits is bounded by the threshold plus the answers to one read's worth of data.
    QVERIFY2(io.pendingWriteBytes() <= EpollSocketIo::kReadPauseBytes + 2 * EpollReactor::kReadBufferSize,
             qPrintable(QString::number(io.pendingWriteBytes())));
    QVERIFY(peer.sent < peer.total); // the peer is held back, not the other way round
    const qint64 receivedWhenPaused = handler.received;
    for (int i = 0; i < 20; ++i) {
        peer.pumpWrites();
        QCoreApplication::processEvents();
    }
    QCOMPARE(handler.received, receivedWhenPaused);

    // The peer reads: everything it sent is read and answered, in full.
    QTRY_VERIFY_WITH_TIMEOUT((peer.pumpWrites(), peer.drain(), peer.read == 2 * peer.total), 20000);
    QCOMPARE(handler.received, peer.total);
    QVERIFY(!io.isReadingPaused());
    QCOMPARE(io.pendingWriteBytes(), 0);
    QVERIFY(!handler.closed);
    ::close(sv[1]);
    QTRY_VERIFY(handler.closed);
}

// While paused the connection is not watched for reading; a peer that goes away must still end it.
void TestEpollSocketIo::hangUpWhilePausedEndsTheConnection()
{
    int sv[2];
    QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
    EpollReactor reactor;
    DoublingHandler handler;
    EpollSocketIo io(reactor, sv[0]);
    handler.io = &io;
    io.setHandler(&handler);
    Peer peer{sv[1], 8 * EpollSocketIo::kReadPauseBytes};
    QTRY_VERIFY_WITH_TIMEOUT((peer.pumpWrites(), io.isReadingPaused()), 10000);
    ::close(sv[1]);
    QTRY_VERIFY(handler.closed);
    QCOMPARE(io.pendingWriteBytes(), 0);
}

QTEST_GUILESS_MAIN(TestEpollSocketIo)
#include "tst_epollsocketio.moc"
