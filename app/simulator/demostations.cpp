#include "demostations.h"

#include <QHostAddress>

namespace cb::sim {

namespace {

// Protocol seconds between the demo driver's moves: plug in and charge, then stop and leave.
constexpr int kIdleS = 30;
constexpr int kChargeS = 120;

} // namespace

DemoStations::DemoStations(QObject *parent) : QObject(parent) {}

DemoStations::~DemoStations() { stop(); }

QStringList DemoStations::identities()
{
    return {QStringLiteral("DEMO-16"), QStringLiteral("DEMO-201"), QStringLiteral("DEMO-21")};
}

QUrl DemoStations::loopbackUrl(const QStringList &serverUrls)
{
    QUrl fallback;
    for (const QString &s : serverUrls) {
        const QUrl u(s);
        if (u.scheme() != QLatin1String("ws"))
            continue;
        const QHostAddress host(u.host());
        if (host == QHostAddress(QHostAddress::LocalHost))
            return u;
        if (host.isLoopback() && fallback.isEmpty())
            fallback = u;
    }
    if (fallback.isEmpty() && !serverUrls.isEmpty() && QUrl(serverUrls.first()).scheme() == QLatin1String("ws"))
        fallback = QUrl(serverUrls.first());
    return fallback;
}

void DemoStations::start(const QUrl &baseUrl, int secondMs)
{
    stop();
    const OcppVersion versions[] = {OcppVersion::V16, OcppVersion::V201, OcppVersion::V21};
    const QStringList ids = identities();
    for (int i = 0; i < 3; ++i) {
        VirtualStationConfig c;
        c.url = baseUrl;
        c.identity = ids.at(i);
        c.version = versions[i];
        c.evses = 2;
        c.secondMs = secondMs;
        c.meterIntervalS = 10;
        c.model = QStringLiteral("Demo %1").arg(versionName(versions[i]));
        c.idToken = QStringLiteral("DEMO%1").arg(i + 1, 4, 10, QLatin1Char('0'));
        auto station = std::make_unique<VirtualStation>(c);
        VirtualStation *s = station.get();
        connect(s, &VirtualStation::event, this, [this, s](const QString &line) { Q_EMIT event(s->identity(), line); });
        auto timer = std::make_unique<QTimer>();
        timer->setSingleShot(true);
        connect(timer.get(), &QTimer::timeout, this, [this, s] { cycle(s); });
        QTimer *t = timer.get();
        // Staggered, so the three stations do not all charge at once.
        connect(s, &VirtualStation::registered, t, [t, s, i] { t->start(s->protocolSeconds(kIdleS / 3 * (i + 1))); });
        m_timers.push_back(std::move(timer));
        m_stations.push_back(std::move(station));
        s->start();
    }
}

void DemoStations::cycle(VirtualStation *station)
{
    QTimer *timer = nullptr;
    for (size_t i = 0; i < m_stations.size(); ++i)
        if (m_stations[i].get() == station)
            timer = m_timers[i].get();
    if (!timer)
        return;
    Outlet *o = station->outlet(1, 1);
    if (station->isRegistered() && o) {
        if (o->session) {
            station->presentIdToken(1, o->session->idToken); // the driver ends the session
            timer->start(station->protocolSeconds(kIdleS));
            return;
        }
        if (!o->plugged)
            station->plugIn(1);
        station->presentIdToken(1, station->config().idToken);
        timer->start(station->protocolSeconds(kChargeS));
        return;
    }
    timer->start(station->protocolSeconds(kIdleS));
}

void DemoStations::stop()
{
    m_timers.clear();
    for (auto &s : m_stations)
        s->stop();
    m_stations.clear();
}

QList<VirtualStation *> DemoStations::stations() const
{
    QList<VirtualStation *> out;
    for (const auto &s : m_stations)
        out << s.get();
    return out;
}

} // namespace cb::sim
