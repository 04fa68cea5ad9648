#pragma once

#include "energymeter.h"

#include <QDateTime>
#include <QString>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <optional>

namespace cb::sim {

// A charging session on one outlet, as far as the station knows it.
struct Session
{
    QString transactionId;        // 2.x: made here; 1.6: from StartTransaction.conf (empty until then)
    QString idToken;              // empty until someone authorized
    QString tokenType = QStringLiteral("ISO14443");
    std::optional<int> remoteStartId;
    bool authorized = false;
    bool started = false;         // Started / StartTransaction sent
    int seqNo = 0;                // 2.x: next TransactionEvent seqNo
    QDateTime startedAt;
    double meterStartWh = 0;
    quint64 serial = 0;           // identifies the session across asynchronous replies
};

// One connector and the EVSE it belongs to, with the simulated hardware (cable, lock,
// contactor, meter, EV) and its session. OCPP 1.6 has no EVSE: there each connector is its own
// outlet and evseId equals connectorId.
class Outlet
{
public:
    Outlet(int evseId, int connectorId, EnergyMeter meter) : evseId(evseId), connectorId(connectorId), meter(std::move(meter))
    {
        sampleTimer.setSingleShot(false);
        driverTimer.setSingleShot(true);
        timeoutTimer.setSingleShot(true);
    }
    Outlet(const Outlet &) = delete;
    Outlet &operator=(const Outlet &) = delete;

    const int evseId;
    const int connectorId;

    bool operative = true;        // ChangeAvailability
    bool inoperativeScheduled = false; // Inoperative requested while a session runs
    QString fault;                // 1.6 ChargePointErrorCode while faulted, else empty
    bool plugged = false;
    bool locked = false;
    bool charging = false;        // contactor closed, energy flowing
    bool finishing = false;       // 1.6: session over, cable still in
    QString vehicleId;
    double evSocStart = 20;       // percent
    double evCapacityWh = 60000;
    QString lastReported;         // last status sent in StatusNotification

    EnergyMeter meter;
    std::optional<Session> session;

    QTimer sampleTimer;           // periodic meter values during a session
    QTimer driverTimer;           // the simulated driver's next move (plug in, unplug)
    QTimer timeoutTimer;          // EVConnectionTimeOut: authorized but never plugged in

    bool faulted() const { return !fault.isEmpty(); }
    bool idle() const { return !session && !plugged; }
    double soc() const
    {
        if (!session)
            return evSocStart;
        const double charged = meter.energyWh() - session->meterStartWh;
        return std::min(100.0, std::round((evSocStart + charged / evCapacityWh * 100) * 10) / 10);
    }

    // ConnectorStatusEnumType of 2.0.1 / 2.1.
    QString status2x() const
    {
        if (faulted())
            return QStringLiteral("Faulted");
        if (!operative)
            return QStringLiteral("Unavailable");
        if (plugged || session)
            return QStringLiteral("Occupied");
        return QStringLiteral("Available");
    }
    // ChargePointStatus of 1.6.
    QString status16() const
    {
        if (faulted())
            return QStringLiteral("Faulted");
        if (!operative && !session)
            return QStringLiteral("Unavailable");
        if (session && session->started) {
            if (charging)
                return QStringLiteral("Charging");
            return plugged ? QStringLiteral("SuspendedEVSE") : QStringLiteral("Preparing");
        }
        if (finishing && plugged)
            return QStringLiteral("Finishing");
        if (session || plugged)
            return QStringLiteral("Preparing");
        return QStringLiteral("Available");
    }
};

} // namespace cb::sim
