#include "sessionblock.h"

#include <QCoreApplication>

namespace cb::sim {

namespace {
bool driverUnplugsAfter(EndCause cause)
{
    // After a fault or a reset nobody is there to take the cable; after unplugging it is out.
    switch (cause) {
    case EndCause::Remote:
    case EndCause::Local:
    case EndCause::DeAuthorized:
    case EndCause::UnlockCommand:
    case EndCause::Timeout:
        return true;
    default:
        return false;
    }
}
} // namespace

SessionBlock::SessionBlock(VirtualStation &station) : StationBlock(station)
{
    for (const auto &o : station.outlets()) {
        Outlet *outlet = o.get();
        connect(&outlet->sampleTimer, &QTimer::timeout, this, [this, outlet] {
            if (outlet->session && outlet->session->started && outlet->charging) {
                outlet->meter.update();
                sendPeriodic(*outlet);
            }
        });
        connect(&outlet->driverTimer, &QTimer::timeout, this, [this, outlet] {
            if (auto step = m_driverSteps.take(outlet))
                step();
        });
        connect(&outlet->timeoutTimer, &QTimer::timeout, this, [this, outlet] {
            // EVConnectionTimeOut: authorized, but the cable never came.
            if (outlet->session && !outlet->plugged) {
                this->station().note(tr("EVSE %1: no cable within the connection timeout").arg(outlet->evseId));
                end(*outlet, EndCause::Timeout);
            }
        });
    }
}

Outlet *SessionBlock::outletOf(const QString &transactionId) const
{
    if (transactionId.isEmpty())
        return nullptr;
    for (const auto &o : station().outlets())
        if (o->session && o->session->transactionId == transactionId)
            return o.get();
    return nullptr;
}

QList<Outlet *> SessionBlock::targets(const TriggerRequest &request) const
{
    if (!request.evseId || *request.evseId == 0) {
        QList<Outlet *> all;
        for (const auto &o : station().outlets())
            all << o.get();
        return all;
    }
    if (request.connectorId) {
        Outlet *o = station().outlet(*request.evseId, *request.connectorId);
        return o ? QList<Outlet *>{o} : QList<Outlet *>{};
    }
    return station().outletsOfEvse(*request.evseId);
}

std::function<void()> SessionBlock::whileSession(Outlet &o, std::function<void()> f)
{
    const quint64 serial = o.session ? o.session->serial : 0;
    Outlet *outlet = &o;
    return [outlet, serial, f = std::move(f)] {
        if (outlet->session && outlet->session->serial == serial)
            f();
    };
}

void SessionBlock::driverLater(Outlet &o, std::function<void()> step)
{
    m_driverSteps.insert(&o, std::move(step));
    o.driverTimer.start(station().protocolSeconds(station().config().plugDelayS));
}

void SessionBlock::createSession(Outlet &o)
{
    Session s;
    s.serial = m_nextSerial++;
    s.transactionId = newTransactionId();
    o.session = s;
}

TransactionControl::Answer SessionBlock::remoteStart(std::optional<int> evseId, const QString &idToken, const QString &tokenType,
                                                     std::optional<int> remoteStartId)
{
    if (!station().isRegistered())
        return Answer{QStringLiteral("Rejected"), QStringLiteral("CSNotAccepted"), {}};
    QList<Outlet *> candidates;
    if (evseId) {
        candidates = station().outletsOfEvse(*evseId);
        if (candidates.isEmpty())
            return Answer{QStringLiteral("Rejected"), QStringLiteral("UnknownEvse"), {}};
    } else {
        for (const auto &o : station().outlets())
            candidates << o.get();
    }
    // Prefer a session waiting for authorization (cable in first), then a plugged EV, then any free outlet.
    Outlet *chosen = nullptr;
    for (Outlet *o : candidates)
        if (o->session && !o->session->authorized)
            chosen = o;
    for (Outlet *o : candidates)
        if (!chosen && o->plugged && !o->session && o->operative && !o->faulted())
            chosen = o;
    for (Outlet *o : candidates)
        if (!chosen && !o->session && o->operative && !o->faulted())
            chosen = o;
    if (!chosen) {
        const bool busy = std::any_of(candidates.cbegin(), candidates.cend(), [](const Outlet *o) { return o->session.has_value(); });
        return Answer{QStringLiteral("Rejected"), busy ? QStringLiteral("TxInProgress") : QString(), {}};
    }
    Outlet &o = *chosen;
    Answer answer;
    if (o.session && o.session->started)
        answer.transactionId = o.session->transactionId; // already started by the cable (F01.FR.?)
    if (!o.session)
        createSession(o);
    o.session->idToken = idToken;
    o.session->tokenType = tokenType.isEmpty() ? QStringLiteral("ISO14443") : tokenType;
    o.session->remoteStartId = remoteStartId;
    station().note(tr("remote start on EVSE %1 for %2").arg(o.evseId).arg(idToken));
    station().afterReply(whileSession(o, [this, &o] {
        if (station().settings().authorizeRemoteStart())
            authorize(o, o.session->idToken, whileSessionBool(o));
        else
            authorized(o, true, QStringLiteral("RemoteStart"));
    }));
    station().outletChanged(o);
    return answer;
}

TransactionControl::Answer SessionBlock::remoteStop(const QString &transactionId)
{
    Outlet *o = outletOf(transactionId);
    if (!o)
        return Answer{QStringLiteral("Rejected"), QStringLiteral("UnknownTxId"), {}};
    station().note(tr("remote stop of %1").arg(transactionId));
    station().afterReply(whileSession(*o, [this, o] { end(*o, EndCause::Remote); }));
    return Answer{};
}

void SessionBlock::authorized(Outlet &o, bool accepted, const QString &triggerReason)
{
    if (!o.session)
        return;
    if (!accepted) {
        station().note(tr("EVSE %1: %2 not authorized").arg(o.evseId).arg(o.session->idToken));
        if (o.session->started) {
            end(o, EndCause::DeAuthorized);
        } else {
            o.session.reset();
            o.timeoutTimer.stop();
            station().outletChanged(o);
        }
        return;
    }
    o.session->authorized = true;
    if (!o.session->started) {
        if (startsOnAuthorization() || o.plugged)
            startSession(o, triggerReason);
    } else {
        sendUpdated(o, triggerReason);
    }
    if (o.plugged) {
        beginCharging(o);
    } else {
        o.timeoutTimer.start(station().protocolSeconds(station().settings().connectionTimeoutS()));
        // After a remote start the driver walks over and plugs in.
        if (o.session->remoteStartId || triggerReason == QLatin1String("RemoteStart"))
            driverLater(o, whileSession(o, [this, &o] {
                            if (!o.plugged)
                                plugIn(o);
                        }));
    }
    station().outletChanged(o);
}

void SessionBlock::startSession(Outlet &o, const QString &triggerReason)
{
    o.meter.update();
    o.session->started = true;
    o.session->startedAt = QDateTime::currentDateTimeUtc();
    o.session->meterStartWh = o.meter.energyWh();
    station().note(tr("EVSE %1: transaction started").arg(o.evseId));
    sendStarted(o, triggerReason);
}

void SessionBlock::beginCharging(Outlet &o)
{
    if (o.charging || !o.session || !o.session->authorized || o.faulted() || !o.operative)
        return;
    if (!o.session->started)
        startSession(o, QStringLiteral("ChargingStateChanged"));
    o.timeoutTimer.stop();
    o.locked = true;
    o.charging = true;
    o.meter.setDraw(std::min(station().config().evMaxCurrentA, station().config().maxCurrentA));
    station().note(tr("EVSE %1: charging at %2 W").arg(o.evseId).arg(o.meter.powerW()));
    sendUpdated(o, QStringLiteral("ChargingStateChanged"));
    restartSampling(o);
    station().outletChanged(o);
}

void SessionBlock::restartSampling(Outlet &o)
{
    const int s = station().settings().meterIntervalS();
    if (o.charging && s > 0)
        o.sampleTimer.start(station().protocolSeconds(s));
    else
        o.sampleTimer.stop();
}

void SessionBlock::plugIn(Outlet &o)
{
    o.driverTimer.stop();
    m_driverSteps.remove(&o);
    o.plugged = true;
    o.finishing = false;
    o.vehicleId = QStringLiteral("%1%2").arg(QStringLiteral("0A1B2C3D4E")).arg(o.evseId, 2, 10, QLatin1Char('0'));
    station().note(tr("EVSE %1 connector %2: EV plugged in").arg(o.evseId).arg(o.connectorId));
    if (!o.session) {
        if (startsOnPlug() && o.operative && !o.faulted()) {
            createSession(o);
            startSession(o, QStringLiteral("CablePluggedIn"));
        }
        station().outletChanged(o);
        return;
    }
    o.timeoutTimer.stop();
    if (!o.session->started) {
        if (o.session->authorized || startsOnPlug())
            startSession(o, QStringLiteral("CablePluggedIn"));
    } else {
        sendUpdated(o, QStringLiteral("CablePluggedIn"));
    }
    beginCharging(o);
    station().outletChanged(o);
}

void SessionBlock::unplug(Outlet &o)
{
    o.driverTimer.stop();
    m_driverSteps.remove(&o);
    const bool running = o.session && o.session->started;
    o.plugged = false;
    o.locked = false;
    o.finishing = false;
    o.vehicleId.clear();
    station().note(tr("EVSE %1 connector %2: EV unplugged").arg(o.evseId).arg(o.connectorId));
    if (running && station().settings().stopOnEvSideDisconnect()) {
        end(o, EndCause::EVDisconnected);
        return;
    }
    if (o.charging) {
        o.meter.setDraw(0);
        o.charging = false;
        o.sampleTimer.stop();
        if (running)
            sendUpdated(o, QStringLiteral("EVCommunicationLost"));
    }
    station().outletChanged(o);
}

void SessionBlock::presentIdToken(Outlet &o, const QString &idToken)
{
    station().note(tr("EVSE %1: token %2 presented").arg(o.evseId).arg(idToken));
    if (o.session && o.session->authorized) {
        if (idToken == o.session->idToken)
            end(o, EndCause::Local);
        return;
    }
    if (!o.session) {
        if (!o.operative || o.faulted())
            return;
        createSession(o);
    }
    o.session->idToken = idToken;
    authorize(o, idToken, whileSessionBool(o));
}

std::function<void(bool)> SessionBlock::whileSessionBool(Outlet &o)
{
    const quint64 serial = o.session ? o.session->serial : 0;
    Outlet *outlet = &o;
    return [this, outlet, serial](bool accepted) {
        if (outlet->session && outlet->session->serial == serial)
            authorized(*outlet, accepted, QStringLiteral("Authorized"));
    };
}

void SessionBlock::end(Outlet &o, EndCause cause, const QString &detail)
{
    if (!o.session)
        return;
    o.sampleTimer.stop();
    o.timeoutTimer.stop();
    if (o.charging) {
        o.meter.setDraw(0);
        o.charging = false;
    }
    o.meter.update();
    if (o.session->started)
        sendEnded(o, cause, detail);
    station().note(tr("EVSE %1: session ended").arg(o.evseId));
    o.session.reset();
    o.locked = false;
    o.finishing = o.plugged;
    if (o.inoperativeScheduled) {
        o.operative = false;
        o.inoperativeScheduled = false;
    }
    station().outletChanged(o);
    station().sessionEnded(o);
    if (station().config().autoUnplug && o.plugged && driverUnplugsAfter(cause))
        driverLater(o, [this, &o] {
            if (o.plugged && !o.session)
                unplug(o);
        });
}

void SessionBlock::onStopping()
{
    for (const auto &o : station().outlets()) {
        o->sampleTimer.stop();
        o->driverTimer.stop();
        o->timeoutTimer.stop();
    }
    m_driverSteps.clear();
}

void SessionBlock::onSettingChanged(const QString &name)
{
    if (name == QLatin1String("TxUpdatedInterval") || name == QLatin1String("MeterValueSampleInterval"))
        for (const auto &o : station().outlets())
            restartSampling(*o);
}

std::optional<TriggerReply> SessionBlock::trigger(const TriggerRequest &request)
{
    if (request.message != QLatin1String("MeterValues"))
        return std::nullopt;
    const QList<Outlet *> outlets = targets(request);
    if (outlets.isEmpty())
        return TriggerReply{QStringLiteral("Rejected"), QStringLiteral("UnknownEvse"), {}};
    return TriggerReply{QStringLiteral("Accepted"), {}, [this, outlets] {
                            for (Outlet *o : outlets)
                                o->meter.update();
                            sendMeterValues(outlets, QStringLiteral("Trigger"), VirtualStation::Delivery::Triggered);
                        }};
}

} // namespace cb::sim
