// The same load as bench_loadgen (N stations, round-robin 1.6/2.0.1/2.1, one Heartbeat /
// MeterValues / StatusNotification CALL outstanding each) but built the obvious Qt way: one
// QWebSocket per station on one thread's event loop. It exists to answer one question with a
// number: is Qt's client side fast enough to generate the load? (See BENCHMARKS.md: it is not,
// which is why bench_loadgen is hand-written epoll.) It does no latency percentiles or server
// sampling; it prints round trips per second and its own CPU time.
//
// Usage: bench_loadgen_qt --url ws://127.0.0.1:PORT/ocpp/ [--connections 1000] [--duration 10] [--warmup 3]
#include "ocpppayloads.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QNetworkRequest>
#include <QTimer>
#include <QWebSocket>

#include <sys/resource.h>

#include <cstdio>
#include <memory>
#include <vector>

using namespace cb::bench;

namespace {

QString tr(const char *text) { return QCoreApplication::translate("cb::bench::QtLoadGen", text); }

double cpuSeconds()
{
    rusage r{};
    getrusage(RUSAGE_SELF, &r);
    return double(r.ru_utime.tv_sec + r.ru_stime.tv_sec) + double(r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
}

struct Counters
{
    bool measuring = false;
    bool stopping = false;
    qint64 roundTrips = 0;
    qint64 booted = 0;
    qint64 problems = 0;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.setApplicationDescription(tr("QWebSocket-based load generator, for comparison with bench_loadgen."));
    p.addHelpOption();
    p.addOption({QStringLiteral("url"), tr("Server base URL on loopback; the identity is appended."), tr("url")});
    p.addOption({QStringLiteral("connections"), tr("Stations (default 1000)."), tr("n"), QStringLiteral("1000")});
    p.addOption({QStringLiteral("duration"), tr("Measured seconds (default 10)."), tr("s"), QStringLiteral("10")});
    p.addOption({QStringLiteral("warmup"), tr("Warm-up seconds (default 3)."), tr("s"), QStringLiteral("3")});
    p.process(app);
    const QUrl base(p.value(QStringLiteral("url")));
    if (base.scheme() != QLatin1String("ws") || !base.host().startsWith(QLatin1String("127."))) {
        std::fprintf(stderr, "bench_loadgen_qt: %s\n", qPrintable(tr("--url wants ws://127.0.0.1:PORT/PATH/ (loopback only).")));
        return 2;
    }
    const int connections = qBound(1, p.value(QStringLiteral("connections")).toInt(), 20000);
    const double duration = qMax(1.0, p.value(QStringLiteral("duration")).toDouble());
    const double warmup = qMax(0.0, p.value(QStringLiteral("warmup")).toDouble());
    rlimit lim{};
    getrlimit(RLIMIT_NOFILE, &lim);
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);

    const PayloadSet payloads;
    const BenchVersion versions[] = {BenchVersion::V16, BenchVersion::V201, BenchVersion::V21};
    const BenchAction actions[] = {BenchAction::Heartbeat, BenchAction::MeterValues, BenchAction::StatusNotification};
    Counters counters;
    std::vector<std::unique_ptr<QWebSocket>> sockets;
    std::vector<quint64> nextId(std::size_t(connections), 0);
    QString path = base.path();
    if (!path.endsWith(QLatin1Char('/')))
        path += QLatin1Char('/');

    auto send = [&](int i, BenchAction action) {
        const BenchVersion v = versions[i % 3];
        const quint64 id = ++nextId[std::size_t(i)];
        const std::string_view name = actionName(action);
        const std::string_view payload = payloads.payload(v, action);
        const QString text = QLatin1String("[2,\"") + QString::number(id) + QLatin1String("\",\"") +
                             QLatin1String(name.data(), qsizetype(name.size())) + QLatin1String("\",") +
                             QLatin1String(payload.data(), qsizetype(payload.size())) + QLatin1Char(']');
        sockets[std::size_t(i)]->sendTextMessage(text);
    };
    for (int i = 0; i < connections; ++i) {
        auto socket = std::make_unique<QWebSocket>();
        QWebSocket *s = socket.get();
        QObject::connect(s, &QWebSocket::connected, s, [&, i] { send(i, BenchAction::BootNotification); });
        QObject::connect(s, &QWebSocket::textMessageReceived, s, [&, i](const QString &message) {
            const QString expected = QLatin1String("[3,\"") + QString::number(nextId[std::size_t(i)]) + QLatin1Char('"');
            if (!message.startsWith(expected)) {
                ++counters.problems;
                return;
            }
            if (nextId[std::size_t(i)] == 1) {
                ++counters.booted;
            } else if (counters.measuring) {
                ++counters.roundTrips;
            }
            if (!counters.stopping)
                send(i, actions[(nextId[std::size_t(i)] + quint64(i)) % 3]);
        });
        QObject::connect(s, &QWebSocket::disconnected, s, [&] { ++counters.problems; });
        QUrl url = base;
        url.setPath(path + QStringLiteral("QT%1").arg(i, 5, 10, QLatin1Char('0')));
        QNetworkRequest request(url);
        request.setRawHeader("Sec-WebSocket-Protocol", subprotocol(versions[i % 3]).data());
        sockets.push_back(std::move(socket));
        s->open(request);
    }

    QElapsedTimer clock;
    clock.start();
    double cpuAtStart = 0;
    QTimer::singleShot(int(warmup * 1000), &app, [&] {
        counters.measuring = true;
        cpuAtStart = cpuSeconds();
        clock.restart();
    });
    QTimer::singleShot(int((warmup + duration) * 1000), &app, [&] {
        counters.measuring = false;
        counters.stopping = true;
        const double elapsed = double(clock.nsecsElapsed()) / 1e9;
        const double cpu = cpuSeconds() - cpuAtStart;
        std::printf("QWebSocket generator: %lld of %d booted, %lld round trips in %.1f s = %.0f/s; CPU %.2f s = %.2f cores, "
                    "%.1f us per round trip; %lld problems\n",
                    static_cast<long long>(counters.booted), connections, static_cast<long long>(counters.roundTrips), elapsed,
                    double(counters.roundTrips) / elapsed, cpu, cpu / elapsed,
                    counters.roundTrips ? cpu * 1e6 / double(counters.roundTrips) : 0.0, static_cast<long long>(counters.problems));
        for (auto &s : sockets)
            s->abort();
        QCoreApplication::quit();
    });
    return app.exec();
}
