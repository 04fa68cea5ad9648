#include "bootrules.h"

#include "findingsink.h"

namespace cb {

void BootRules::note(LintFrame &f)
{
    const QString &a = f.record.action;
    TrackedStation &s = f.station;
    if (f.fromStation && a == QLatin1String("BootNotification")) {
        s.registration = Registration::Booting;
        s.registrationFrameId = f.id;
    } else if (!f.fromStation && a == QLatin1String("TriggerMessage")) {
        s.triggered.insert(f.payload().value(QLatin1String("requestedMessage")).toString());
    }
}

void BootRules::check(LintFrame &f)
{
    const CaptureRecord &r = f.record;
    TrackedStation &s = f.station;
    const QString &a = r.action;
    const bool boot = a == QLatin1String("BootNotification");
    QList<qint64> ids{f.id};
    if (s.registrationFrameId)
        ids.append(s.registrationFrameId);
    if (f.fromStation) {
        if (boot)
            return;
        switch (s.registration) {
        case Registration::Unknown:
        case Registration::Accepted:
            return;
        case Registration::Booting:
            // 1.6 §4.2: no other request between boot and a completed BootNotification; 2.x B01.
            m_sink.add(LintRule::NotAccepted, LintSeverity::Error, f.connection, r.timestampUs, ids,
                       tr("The station sent %1 before its BootNotification was answered. OCPP (1.6 §4.2, 2.x B01) "
                          "allows no other request until the BootNotification is accepted.")
                           .arg(a));
            return;
        case Registration::Pending:
            // 1.6 §4.2 and 2.x B02: while Pending only requests the CSMS triggered with TriggerMessage.
            if (s.triggered.remove(a))
                return;
            m_sink.add(LintRule::NotAccepted, LintSeverity::Error, f.connection, r.timestampUs, ids,
                       tr("The station sent %1 while its registration was Pending. OCPP (1.6 §4.2, 2.x B02) allows "
                          "only BootNotification and messages the CSMS asked for with TriggerMessage until Accepted.")
                           .arg(a));
            return;
        case Registration::Rejected:
            m_sink.add(LintRule::NotAccepted, LintSeverity::Error, f.connection, r.timestampUs, ids,
                       tr("The station sent %1 after its BootNotification was Rejected. OCPP (1.6 §4.2, 2.x B03) "
                          "allows no message but a new BootNotification after the retry interval.")
                           .arg(a));
            return;
        }
        return;
    }
    if (s.registration == Registration::Pending &&
        (a == QLatin1String("RemoteStartTransaction") || a == QLatin1String("RemoteStopTransaction") ||
         a == QLatin1String("RequestStartTransaction") || a == QLatin1String("RequestStopTransaction"))) {
        m_sink.add(LintRule::NotAccepted, LintSeverity::Error, f.connection, r.timestampUs, ids,
                   tr("The CSMS sent %1 while the station's registration was Pending. OCPP 1.6 §4.2 and 2.x B02 "
                      "forbid starting or stopping transactions remotely before the station is Accepted.")
                       .arg(a));
    } else if (s.registration == Registration::Rejected) {
        m_sink.add(LintRule::NotAccepted, LintSeverity::Warning, f.connection, r.timestampUs, ids,
                   tr("The CSMS sent %1 to a station it had Rejected. OCPP 1.6 §4.2 and 2.x B03: the CSMS should "
                      "not initiate messages while the station is Rejected.")
                       .arg(a));
    }
}

void BootRules::result(LintFrame &f, const PendingCall &p)
{
    if (p.action != QLatin1String("BootNotification"))
        return;
    TrackedStation &s = f.station;
    const QJsonObject o = f.payload();
    const QString status = o.value(QLatin1String("status")).toString();
    s.registrationFrameId = f.id;
    s.triggered.clear();
    if (status == QLatin1String("Accepted")) {
        s.registration = Registration::Accepted;
        // The accepted boot sets the heartbeat interval the heartbeat rules judge silence against.
        s.heartbeatIntervalUs = qint64(o.value(QLatin1String("interval")).toDouble()) * 1'000'000;
    } else if (status == QLatin1String("Pending")) {
        s.registration = Registration::Pending;
    } else if (status == QLatin1String("Rejected")) {
        s.registration = Registration::Rejected;
    }
}

} // namespace cb
