// The two SocketIo implementations on their own: EpollSocketIo over an AF_UNIX socket pair (where
// the reactor is built, CHARGEBENCH_EPOLL), QtSocketIo over a loopback TCP connection (what TLS
// connections use, without the encryption, and plain ones without the reactor). The peer end is
// a plain descriptor driven by hand, so that the test decides when it reads.
#if CHARGEBENCH_EPOLL
#include "transport/epollreactor.h"
#include "transport/epollsocketio.h"
#endif
#include "transport/qtsocketio.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>

#include <cerrno>
#include <vector>

using namespace cb;

namespace {

// Answers every chunk it receives with twice as many bytes, as a server answers small CALLs
// with larger CALLRESULTs.
class DoublingHandler : public SocketIoHandler
{
public:
    SocketIo *io = nullptr;
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

// One connection under test and the descriptor of its far end.
struct Connection
{
#if CHARGEBENCH_EPOLL
    std::unique_ptr<EpollReactor> reactor;
#endif
    std::unique_ptr<QTcpServer> server;
    std::unique_ptr<SocketIo> io;
    int peer = -1;
    ~Connection()
    {
        io.reset();
        if (peer >= 0)
            ::close(peer);
    }
};

bool open(const QString &backend, Connection &c)
{
#if CHARGEBENCH_EPOLL
    if (backend == QLatin1String("epoll")) {
        int sv[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
            return false;
        c.reactor = std::make_unique<EpollReactor>();
        c.io = std::make_unique<EpollSocketIo>(*c.reactor, sv[0]); // owns sv[0]
        c.peer = sv[1];
        return c.reactor->isValid();
    }
#endif
    c.server = std::make_unique<QTcpServer>();
    if (!c.server->listen(QHostAddress::LocalHost))
        return false;
    c.peer = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int small = 64 * 1024; // set before connecting, so the window stays small
    ::setsockopt(c.peer, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(c.server->serverPort());
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(c.peer, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0 || !c.server->waitForNewConnection(5000))
        return false;
    QTcpSocket *accepted = c.server->nextPendingConnection();
    // Fixed (not auto-tuned) kernel buffers on this side too, or they would take megabytes.
    accepted->setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, small);
    accepted->setSocketOption(QAbstractSocket::SendBufferSizeSocketOption, small);
    c.io = std::make_unique<QtSocketIo>(accepted);
    return true;
}

// A connection whose peer keeps writing and reads nothing, driven until the connection has
// stopped reading. Check QTest::currentTestFailed() after it.
struct Stalled
{
    DoublingHandler handler; // outlives the connection that calls it
    Connection c;
    Peer peer;
};

void stall(const QString &backend, Stalled &s)
{
    QVERIFY(open(backend, s.c));
    s.handler.io = s.c.io.get();
    s.c.io->setHandler(&s.handler);
    s.peer = Peer{s.c.peer, 8 * SocketIo::kReadPauseBytes};
    QTRY_VERIFY_WITH_TIMEOUT((s.peer.pumpWrites(), s.c.io->isReadingPaused()), 10000);
}

} // namespace

class TestSocketIo : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void peerThatDoesNotReadIsNotReadEither_data();
    void peerThatDoesNotReadIsNotReadEither();
    void hangUpWhilePausedEndsTheConnection_data() { peerThatDoesNotReadIsNotReadEither_data(); }
    void hangUpWhilePausedEndsTheConnection();
    void answersOfManyBatchesArriveInOrder_data() { peerThatDoesNotReadIsNotReadEither_data(); }
    void answersOfManyBatchesArriveInOrder();
    void answerLargerThanTheKernelTakesArrivesWithoutFurtherTraffic_data() { peerThatDoesNotReadIsNotReadEither_data(); }
    void answerLargerThanTheKernelTakesArrivesWithoutFurtherTraffic();
};

void TestSocketIo::peerThatDoesNotReadIsNotReadEither_data()
{
    QTest::addColumn<QString>("backend");
#if CHARGEBENCH_EPOLL
    QTest::newRow("epoll") << QStringLiteral("epoll");
#endif
    QTest::newRow("qt") << QStringLiteral("qt");
}

// A peer that keeps sending and never reads would otherwise make the connection keep every
// answer in memory. Once more than kReadPauseBytes wait, the connection stops reading (the peer's
// writes then back up in its own socket), and resumes when the peer has read the backlog.
void TestSocketIo::peerThatDoesNotReadIsNotReadEither()
{
    QFETCH(QString, backend);
    Stalled s;
    stall(backend, s);
    if (QTest::currentTestFailed())
        return;
    Peer &peer = s.peer;
    SocketIo &io = *s.c.io;
    // What waits is bounded by the threshold plus the answers to one read's worth of data.
    QVERIFY2(io.pendingWriteBytes() <= 3 * SocketIo::kReadPauseBytes, qPrintable(QString::number(io.pendingWriteBytes())));
    QVERIFY(peer.sent < peer.total); // the peer is held back, not the other way round
    const qint64 receivedWhenPaused = s.handler.received;
    for (int i = 0; i < 20; ++i) {
        peer.pumpWrites();
        QCoreApplication::processEvents();
    }
    QCOMPARE(s.handler.received, receivedWhenPaused);

    // The peer reads: everything it sent is read and answered, in full.
    QTRY_VERIFY_WITH_TIMEOUT((peer.pumpWrites(), peer.drain(), peer.read == 2 * peer.total), 30000);
    QCOMPARE(s.handler.received, peer.total);
    QVERIFY(!io.isReadingPaused());
    QCOMPARE(io.pendingWriteBytes(), 0);
    QVERIFY(!s.handler.closed);
    ::close(std::exchange(s.c.peer, -1));
    QTRY_VERIFY(s.handler.closed);
}

// While paused the connection is not read; a peer that goes away must still end it.
void TestSocketIo::hangUpWhilePausedEndsTheConnection()
{
    QFETCH(QString, backend);
    Stalled s;
    stall(backend, s);
    if (QTest::currentTestFailed())
        return;
    ::close(std::exchange(s.c.peer, -1));
    QTRY_VERIFY(s.handler.closed);
}

namespace {

// Answers every byte it receives with a numbered line, so that the peer can tell a lost,
// doubled or reordered answer.
class NumberingHandler : public SocketIoHandler
{
public:
    SocketIo *io = nullptr;
    int next = 0;
    void bytesReceived(const char *, qsizetype size) override
    {
        for (qsizetype i = 0; i < size; ++i) {
            const QByteArray line = QByteArray::number(next++) + '\n';
            io->write(line.constData(), line.size(), nullptr, 0);
        }
    }
    void socketClosed() override {}
};

} // namespace

// The epoll connection's answers of one batch are sent by the reactor's sender thread while the
// next batch is read; answers of consecutive batches, and of several in one batch, must still
// reach the peer complete and in order.
void TestSocketIo::answersOfManyBatchesArriveInOrder()
{
    QFETCH(QString, backend);
    Connection c;
    QVERIFY(open(backend, c));
    NumberingHandler handler;
    handler.io = c.io.get();
    c.io->setHandler(&handler);
    constexpr int kRequests = 3000;
    QByteArray received;
    int requested = 0;
    QByteArray expected;
    for (int i = 0; i < kRequests; ++i)
        expected += QByteArray::number(i) + '\n';
    // One or two bytes at a time, at most eight answers outstanding: the answers span many
    // batches. Polled without pause (the peer's descriptor is not watched by the event loop).
    QDeadlineTimer deadline(30000);
    while (received.size() < expected.size() && !deadline.hasExpired()) {
        if (requested < kRequests && received.count('\n') + 8 >= requested) {
            const int n = requested % 3 == 0 && requested + 2 <= kRequests ? 2 : 1;
            if (::send(c.peer, "xx", size_t(n), MSG_DONTWAIT) == n)
                requested += n;
        }
        QCoreApplication::processEvents();
        char buffer[4096];
        ssize_t got;
        while ((got = ::recv(c.peer, buffer, sizeof buffer, MSG_DONTWAIT)) > 0)
            received.append(buffer, got);
    }
    QCOMPARE(received, expected);
    QCOMPARE(c.io->pendingWriteBytes(), 0);
}

// One answer far larger than the socket's kernel buffer: the kernel takes part of it, and the
// rest must follow as the peer reads, though the peer sends nothing more that would wake the
// connection.
void TestSocketIo::answerLargerThanTheKernelTakesArrivesWithoutFurtherTraffic()
{
    QFETCH(QString, backend);
    Connection c;
    QVERIFY(open(backend, c));
    class Handler : public SocketIoHandler
    {
    public:
        SocketIo *io = nullptr;
        void bytesReceived(const char *, qsizetype) override
        {
            const QByteArray answer(4 * 1024 * 1024, 'a');
            io->write(answer.constData(), answer.size(), nullptr, 0);
        }
        void socketClosed() override {}
    } handler;
    handler.io = c.io.get();
    c.io->setHandler(&handler);
    QCOMPARE(::send(c.peer, "?", 1, MSG_DONTWAIT), 1);
    qint64 read = 0;
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
        char buffer[64 * 1024];
        ssize_t got;
        while ((got = ::recv(c.peer, buffer, sizeof buffer, MSG_DONTWAIT)) > 0)
            read += got;
        return read == 4 * 1024 * 1024;
    }()), 30000);
    QTRY_COMPARE(c.io->pendingWriteBytes(), 0);
}

QTEST_GUILESS_MAIN(TestSocketIo)
#include "tst_socketio.moc"
