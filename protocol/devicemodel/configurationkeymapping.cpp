#include "devicemodel/configurationkeymapping.h"

#include <QHash>
#include <QJsonArray>

namespace cb::dm {

namespace {

struct KeyInfo
{
    const char *component;
    const char *dataType;
};

// The standard keys of OCPP 1.6 edition 2 chapter 9 and of the security whitepaper (edition 2)
// chapter 7, with the feature profile that defines them and their type ("CSL" keys are strings).
const QHash<QString, KeyInfo> &standardKeys()
{
    static const QHash<QString, KeyInfo> keys = [] {
        QHash<QString, KeyInfo> k;
        const auto add = [&k](const char *component, const char *type, std::initializer_list<const char *> names) {
            for (const char *n : names)
                k.insert(QString::fromLatin1(n).toCaseFolded(), KeyInfo{component, type});
        };
        add("Core", "boolean",
            {"AllowOfflineTxForUnknownId", "AuthorizationCacheEnabled", "AuthorizeRemoteTxRequests", "LocalAuthorizeOffline",
             "LocalPreAuthorize", "StopTransactionOnEVSideDisconnect", "StopTransactionOnInvalidId",
             "UnlockConnectorOnEVSideDisconnect"});
        add("Core", "integer",
            {"BlinkRepeat", "ClockAlignedDataInterval", "ConnectionTimeOut", "ConnectorPhaseRotationMaxLength",
             "GetConfigurationMaxKeys", "HeartbeatInterval", "LightIntensity", "MaxEnergyOnInvalidId",
             "MeterValuesAlignedDataMaxLength", "MeterValuesSampledDataMaxLength", "MeterValueSampleInterval",
             "MinimumStatusDuration", "NumberOfConnectors", "ResetRetries", "StopTxnAlignedDataMaxLength",
             "StopTxnSampledDataMaxLength", "SupportedFeatureProfilesMaxLength", "TransactionMessageAttempts",
             "TransactionMessageRetryInterval", "WebSocketPingInterval"});
        add("Core", "string",
            {"ConnectorPhaseRotation", "MeterValuesAlignedData", "MeterValuesSampledData", "StopTxnAlignedData",
             "StopTxnSampledData", "SupportedFeatureProfiles"});
        add("LocalAuthListManagement", "boolean", {"LocalAuthListEnabled"});
        add("LocalAuthListManagement", "integer", {"LocalAuthListMaxLength", "SendLocalListMaxLength"});
        add("Reservation", "boolean", {"ReserveConnectorZeroSupported"});
        add("SmartCharging", "integer", {"ChargeProfileMaxStackLevel", "ChargingScheduleMaxPeriods", "MaxChargingProfilesInstalled"});
        add("SmartCharging", "boolean", {"ConnectorSwitch3to1PhaseSupported"});
        add("SmartCharging", "string", {"ChargingScheduleAllowedChargingRateUnit"});
        add("Security", "boolean", {"AdditionalRootCertificateCheck"});
        add("Security", "integer", {"CertificateSignedMaxChainSize", "CertificateStoreMaxLength", "SecurityProfile"});
        add("Security", "string", {"AuthorizationKey", "CpoName"});
        return k;
    }();
    return keys;
}

} // namespace

QString ConfigurationKeyMapping::componentFor(const QString &key)
{
    const auto it = standardKeys().constFind(key.toCaseFolded());
    return it == standardKeys().cend() ? QStringLiteral("Vendor") : QLatin1String(it->component);
}

QString ConfigurationKeyMapping::dataTypeFor(const QString &key)
{
    const auto it = standardKeys().constFind(key.toCaseFolded());
    return it == standardKeys().cend() ? QStringLiteral("string") : QLatin1String(it->dataType);
}

ConfigurationKeyMapping::Mapped ConfigurationKeyMapping::fromGetConfiguration(const QJsonObject &conf)
{
    Mapped out;
    for (const QJsonValue &v : conf.value(QLatin1String("configurationKey")).toArray()) {
        const QJsonObject kv = v.toObject();
        const QString key = kv.value(QLatin1String("key")).toString();
        if (key.isEmpty())
            continue;
        DeviceModelEntry e;
        e.component.name = componentFor(key);
        e.variable.name = key;
        VariableAttribute a;
        a.mutability = kv.value(QLatin1String("readonly")).toBool(false) ? QStringLiteral("ReadOnly") : QStringLiteral("ReadWrite");
        if (kv.contains(QLatin1String("value")))
            a.value = kv.value(QLatin1String("value")).toString();
        a.persistent = true; // 1.6 keys survive a reboot unless the vendor says otherwise
        e.attributes.append(a);
        VariableCharacteristics c;
        c.dataType = dataTypeFor(key);
        e.characteristics = c;
        out.model.upsert(e);
    }
    for (const QJsonValue &v : conf.value(QLatin1String("unknownKey")).toArray())
        out.unknownKeys.append(v.toString());
    return out;
}

} // namespace cb::dm
