#pragma once

#include "certificate.h"
#include "common/result.h"

#include <QDateTime>
#include <QList>

namespace cb::pki {

// Whether `leaf` chains to one of `trustAnchors` (through `intermediates` if needed) and every
// certificate on the way is valid at `time` (now if invalid). Used where OCPP asks a CSMS or a
// station to check a certificate (CertificateSigned, InstallCertificate) outside a TLS
// handshake. The error says what is wrong (expired, unknown issuer, ...) in words.
Status<> verifyCertificate(const Certificate &leaf, const QList<Certificate> &trustAnchors,
                           const QList<Certificate> &intermediates = {}, const QDateTime &time = {});

} // namespace cb::pki
