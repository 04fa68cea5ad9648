#pragma once

// The CSMS server settings the transport tests start from: loopback, any free port, no pings.
#include "transport/serverconfig.h"

#include <chrono>

namespace cb::test {

inline ServerConfig loopbackServerConfig()
{
    ServerConfig c;
    c.address = QHostAddress::LocalHost;
    c.port = 0; // any free port
    c.pingInterval = std::chrono::milliseconds(0);
    return c;
}

} // namespace cb::test
