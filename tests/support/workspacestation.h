#pragma once

// Shared set-up of the tests that run a whole Workspace (server, capture database, optional
// automation API) on loopback with virtual stations connected to it.
#include "simulator/virtualstationconfig.h"
#include "workspace/workspaceconfig.h"

#include <QHostAddress>
#include <QUrl>

namespace cb::test {

// The mini-CSMS on 127.0.0.1 with a free port (and the automation API on another, when asked),
// its capture database at `databasePath`.
inline WorkspaceConfig loopbackWorkspaceConfig(const QString &databasePath, bool withApi = false)
{
    WorkspaceConfig cfg;
    cfg.server.address = QHostAddress::LocalHost;
    cfg.server.port = 0;
    cfg.databasePath = databasePath;
    cfg.apiEnabled = withApi;
    cfg.apiPort = 0;
    return cfg;
}

// A virtual station whose simulated second lasts `secondMs`, that reboots, retries its boot and
// reconnects after one simulated second without random back-off: tests wait for it, not for a
// charger's real timing.
inline sim::VirtualStationConfig quickStationConfig(const QUrl &url, const QString &identity, OcppVersion version,
                                                    int secondMs = 50)
{
    sim::VirtualStationConfig c;
    c.url = url;
    c.identity = identity;
    c.version = version;
    c.secondMs = secondMs;
    c.rebootS = 1;
    c.bootRetryDefaultS = 1;
    c.backOffMinimumS = 1;
    c.backOffRandomRangeS = 0;
    return c;
}

} // namespace cb::test
