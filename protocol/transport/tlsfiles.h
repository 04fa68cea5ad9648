#pragma once

#include "common/result.h"
#include "serverconfig.h"

#include <QSslConfiguration>

namespace cb {

// Builds the server's TLS configuration for security profiles 2 and 3 from PEM files: TLS 1.2
// and 1.3 only, the cipher suites OCPP requires, and for profile 3 client certificates that must
// chain to the configured CA. Unreadable files or a key that does not belong to the certificate
// give an error that names the file and what to do.
Result<QSslConfiguration> serverTlsConfiguration(const ServerConfig &config);

// TLS 1.2 suites from the OCPP security specifications (1.6 security whitepaper, 2.0.1 part 2),
// in OpenSSL names, followed by the TLS 1.3 suites.
QStringList ocppCipherNames();

} // namespace cb
