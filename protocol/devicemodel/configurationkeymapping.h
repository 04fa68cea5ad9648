#pragma once

#include "devicemodel/devicemodel.h"

#include <QJsonObject>
#include <QStringList>

namespace cb::dm {

// OCPP 1.6 configuration keys on the 2.x device model, so views, diff and profiles serve both.
//
// Mapping (documented in commissioningprofile.md):
//   component.name = the 1.6 feature profile that defines the key (Core, LocalAuthListManagement,
//                    Reservation, SmartCharging, FirmwareManagement, RemoteTrigger) or "Security"
//                    for the security whitepaper's keys; keys no standard defines go to "Vendor".
//                    No EVSE, no instance.
//   variable.name  = the key exactly as the station spelled it; no instance.
//   one attribute  = Actual; readonly=true -> ReadOnly, otherwise ReadWrite; a missing value
//                    (the station chose not to tell) stays absent.
//   characteristics.dataType = boolean / integer for the standard keys of those types,
//                    otherwise string ("CSL" keys too); no limits (1.6 has none in the message).
// Writing uses variable.name as the ChangeConfiguration key; the component is not sent.
class ConfigurationKeyMapping
{
public:
    struct Mapped
    {
        DeviceModel model;
        QStringList unknownKeys; // GetConfiguration.conf unknownKey, as received
    };

    // GetConfiguration.conf payload -> entries.
    static Mapped fromGetConfiguration(const QJsonObject &getConfigurationConf);
    // The component a key maps to ("Vendor" when no standard defines it).
    static QString componentFor(const QString &key);
    // "boolean", "integer" or "string".
    static QString dataTypeFor(const QString &key);
};

} // namespace cb::dm
