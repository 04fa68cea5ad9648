#pragma once

#include "certificate.h"
#include "common/result.h"
#include "hashalgorithm.h"

#include <QJsonObject>
#include <QString>

namespace cb::pki {

// OCPP CertificateHashDataType: how OCPP names an installed certificate (GetInstalledCertificateIds,
// DeleteCertificate, ...). The fields are the ones an OCSP CertID has (RFC 6960 section 4.1.1),
// written as hex.
//
// Rules (OCPP 2.0.1 errata 2023-12, section 2.15.1, CertificateHashDataType; same fields in the
// OCPP 1.6 security whitepaper ed. 2, section 6.1, which widened serialNumber to 40 characters):
// - issuerNameHash: hash of the DER encoding of the issuer name field of the certificate itself;
// - issuerKeyHash: hash of the issuer certificate's subjectPublicKey BIT STRING value, without
//   tag, length and the unused-bits octet;
// - serialNumber: the serial number in hex, without "0x" and without leading zeroes;
// - all three are identifierString, which the same erratum declares case-insensitive.
// We write lower-case hex (hashes keep their full length: only the serial number loses leading
// zeroes), and compare case-insensitively with matches(), also tolerating leading zeroes in a
// peer's serial number.
struct CertificateHashData
{
    HashAlgorithm hashAlgorithm = HashAlgorithm::Sha256;
    QString issuerNameHash;
    QString issuerKeyHash;
    QString serialNumber;

    // `issuer` is the certificate that signed `certificate` (for a root: the root itself); it
    // must really be the issuer (names, key identifiers and signature), else this fails.
    static Result<CertificateHashData> compute(const Certificate &certificate, const Certificate &issuer,
                                               HashAlgorithm algorithm = HashAlgorithm::Sha256);

    QJsonObject toJson() const;
    // Checks presence, the enum value and the lengths the schema allows (128, 128, 40).
    static Result<CertificateHashData> fromJson(const QJsonObject &json);

    // Same certificate: same algorithm, hashes equal ignoring case, serial numbers equal
    // ignoring case and leading zeroes.
    bool matches(const CertificateHashData &other) const;
};

// PEM convenience for CertificateHashData::compute.
Result<CertificateHashData> certificateHashData(const QByteArray &certificatePem, const QByteArray &issuerCertificatePem,
                                                HashAlgorithm algorithm = HashAlgorithm::Sha256);

} // namespace cb::pki
