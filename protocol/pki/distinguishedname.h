#pragma once

#include <QString>

#include <utility>

namespace cb::pki {

// The subject fields OCPP cares about: CN (charging station identity, or the CSMS's FQDN) and O
// (the CPO; A00.FR.509). Empty fields are left out of the certificate.
struct DistinguishedName
{
    DistinguishedName() = default;
    DistinguishedName(QString cn, QString o = {}, QString ou = {}, QString c = {})
        : commonName(std::move(cn)), organization(std::move(o)), organizationalUnit(std::move(ou)), country(std::move(c))
    {
    }

    QString commonName;
    QString organization;
    QString organizationalUnit;
    QString country; // two letters (ISO 3166), as X.520 requires

    bool operator==(const DistinguishedName &) const = default;
};

} // namespace cb::pki
