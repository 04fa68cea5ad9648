#include "livevalues.h"

#include "virtualstation.h"

#include <algorithm>
#include <cmath>

namespace cb::sim {

namespace {

QString boolText(bool b) { return b ? QStringLiteral("true") : QStringLiteral("false"); }
QString number(double d) { return QString::number(std::round(d * 10) / 10); }

// An EVSE is as available as its connectors: occupied if one is, unavailable or faulted if all are.
QString aggregate(const QList<Outlet *> &outlets)
{
    if (outlets.isEmpty())
        return QStringLiteral("Unavailable");
    int unavailable = 0;
    int faulted = 0;
    for (const Outlet *o : outlets) {
        const QString s = o->status2x();
        if (s == QLatin1String("Occupied"))
            return s;
        unavailable += s == QLatin1String("Unavailable");
        faulted += s == QLatin1String("Faulted");
    }
    if (faulted == outlets.size())
        return QStringLiteral("Faulted");
    if (unavailable + faulted == outlets.size())
        return QStringLiteral("Unavailable");
    return QStringLiteral("Available");
}

} // namespace

QString LiveValues::value(const VirtualStation &station, const DeviceVariable &v)
{
    // The outlets this component instance stands for: one connector, one EVSE or all.
    QList<Outlet *> outlets;
    if (v.connectorId > 0) {
        if (Outlet *o = station.outlet(v.evseId, v.connectorId))
            outlets << o;
    } else if (v.evseId > 0) {
        outlets = station.outletsOfEvse(v.evseId);
    } else {
        for (const auto &o : station.outlets())
            outlets << o.get();
    }
    const Outlet *first = outlets.isEmpty() ? nullptr : outlets.first();
    auto any = [&](auto pred) { return std::any_of(outlets.cbegin(), outlets.cend(), pred); };
    auto sum = [&](auto f) {
        double s = 0;
        for (const Outlet *o : outlets)
            s += f(*o);
        return s;
    };
    const Outlet *active = first;
    for (const Outlet *o : outlets)
        if (o->plugged || o->session)
            active = o;

    const QString &key = v.live;
    if (key == QLatin1String("availability")) {
        if (v.evseId == 0 && !station.stationOperative())
            return QStringLiteral("Unavailable");
        return v.connectorId > 0 && first ? first->status2x() : aggregate(outlets);
    }
    if (key == QLatin1String("operative"))
        return boolText(v.evseId == 0 ? station.stationOperative() : any([](const Outlet *o) { return o->operative; }));
    if (key == QLatin1String("problem"))
        return boolText(any([](const Outlet *o) { return o->faulted(); }));
    if (key == QLatin1String("power"))
        return number(sum([](const Outlet &o) { return o.meter.powerW(); }));
    if (key == QLatin1String("current"))
        return number(sum([](const Outlet &o) { return o.meter.totalCurrent(); }));
    if (key == QLatin1String("voltage"))
        return first ? number(first->meter.averageVoltage()) : QStringLiteral("0");
    if (key == QLatin1String("plugged"))
        return boolText(any([](const Outlet *o) { return o->plugged; }));
    if (key == QLatin1String("charging"))
        return boolText(any([](const Outlet *o) { return o->charging; }));
    if (key == QLatin1String("locked"))
        return boolText(any([](const Outlet *o) { return o->locked; }));
    if (key == QLatin1String("cpState")) {
        // IEC 61851-1: A no EV, B EV connected, C charging, E error.
        if (!active || active->faulted())
            return QStringLiteral("E");
        return active->charging ? QStringLiteral("C") : active->plugged ? QStringLiteral("B") : QStringLiteral("A");
    }
    if (key == QLatin1String("cpVoltage")) {
        if (!active || active->faulted())
            return QStringLiteral("0");
        return active->charging ? QStringLiteral("6") : active->plugged ? QStringLiteral("9") : QStringLiteral("12");
    }
    if (key == QLatin1String("cpDuty")) {
        // The PWM duty cycle tells the EV the current on offer: amps / 0.6 below 51 A.
        if (!active || !active->plugged)
            return QStringLiteral("100");
        return number(std::min(100.0, station.config().maxCurrentA / 0.6));
    }
    if (key == QLatin1String("temperature"))
        return number(24.0 + sum([](const Outlet &o) { return o.meter.powerW(); }) / 1000.0 * 0.9);
    if (key == QLatin1String("fanSpeed"))
        return any([](const Outlet *o) { return o->charging; }) ? QStringLiteral("2400") : QStringLiteral("0");
    if (key == QLatin1String("rcdTripped"))
        return boolText(any([](const Outlet *o) { return o->fault == QLatin1String("GroundFailure"); }));
    if (key == QLatin1String("soc"))
        return active && active->plugged ? number(active->soc()) : QString();
    if (key == QLatin1String("vehicleId"))
        return active && active->plugged ? active->vehicleId : QString();
    if (key == QLatin1String("sessionEnergy"))
        return active && active->session ? number(active->meter.energyWh() - active->session->meterStartWh) : QStringLiteral("0");
    if (key == QLatin1String("departureTime"))
        return active && active->plugged ? QDateTime::currentDateTimeUtc().addSecs(4 * 3600).toString(Qt::ISODate) : QString();
    if (key == QLatin1String("energyRegister"))
        return number(sum([](const Outlet &o) { return o.meter.energyWh(); }));
    if (key == QLatin1String("dateTime"))
        return VirtualStation::now();
    if (key == QLatin1String("connected"))
        return boolText(station.isConnected());
    if (key == QLatin1String("lastToken"))
        return station.lastIdToken();
    if (key == QLatin1String("chargeProtocol"))
        return active && active->plugged ? QStringLiteral("CPPWM") : QStringLiteral("Undetermined");
    if (key == QLatin1String("indicatorColor")) {
        const QString s = first ? first->status2x() : QString();
        if (s == QLatin1String("Faulted"))
            return QStringLiteral("FF0000");
        if (s == QLatin1String("Unavailable"))
            return QStringLiteral("FFA500");
        return s == QLatin1String("Occupied") ? QStringLiteral("0000FF") : QStringLiteral("00FF00");
    }
    if (key == QLatin1String("displayState") || key == QLatin1String("displayText")) {
        const bool text = key == QLatin1String("displayText");
        if (any([](const Outlet *o) { return o->faulted(); }))
            return text ? QStringLiteral("Out of order") : QStringLiteral("Fault");
        if (any([](const Outlet *o) { return o->charging; }))
            return text ? QStringLiteral("Charging %1 kW").arg(number(sum([](const Outlet &o) { return o.meter.powerW(); }) / 1000))
                        : QStringLiteral("Charging");
        return text ? QStringLiteral("Welcome - present your card") : QStringLiteral("Idle");
    }
    return {};
}

} // namespace cb::sim
