#include "actiondirection.h"

#include "schemacatalog.h"

#include <QSet>

namespace cb {

namespace {

const QSet<QString> &stationActions16()
{
    static const QSet<QString> s{
        QStringLiteral("Authorize"), QStringLiteral("BootNotification"), QStringLiteral("DiagnosticsStatusNotification"),
        QStringLiteral("FirmwareStatusNotification"), QStringLiteral("Heartbeat"), QStringLiteral("MeterValues"),
        QStringLiteral("StartTransaction"), QStringLiteral("StatusNotification"), QStringLiteral("StopTransaction"),
        // security extension
        QStringLiteral("LogStatusNotification"), QStringLiteral("SecurityEventNotification"),
        QStringLiteral("SignCertificate"), QStringLiteral("SignedFirmwareStatusNotification")};
    return s;
}

const QSet<QString> &stationActions201()
{
    static const QSet<QString> s{
        QStringLiteral("Authorize"), QStringLiteral("BootNotification"), QStringLiteral("ClearedChargingLimit"),
        QStringLiteral("FirmwareStatusNotification"), QStringLiteral("Get15118EVCertificate"),
        QStringLiteral("GetCertificateStatus"), QStringLiteral("Heartbeat"), QStringLiteral("LogStatusNotification"),
        QStringLiteral("MeterValues"), QStringLiteral("NotifyChargingLimit"), QStringLiteral("NotifyCustomerInformation"),
        QStringLiteral("NotifyDisplayMessages"), QStringLiteral("NotifyEVChargingNeeds"),
        QStringLiteral("NotifyEVChargingSchedule"), QStringLiteral("NotifyEvent"), QStringLiteral("NotifyMonitoringReport"),
        QStringLiteral("NotifyReport"), QStringLiteral("PublishFirmwareStatusNotification"),
        QStringLiteral("ReportChargingProfiles"), QStringLiteral("ReservationStatusUpdate"),
        QStringLiteral("SecurityEventNotification"), QStringLiteral("SignCertificate"), QStringLiteral("StatusNotification"),
        QStringLiteral("TransactionEvent")};
    return s;
}

const QSet<QString> &stationActions21()
{
    static const QSet<QString> s = [] {
        QSet<QString> v = stationActions201();
        v.unite(QSet<QString>{QStringLiteral("BatterySwap"), QStringLiteral("ClosePeriodicEventStream"),
                              QStringLiteral("GetCertificateChainStatus"), QStringLiteral("NotifyDERAlarm"),
                              QStringLiteral("NotifyDERStartStop"), QStringLiteral("NotifyPeriodicEventStream"),
                              QStringLiteral("NotifyPriorityCharging"), QStringLiteral("NotifySettlement"),
                              QStringLiteral("OpenPeriodicEventStream"), QStringLiteral("PullDynamicScheduleUpdate"),
                              QStringLiteral("ReportDERControl"), QStringLiteral("VatNumberValidation")});
        return v;
    }();
    return s;
}

const QSet<QString> &stationActions(OcppVersion v)
{
    switch (v) {
    case OcppVersion::V16: return stationActions16();
    case OcppVersion::V201: return stationActions201();
    case OcppVersion::V21: return stationActions21();
    }
    return stationActions201();
}

} // namespace

Initiator initiatorOf(OcppVersion version, const QString &action)
{
    if (action == QLatin1String("DataTransfer"))
        return Initiator::Both;
    return stationActions(version).contains(action) ? Initiator::ChargingStation : Initiator::Csms;
}

QStringList stationInitiatedActions(OcppVersion version)
{
    QStringList out;
    for (const QString &a : SchemaCatalog::instance().actions(version))
        if (initiatorOf(version, a) != Initiator::Csms)
            out << a;
    return out;
}

QStringList csmsInitiatedActions(OcppVersion version)
{
    QStringList out;
    for (const QString &a : SchemaCatalog::instance().actions(version))
        if (initiatorOf(version, a) != Initiator::ChargingStation)
            out << a;
    return out;
}

} // namespace cb
