#pragma once

#include "virtualstation.h"

#include <QObject>
#include <QUrl>

#include <memory>
#include <vector>

namespace cb::sim {

// Three virtual stations, one per OCPP version (DEMO-16, DEMO-201, DEMO-21), for
// `chargebench-cli serve --demo` and the GUI's demo mode: they connect over loopback, boot and
// then keep charging now and then so there is live traffic to look at.
class DemoStations : public QObject
{
    Q_OBJECT
public:
    explicit DemoStations(QObject *parent = nullptr);
    ~DemoStations() override;

    // baseUrl: ws://127.0.0.1:<port>/ocpp (see loopbackUrl). secondMs speeds the demo up.
    void start(const QUrl &baseUrl, int secondMs = 1000);
    void stop();
    QList<VirtualStation *> stations() const;

    // The plain-WebSocket URL on this machine among a server's URLs (CsmsServer::urls()),
    // preferring 127.0.0.1; empty when there is none.
    static QUrl loopbackUrl(const QStringList &serverUrls);
    static QStringList identities();

Q_SIGNALS:
    void event(const QString &identity, const QString &line);

private:
    void cycle(VirtualStation *station);

    std::vector<std::unique_ptr<VirtualStation>> m_stations;
    std::vector<std::unique_ptr<QTimer>> m_timers;
};

} // namespace cb::sim
