#pragma once

#include "common/result.h"

#include <QSslConfiguration>
#include <QString>

namespace cb::sim {

// The TLS side of a virtual station (security profiles 2 and 3) from PEM files: the CA that
// signed the CSMS's certificate (empty: the system's CAs) and, for profile 3, the station's
// client certificate and private key. TLS 1.2 or later, the server is always verified.
Result<QSslConfiguration> stationTlsConfiguration(const QString &caFile, const QString &certificateFile = {},
                                                  const QString &keyFile = {});

} // namespace cb::sim
