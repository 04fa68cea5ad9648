#include "hardwareclientfactory.h"

#include "modbus/modbusclient.h"
#include "rapi/rapiclient.h"

#include <QCoreApplication>

namespace cb::serial {

namespace {
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::serial::HardwareClientFactory)
};

Error unknownProtocol(const QString &protocol)
{
    return Error{Text::tr("Unknown protocol \"%1\".").arg(protocol),
                 Text::tr("Use rapi or modbus:PROFILE (built-in profiles: %1).")
                     .arg(modbus::RegisterProfile::builtinIds().join(QStringLiteral(", ")))};
}
} // namespace

Result<std::unique_ptr<HardwareClient>> HardwareClientFactory::create(const QString &protocol, QObject *parent)
{
    if (protocol == QLatin1String("rapi"))
        return std::unique_ptr<HardwareClient>(new RapiClient(parent));
    if (protocol.startsWith(QLatin1String("modbus:"))) {
        auto profile = modbus::RegisterProfile::load(protocol.mid(7));
        if (!profile)
            return profile.error();
        return std::unique_ptr<HardwareClient>(new ModbusClient(std::move(profile).value(), parent));
    }
    return unknownProtocol(protocol);
}

Result<SerialSettings> HardwareClientFactory::defaultSettings(const QString &protocol, const QString &port)
{
    if (protocol == QLatin1String("rapi"))
        return RapiClient::defaultSettings(port);
    if (protocol.startsWith(QLatin1String("modbus:"))) {
        auto profile = modbus::RegisterProfile::load(protocol.mid(7));
        if (!profile)
            return profile.error();
        return ModbusClient::defaultSettings(profile.value(), port);
    }
    return unknownProtocol(protocol);
}

} // namespace cb::serial
