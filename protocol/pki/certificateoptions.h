#pragma once

#include "distinguishedname.h"
#include "keytype.h"
#include "privatekey.h"
#include "validity.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QStringList>

namespace cb::pki {

// What an end-entity certificate may be used for (extendedKeyUsage).
enum class CertificateUsage {
    ServerAuth,          // the CSMS's TLS server certificate
    ClientAuth,          // a charging station's certificate for security profile 3
    ServerAndClientAuth, // e.g. a proxy that is server to the charger and client to the CSMS
    CodeSigning,         // firmware signing certificates
};

struct RootCaOptions
{
    DistinguishedName subject{QStringLiteral("ChargeBench Local CA"), QStringLiteral("ChargeBench")};
    KeyType keyType = KeyType::EcP256;
    PrivateKey key; // used when set (e.g. generated on a worker), otherwise one of keyType is made
    Validity validity = Validity::days(3650);
    // Sign with RSA-PSS when the CA key is RSA (1.6 security whitepaper A00.FR.505: CAs SHOULD
    // sign with RSA-PSS or ECDSA). Off by default for RSA because some charger TLS stacks cannot
    // check PSS signatures; the default EC CA signs with ECDSA and meets the rule anyway.
    bool rsaPss = false;
    QByteArray serialNumber; // big-endian; empty: random
};

// An end-entity certificate whose key pair the CA makes (or is given).
struct CertificateOptions
{
    DistinguishedName subject; // CN required: the station identity, or the server's host name
    KeyType keyType = KeyType::EcP256;
    PrivateKey key; // used when set, otherwise one of keyType is made
    Validity validity = Validity::days(365);
    QByteArray serialNumber; // big-endian; empty: random
};

struct ServerCertificateOptions : CertificateOptions
{
    QStringList dnsNames;           // subjectAltName dNSName entries
    QList<QHostAddress> ipAddresses; // subjectAltName iPAddress entries, IPv4 and IPv6
};

// For a station's certificate CN is the charging station identity (1.6 security whitepaper
// A00.FR.511, 2.0.1 A00.FR.511) and O the CPO name (A00.FR.509).
using ClientCertificateOptions = CertificateOptions;

struct CsrSigningOptions
{
    CertificateUsage usage = CertificateUsage::ClientAuth;
    Validity validity = Validity::days(365);
    QByteArray serialNumber; // big-endian; empty: random
    // When set, the CSR's CN must equal it (the identity the station connected with).
    QString requiredCommonName;
};

} // namespace cb::pki
