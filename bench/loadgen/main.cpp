// OCPP load generator: N station connections (default 1,000, OCPP 1.6 / 2.0.1 / 2.1 round-robin)
// against any OCPP-J server on this machine, each booted and then kept at exactly one CALL
// outstanding (Heartbeat, MeterValues, StatusNotification rotating) for a measured window after
// a warm-up. Reports round trips per second, latency percentiles, errors, and the server's peak
// RSS and CPU time from /proc/<pid>.
//
// Its own process, event-driven (epoll, a hand-written RFC 6455 client framing), so that it is
// not what limits the measurement: bench_echo_server shows its ceiling.
#include "loadoptions.h"
#include "loadstats.h"
#include "loadworker.h"
#include "ocpppayloads.h"
#include "processusage.h"
#include "runclock.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHostAddress>
#include <QUrl>

#include <csignal>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <memory>
#include <optional>
#include <sys/resource.h>
#include <thread>

using namespace cb::bench;

namespace {

QString tr(const char *text) { return QCoreApplication::translate("cb::bench::LoadGen", text); }

void sleepUntil(std::int64_t ns)
{
    timespec ts{};
    ts.tv_sec = time_t(ns / 1'000'000'000);
    ts.tv_nsec = long(ns % 1'000'000'000);
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) == EINTR) {
    }
}

bool raiseFileLimit(int needed, QString &problem)
{
    rlimit lim{};
    getrlimit(RLIMIT_NOFILE, &lim);
    if (lim.rlim_cur >= rlim_t(needed))
        return true;
    lim.rlim_cur = std::min<rlim_t>(lim.rlim_max, rlim_t(needed));
    if (setrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur >= rlim_t(needed))
        return true;
    problem = tr("The open-file limit (%1) is too low for %2 connections; raise it (ulimit -n) or use fewer --connections.")
                  .arg(qulonglong(lim.rlim_max))
                  .arg(needed);
    return false;
}

std::optional<LoadOptions> parseOptions(const QCoreApplication &app, QString &problem)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("Load generator: many OCPP stations, one CALL outstanding each, against a server on loopback."));
    p.addHelpOption();
    p.addOption({QStringLiteral("url"), tr("Server base URL; the station identity is appended (ws://127.0.0.1:9000/ocpp/)."), tr("url")});
    p.addOption({QStringLiteral("connections"), tr("Station connections (default 1000)."), tr("n"), QStringLiteral("1000")});
    p.addOption({QStringLiteral("duration"), tr("Measured window in seconds (default 20)."), tr("s"), QStringLiteral("20")});
    p.addOption({QStringLiteral("warmup"), tr("Warm-up before the window in seconds (default 5)."), tr("s"), QStringLiteral("5")});
    p.addOption({QStringLiteral("versions"), tr("OCPP versions, assigned round-robin (default 1.6,2.0.1,2.1)."), tr("list"),
                 QStringLiteral("1.6,2.0.1,2.1")});
    p.addOption({QStringLiteral("actions"), tr("Rotating actions: Heartbeat, MeterValues, StatusNotification (default all three)."),
                 tr("list"), QStringLiteral("Heartbeat,MeterValues,StatusNotification")});
    p.addOption({QStringLiteral("threads"), tr("Generator threads (default 1)."), tr("n"), QStringLiteral("1")});
    p.addOption({QStringLiteral("connect-concurrency"), tr("Set-ups in flight at once per thread (default 64)."), tr("n"),
                 QStringLiteral("64")});
    p.addOption({QStringLiteral("call-timeout"), tr("Seconds before an unanswered CALL counts as a timeout (default 10)."), tr("s"),
                 QStringLiteral("10")});
    p.addOption({QStringLiteral("server-pid"), tr("Server process to report peak RSS and CPU time of."), tr("pid")});
    p.addOption({QStringLiteral("id-prefix"), tr("Station identity prefix (default LOAD)."), tr("text"), QStringLiteral("LOAD")});
    p.addOption({QStringLiteral("label"), tr("Name of the server in the report."), tr("text")});
    p.addOption({QStringLiteral("summary"), tr("Also write the results as key=value lines to this file."), tr("file")});
    p.addOption({QStringLiteral("print-payloads"), tr("Print every request payload it sends (version, action, JSON; tab separated) and exit.")});
    p.process(app);
    if (p.isSet(QStringLiteral("print-payloads"))) {
        const PayloadSet payloads;
        for (BenchVersion v : {BenchVersion::V16, BenchVersion::V201, BenchVersion::V21}) {
            for (int a = 0; a < BenchActionCount; ++a) {
                const std::string_view name = actionName(BenchAction(a));
                const std::string_view json = payloads.payload(v, BenchAction(a));
                std::printf("%.*s\t%.*s\t%.*s\n", int(versionLabel(v).size()), versionLabel(v).data(), int(name.size()), name.data(),
                            int(json.size()), json.data());
            }
        }
        std::exit(0);
    }

    LoadOptions o;
    const QUrl url(p.value(QStringLiteral("url")));
    if (!p.isSet(QStringLiteral("url")) || !url.isValid() || url.scheme() != QLatin1String("ws") || url.port() <= 0) {
        problem = tr("--url wants ws://127.0.0.1:PORT/PATH/ (plain ws, explicit port).");
        return std::nullopt;
    }
    QHostAddress address;
    if (url.host() == QLatin1String("localhost"))
        address = QHostAddress(QHostAddress::LocalHost);
    else
        address.setAddress(url.host());
    // The load only ever targets this machine.
    if (address.protocol() != QAbstractSocket::IPv4Protocol || !address.isLoopback()) {
        problem = tr("--url must name a loopback IPv4 address (127.0.0.0/8); the generator never loads other machines.");
        return std::nullopt;
    }
    o.host = address.toString().toStdString();
    o.port = std::uint16_t(url.port());
    o.path = url.path().toStdString();
    if (o.path.empty() || o.path.back() != '/')
        o.path += '/';
    bool ok = false;
    o.connections = p.value(QStringLiteral("connections")).toInt(&ok);
    if (!ok || o.connections < 1 || o.connections > 60000) {
        problem = tr("--connections must be between 1 and 60000.");
        return std::nullopt;
    }
    o.durationSeconds = p.value(QStringLiteral("duration")).toDouble(&ok);
    if (!ok || o.durationSeconds <= 0 || o.durationSeconds > 3600) {
        problem = tr("--duration must be between 0 and 3600 seconds.");
        return std::nullopt;
    }
    o.warmupSeconds = p.value(QStringLiteral("warmup")).toDouble(&ok);
    if (!ok || o.warmupSeconds < 0 || o.warmupSeconds > 600) {
        problem = tr("--warmup must be between 0 and 600 seconds.");
        return std::nullopt;
    }
    o.callTimeoutSeconds = p.value(QStringLiteral("call-timeout")).toDouble(&ok);
    if (!ok || o.callTimeoutSeconds <= 0) {
        problem = tr("--call-timeout must be a positive number of seconds.");
        return std::nullopt;
    }
    o.threads = p.value(QStringLiteral("threads")).toInt(&ok);
    if (!ok || o.threads < 1 || o.threads > 64) {
        problem = tr("--threads must be between 1 and 64.");
        return std::nullopt;
    }
    o.threads = std::min(o.threads, o.connections);
    o.connectConcurrency = p.value(QStringLiteral("connect-concurrency")).toInt(&ok);
    if (!ok || o.connectConcurrency < 1) {
        problem = tr("--connect-concurrency must be at least 1.");
        return std::nullopt;
    }
    o.versions.clear();
    for (const QString &v : p.value(QStringLiteral("versions")).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (v == QLatin1String("1.6"))
            o.versions.push_back(BenchVersion::V16);
        else if (v == QLatin1String("2.0.1"))
            o.versions.push_back(BenchVersion::V201);
        else if (v == QLatin1String("2.1"))
            o.versions.push_back(BenchVersion::V21);
        else {
            problem = tr("Unknown OCPP version \"%1\"; use 1.6, 2.0.1 or 2.1.").arg(v);
            return std::nullopt;
        }
    }
    o.actions.clear();
    for (const QString &a : p.value(QStringLiteral("actions")).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (a.compare(QLatin1String("Heartbeat"), Qt::CaseInsensitive) == 0)
            o.actions.push_back(BenchAction::Heartbeat);
        else if (a.compare(QLatin1String("MeterValues"), Qt::CaseInsensitive) == 0)
            o.actions.push_back(BenchAction::MeterValues);
        else if (a.compare(QLatin1String("StatusNotification"), Qt::CaseInsensitive) == 0)
            o.actions.push_back(BenchAction::StatusNotification);
        else {
            problem = tr("Unknown action \"%1\"; use Heartbeat, MeterValues or StatusNotification.").arg(a);
            return std::nullopt;
        }
    }
    if (o.versions.empty() || o.actions.empty()) {
        problem = tr("--versions and --actions must not be empty.");
        return std::nullopt;
    }
    if (p.isSet(QStringLiteral("server-pid"))) {
        o.serverPid = pid_t(p.value(QStringLiteral("server-pid")).toInt(&ok));
        if (!ok || o.serverPid <= 0) {
            problem = tr("--server-pid must be a process id.");
            return std::nullopt;
        }
    }
    o.idPrefix = p.value(QStringLiteral("id-prefix")).toStdString();
    o.label = p.value(QStringLiteral("label")).toStdString();
    o.summaryFile = p.value(QStringLiteral("summary")).toStdString();
    return o;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QString problem;
    const std::optional<LoadOptions> parsed = parseOptions(app, problem);
    if (!parsed) {
        std::fprintf(stderr, "bench_loadgen: %s\n", qPrintable(problem));
        return 2;
    }
    const LoadOptions &o = *parsed;
    if (!raiseFileLimit(o.connections + 64, problem)) {
        std::fprintf(stderr, "bench_loadgen: %s\n", qPrintable(problem));
        return 2;
    }
    std::signal(SIGPIPE, SIG_IGN);

    const std::string url = "ws://" + o.host + ':' + std::to_string(o.port) + o.path;
    std::printf("%s%s%s: %d stations, %zu versions round-robin, %d thread(s)\n", url.c_str(), o.label.empty() ? "" : " - ",
                o.label.c_str(), o.connections, o.versions.size(), o.threads);
    std::fflush(stdout);

    const PayloadSet payloads;
    RunClock clock;
    const ProcessUsage serverBefore = sampleProcess(o.serverPid);
    if (o.serverPid > 0 && !serverBefore.valid)
        std::fprintf(stderr, "bench_loadgen: cannot read /proc/%d; server figures will be missing\n", int(o.serverPid));

    const std::int64_t connectStart = monotonicNs();
    std::vector<std::unique_ptr<LoadWorker>> workers;
    std::vector<std::thread> threads;
    for (int t = 0; t < o.threads; ++t) {
        const int first = int(std::int64_t(o.connections) * t / o.threads);
        const int last = int(std::int64_t(o.connections) * (t + 1) / o.threads);
        workers.push_back(std::make_unique<LoadWorker>(o, payloads, clock, first, last - first));
    }
    for (auto &w : workers)
        threads.emplace_back([&w] { w->run(); });
    while (clock.settledWorkers.load(std::memory_order_acquire) < o.threads)
        sleepUntil(monotonicNs() + 10'000'000);
    const double connectSeconds = double(monotonicNs() - connectStart) / 1e9;

    std::int64_t booted = 0;
    // Safe to read now: every worker has settled and touches the set-up counters no more.
    for (auto &w : workers)
        booted += w->stats().booted();
    std::printf("set-up: %lld of %d stations connected and booted in %.2f s\n", static_cast<long long>(booted), o.connections,
                connectSeconds);
    std::fflush(stdout);
    if (booted == 0) {
        clock.phase.store(RunClock::Abort, std::memory_order_release);
        for (auto &t : threads)
            t.join();
        LoadStats all;
        for (auto &w : workers)
            all.merge(std::move(w->stats()));
        std::fprintf(stderr, "bench_loadgen: no station could connect and boot. First problem: %s\n", all.firstProblem.c_str());
        return 1;
    }

    const std::int64_t measureStart = monotonicNs() + std::int64_t(o.warmupSeconds * 1e9);
    const std::int64_t measureEnd = measureStart + std::int64_t(o.durationSeconds * 1e9);
    clock.measureStartNs.store(measureStart);
    clock.measureEndNs.store(measureEnd);
    clock.phase.store(RunClock::Run, std::memory_order_release);

    sleepUntil(measureStart);
    const ProcessUsage server0 = sampleProcess(o.serverPid);
    const double self0 = selfCpuSeconds();
    sleepUntil(measureEnd);
    const ProcessUsage server1 = sampleProcess(o.serverPid);
    const double self1 = selfCpuSeconds();
    for (auto &t : threads)
        t.join();
    const ProcessUsage serverAfter = sampleProcess(o.serverPid);

    LoadStats all;
    for (auto &w : workers)
        all.merge(std::move(w->stats()));
    const double window = o.durationSeconds;
    const std::int64_t roundTrips = all.completedInWindow();
    const double rate = double(roundTrips) / window;
    double mean = 0;
    for (std::uint32_t l : all.latenciesUs)
        mean += l;
    mean = all.latenciesUs.empty() ? 0 : mean / double(all.latenciesUs.size()) / 1000.0;
    const double p50 = percentileMs(all.latenciesUs, 50);
    const double p95 = percentileMs(all.latenciesUs, 95);
    const double p99 = percentileMs(all.latenciesUs, 99);
    const double pMax = all.latenciesUs.empty() ? 0 : double(all.latenciesUs.back()) / 1000.0;
    const bool haveServer = server0.valid && server1.valid;
    const double serverCpu = haveServer ? server1.cpuSeconds - server0.cpuSeconds : 0;
    const long peakKb = serverAfter.valid ? serverAfter.peakRssKb : server1.peakRssKb;
    const double selfCpu = self1 - self0;

    std::printf("window: %.1f s after %.1f s warm-up\n", window, o.warmupSeconds);
    std::printf("round trips: %lld = %.0f/s (", static_cast<long long>(roundTrips), rate);
    for (std::size_t a = 1; a < all.completedByAction.size(); ++a) {
        if (all.completedByAction[a])
            std::printf("%s%.*s %lld", a > 1 ? ", " : "", int(actionName(BenchAction(a)).size()), actionName(BenchAction(a)).data(),
                        static_cast<long long>(all.completedByAction[a]));
    }
    std::printf(")\n");
    std::printf("latency ms: p50 %.2f, p95 %.2f, p99 %.2f, max %.2f, mean %.2f\n", p50, p95, p99, pMax, mean);
    std::printf("errors: %lld (CALLERROR %lld, timeouts %lld, disconnects %lld, bad frames %lld, connect %lld, upgrade %lld, "
                "boot %lld); late answers %lld; server CALLs %lld\n",
                static_cast<long long>(all.errors()), static_cast<long long>(all.callErrors), static_cast<long long>(all.timeouts),
                static_cast<long long>(all.disconnects), static_cast<long long>(all.badFrames),
                static_cast<long long>(all.connectFailures), static_cast<long long>(all.handshakeFailures),
                static_cast<long long>(all.bootFailures), static_cast<long long>(all.lateReplies),
                static_cast<long long>(all.serverCalls));
    if (!all.firstProblem.empty())
        std::printf("first problem: %s\n", all.firstProblem.c_str());
    if (o.serverPid > 0 && !haveServer)
        std::printf("server pid %d: exited or unreadable during the window; no server figures\n", int(o.serverPid));
    if (haveServer) {
        std::printf("server pid %d: peak RSS %.1f MB (%.1f MB before the stations connected), CPU %.2f s in the window = %.2f cores, "
                    "%.1f us per round trip, %d threads\n",
                    int(o.serverPid), double(peakKb) / 1024.0, double(serverBefore.rssKb) / 1024.0, serverCpu, serverCpu / window,
                    roundTrips ? serverCpu * 1e6 / double(roundTrips) : 0.0, server1.threads);
    }
    std::printf("generator: CPU %.2f s in the window = %.2f cores, %.1f us per round trip\n", selfCpu, selfCpu / window,
                roundTrips ? selfCpu * 1e6 / double(roundTrips) : 0.0);

    if (!o.summaryFile.empty()) {
        std::ofstream s(o.summaryFile);
        s << "label=" << o.label << '\n'
          << "url=" << url << '\n'
          << "connections=" << o.connections << '\n'
          << "booted=" << all.booted() << '\n'
          << "connect_seconds=" << connectSeconds << '\n'
          << "window_seconds=" << window << '\n'
          << "round_trips=" << roundTrips << '\n'
          << "rtps=" << rate << '\n'
          << "p50_ms=" << p50 << '\n'
          << "p95_ms=" << p95 << '\n'
          << "p99_ms=" << p99 << '\n'
          << "max_ms=" << pMax << '\n'
          << "mean_ms=" << mean << '\n'
          << "errors=" << all.errors() << '\n'
          << "call_errors=" << all.callErrors << '\n'
          << "timeouts=" << all.timeouts << '\n'
          << "disconnects=" << all.disconnects << '\n'
          << "bad_frames=" << all.badFrames << '\n'
          << "connect_failures=" << all.connectFailures << '\n'
          << "handshake_failures=" << all.handshakeFailures << '\n'
          << "boot_failures=" << all.bootFailures << '\n'
          << "late_replies=" << all.lateReplies << '\n'
          << "server_calls=" << all.serverCalls << '\n'
          << "server_peak_rss_mb=" << (haveServer ? double(peakKb) / 1024.0 : 0.0) << '\n'
          << "server_cpu_window_s=" << serverCpu << '\n'
          << "server_cores=" << serverCpu / window << '\n'
          << "server_cpu_us_per_rt=" << (roundTrips ? serverCpu * 1e6 / double(roundTrips) : 0.0) << '\n'
          << "generator_cpu_window_s=" << selfCpu << '\n'
          << "generator_cores=" << selfCpu / window << '\n'
          << "generator_cpu_us_per_rt=" << (roundTrips ? selfCpu * 1e6 / double(roundTrips) : 0.0) << '\n';
    }
    return 0;
}
