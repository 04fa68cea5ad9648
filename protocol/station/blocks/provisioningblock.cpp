#include "provisioningblock.h"

#include "station/stationsession.h"

namespace cb {

void ProvisioningBlock::attach(RpcEndpoint &rpc)
{
    const OcppVersion v = rpc.version();
    rpc.setHandler(QStringLiteral("BootNotification"), [this, v](const RpcCall &c, RpcResponder r) {
        BootInfo &boot = session().mutableState().boot;
        const QJsonObject &p = c.payload;
        if (v == OcppVersion::V16) {
            boot.vendor = p.value(QLatin1String("chargePointVendor")).toString();
            boot.model = p.value(QLatin1String("chargePointModel")).toString();
            // chargeBoxSerialNumber is deprecated in 1.6 in favour of chargePointSerialNumber.
            boot.serialNumber = p.value(QLatin1String("chargePointSerialNumber"))
                                    .toString(p.value(QLatin1String("chargeBoxSerialNumber")).toString());
            boot.firmwareVersion = p.value(QLatin1String("firmwareVersion")).toString();
            boot.iccid = p.value(QLatin1String("iccid")).toString();
            boot.imsi = p.value(QLatin1String("imsi")).toString();
            boot.meterType = p.value(QLatin1String("meterType")).toString();
            boot.meterSerialNumber = p.value(QLatin1String("meterSerialNumber")).toString();
            boot.reason.clear();
        } else {
            const QJsonObject cs = p.value(QLatin1String("chargingStation")).toObject();
            const QJsonObject modem = cs.value(QLatin1String("modem")).toObject();
            boot.vendor = cs.value(QLatin1String("vendorName")).toString();
            boot.model = cs.value(QLatin1String("model")).toString();
            boot.serialNumber = cs.value(QLatin1String("serialNumber")).toString();
            boot.firmwareVersion = cs.value(QLatin1String("firmwareVersion")).toString();
            boot.iccid = modem.value(QLatin1String("iccid")).toString();
            boot.imsi = modem.value(QLatin1String("imsi")).toString();
            boot.reason = p.value(QLatin1String("reason")).toString();
        }
        boot.receivedAt = QDateTime::currentDateTimeUtc();
        const CsmsPolicy &policy = session().policy();
        session().mutableState().registrationStatus = policy.bootStatus;
        session().announce(); // a boot is rare and names the station: stored and shown at once
        r.result(QJsonObject{{QStringLiteral("currentTime"), now()},
                             {QStringLiteral("interval"), policy.heartbeatIntervalS},
                             {QStringLiteral("status"), policy.bootStatus}});
    });
    rpc.setHandler(QStringLiteral("Heartbeat"), [this](const RpcCall &, RpcResponder r) {
        session().mutableState().lastHeartbeat = QDateTime::currentDateTimeUtc();
        session().touch();
        r.result(QJsonObject{{QStringLiteral("currentTime"), now()}});
    });
    if (v != OcppVersion::V16) {
        // The report content is the device model's business (a later feature); acknowledge it.
        rpc.setHandler(QStringLiteral("NotifyReport"), [this](const RpcCall &c, RpcResponder r) {
            session().mutableState().lastNotifications.insert(c.action, c.payload);
            session().touch();
            r.result({});
            Q_EMIT session().deviceModelReport(session().identity(), c.payload);
        });
    }
}

} // namespace cb
