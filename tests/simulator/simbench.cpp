#include "simbench.h"
#include "workspacestation.h"

#include <QJsonDocument>
#include <QTest>

namespace cb::test {

using namespace std::chrono_literals;

QJsonArray RecordedFrame::json() const { return QJsonDocument::fromJson(frame.text).array(); }

SimBench::SimBench()
{
    server.setFrameSink([this](const ConnectionInfo &c, const FrameEvent &e) { recorded.append(RecordedFrame{c, e}); });
}

ServerConfig SimBench::plainConfig()
{
    ServerConfig c;
    c.address = QHostAddress::LocalHost;
    c.port = 0;
    c.pingInterval = 0ms;
    return c;
}

bool SimBench::start(std::optional<ServerConfig> config)
{
    registry.policy().heartbeatIntervalS = 2;
    const auto ok = server.start(config.value_or(plainConfig()));
    if (!ok)
        qWarning("server did not start: %s", qPrintable(ok.error().text()));
    return ok.ok();
}

QUrl SimBench::url() const
{
    const bool tls = server.config().profile == SecurityProfile::TlsBasicAuth || server.config().profile == SecurityProfile::MutualTls;
    return QUrl(QStringLiteral("%1://%2:%3/ocpp").arg(tls ? QStringLiteral("wss") : QStringLiteral("ws"),
                                                      tls ? QStringLiteral("localhost") : QStringLiteral("127.0.0.1"))
                    .arg(server.port()));
}

sim::VirtualStationConfig SimBench::stationConfig(const QString &id, OcppVersion v, int secondMs) const
{
    sim::VirtualStationConfig c = quickStationConfig(url(), id, v, secondMs);
    c.meterIntervalS = 1;
    c.plugDelayS = 1;
    c.responseTimeout = 10s;
    return c;
}

sim::VirtualStation *SimBench::startStation(const sim::VirtualStationConfig &c)
{
    stations.push_back(std::make_unique<sim::VirtualStation>(c));
    sim::VirtualStation *s = stations.back().get();
    s->start();
    return s;
}

bool SimBench::waitRegistered(sim::VirtualStation *s, int timeoutMs)
{
    return QTest::qWaitFor([&] {
        StationSession *session = registry.session(s->identity());
        return s->isRegistered() && s->state() == sim::VirtualStation::State::Accepted && session && session->isConnected();
    }, timeoutMs);
}

CallOutcome SimBench::call(const QString &id, const QString &action, const QJsonObject &payload,
                           std::optional<std::chrono::milliseconds> timeout, int waitMs)
{
    std::optional<CallOutcome> out;
    StationSession *s = registry.session(id);
    if (!s) {
        CallOutcome o;
        o.errorDescription = QStringLiteral("no session for ") + id;
        return o;
    }
    s->call(action, payload, [&](const CallOutcome &o) { out = o; }, timeout);
    if (!QTest::qWaitFor([&] { return out.has_value(); }, waitMs))
        qWarning("no outcome for %s within %d ms", qPrintable(action), waitMs);
    return out.value_or(CallOutcome{});
}

QList<RecordedFrame> SimBench::frames(const QString &id, FrameEvent::Direction dir, const QString &action,
                                      std::optional<MessageType> type) const
{
    QList<RecordedFrame> out;
    for (const RecordedFrame &f : recorded)
        if (f.connection.identity == id && f.frame.direction == dir && (action.isEmpty() || f.frame.action == action)
            && (!type || f.frame.type == type))
            out << f;
    return out;
}

int SimBench::count(const QString &id, const QString &action, FrameEvent::Direction dir) const
{
    return int(frames(id, dir, action).size());
}

bool SimBench::waitFor(const QString &id, const QString &action, int n, int timeoutMs) const
{
    return QTest::qWaitFor([&] { return count(id, action) >= n; }, timeoutMs);
}

QStringList SimBench::badFrames(std::function<bool(const RecordedFrame &)> allowed) const
{
    QStringList out;
    for (const RecordedFrame &f : recorded) {
        if (f.frame.isValid() || (allowed && allowed(f)))
            continue;
        out << QStringLiteral("%1 %2: %3 %4")
                   .arg(f.connection.identity, QString::fromUtf8(f.frame.text.left(200)), f.frame.problem, describe(f.frame.violations));
    }
    return out;
}

QStringList SimBench::stationErrors() const
{
    QStringList out;
    for (const auto &s : stations)
        for (const QString &e : s->internalErrors())
            out << s->identity() + QStringLiteral(": ") + e;
    return out;
}

} // namespace cb::test
