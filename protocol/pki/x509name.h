#pragma once

// Internal to protocol/pki: conversions between DistinguishedName/QDateTime and OpenSSL's
// X509_NAME/ASN1_TIME.

#include "distinguishedname.h"
#include "opensslhandles.h"

#include <QDateTime>

namespace cb::pki::detail {

Result<X509NamePtr> toX509Name(const DistinguishedName &name);
DistinguishedName fromX509Name(const X509_NAME *name);
// First entry with this NID as UTF-8 text, empty if absent.
QString nameEntry(const X509_NAME *name, int nid);
// RFC 2253 form, e.g. "CN=CP001,O=Example CPO".
QString nameText(const X509_NAME *name);
QDateTime toDateTime(const ASN1_TIME *time);

} // namespace cb::pki::detail
