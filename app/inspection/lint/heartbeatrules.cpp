#include "heartbeatrules.h"

#include "findingsink.h"

#include <QJsonArray>

namespace cb {

namespace {

// SetVariableData / SetVariableResult naming OCPPCommCtrlr.HeartbeatInterval.
bool isHeartbeatVariable(const QJsonObject &o)
{
    return o.value(QLatin1String("component")).toObject().value(QLatin1String("name")).toString() ==
               QLatin1String("OCPPCommCtrlr") &&
           o.value(QLatin1String("variable")).toObject().value(QLatin1String("name")).toString() ==
               QLatin1String("HeartbeatInterval");
}

} // namespace

void HeartbeatRules::call(LintFrame &f, PendingCall &p)
{
    const QString &a = f.record.action;
    if (f.fromStation) {
        check(f.connection, f.station, f.record.timestampUs, f.id);
        f.connection.lastStationCallUs = f.record.timestampUs;
        f.connection.lastStationCallId = f.id;
    } else if (a == QLatin1String("ChangeConfiguration")) {
        const QJsonObject o = f.payload();
        if (o.value(QLatin1String("key")).toString() == QLatin1String("HeartbeatInterval"))
            p.heartbeatValue = o.value(QLatin1String("value")).toString();
    } else if (a == QLatin1String("SetVariables")) {
        // 2.x: the interval lives in OCPPCommCtrlr.HeartbeatInterval.
        for (const QJsonValue &v : f.payload().value(QLatin1String("setVariableData")).toArray()) {
            const QJsonObject d = v.toObject();
            if (isHeartbeatVariable(d))
                p.heartbeatValue = d.value(QLatin1String("attributeValue")).toString();
        }
    }
}

void HeartbeatRules::result(LintFrame &f, const PendingCall &p)
{
    if (p.heartbeatValue.isEmpty())
        return;
    if (p.action == QLatin1String("ChangeConfiguration")) {
        if (f.payload().value(QLatin1String("status")).toString() == QLatin1String("Accepted"))
            f.station.heartbeatIntervalUs = p.heartbeatValue.toLongLong() * 1'000'000;
    } else if (p.action == QLatin1String("SetVariables")) {
        for (const QJsonValue &v : f.payload().value(QLatin1String("setVariableResult")).toArray()) {
            const QJsonObject d = v.toObject();
            if (isHeartbeatVariable(d) && d.value(QLatin1String("attributeStatus")).toString() == QLatin1String("Accepted"))
                f.station.heartbeatIntervalUs = p.heartbeatValue.toLongLong() * 1'000'000;
        }
    }
}

void HeartbeatRules::closed(const TrackedConnection &c, const TrackedStation &s, qint64 ts)
{
    check(c, s, ts, 0);
}

void HeartbeatRules::check(const TrackedConnection &c, const TrackedStation &s, qint64 ts, qint64 id)
{
    if (s.registration != Registration::Accepted || s.heartbeatIntervalUs <= 0 || c.lastStationCallUs <= 0)
        return;
    const qint64 limit = qint64(double(s.heartbeatIntervalUs) * m_options.heartbeatFactor) + m_options.heartbeatSlackUs;
    const qint64 gap = ts - c.lastStationCallUs;
    if (gap <= limit)
        return;
    QList<qint64> ids{c.lastStationCallId};
    if (id)
        ids.append(id);
    m_sink.add(LintRule::HeartbeatInterval, LintSeverity::Warning, c, ts, ids,
               tr("The station was silent for %1 s although the heartbeat interval is %2 s. OCPP 1.6 §4.6 and 2.x "
                  "G02 expect a Heartbeat (or another request) at least once per interval set by the "
                  "BootNotification response.")
                   .arg(FindingSink::seconds(gap), FindingSink::seconds(s.heartbeatIntervalUs)));
}

} // namespace cb
