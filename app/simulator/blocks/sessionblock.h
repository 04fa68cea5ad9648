#pragma once

#include "simulator/stationblock.h"
#include "simulator/transactioncontrol.h"
#include "simulator/virtualstation.h"

#include <QHash>
#include <QObject>

#include <functional>

namespace cb::sim {

// The simulated charging session shared by both versions' transaction blocks: the driver plugs
// in and presents a token (or the CSMS starts remotely), the EV draws current, energy rises and
// meter values are sampled at the configured interval, the session ends by remote stop, token,
// unplugging, reset, fault or timeout. What goes on the wire is left to the subclasses.
class SessionBlock : public QObject, public StationBlock, public TransactionControl
{
    Q_OBJECT
public:
    explicit SessionBlock(VirtualStation &station);

    Answer remoteStart(std::optional<int> evseId, const QString &idToken, const QString &tokenType,
                       std::optional<int> remoteStartId) override;
    Answer remoteStop(const QString &transactionId) override;
    void plugIn(Outlet &outlet) override;
    void unplug(Outlet &outlet) override;
    void presentIdToken(Outlet &outlet, const QString &idToken) override;
    void end(Outlet &outlet, EndCause cause, const QString &detail = {}) override;

    void onStopping() override;
    void onSettingChanged(const QString &name) override;
    std::optional<TriggerReply> trigger(const TriggerRequest &request) override;

protected:
    // When a transaction starts (2.x TxStartPoint; 1.6 needs cable and authorization).
    virtual bool startsOnPlug() const = 0;
    virtual bool startsOnAuthorization() const = 0;
    virtual QString newTransactionId() const = 0;
    virtual void sendStarted(Outlet &o, const QString &triggerReason) = 0;
    virtual void sendUpdated(Outlet &o, const QString &triggerReason) = 0;
    virtual void sendPeriodic(Outlet &o) = 0;
    virtual void sendEnded(Outlet &o, EndCause cause, const QString &detail) = 0;
    virtual void authorize(Outlet &o, const QString &idToken, std::function<void(bool accepted)> done) = 0;
    virtual void sendMeterValues(const QList<Outlet *> &outlets, const QString &context, VirtualStation::Delivery delivery) = 0;

    Outlet *outletOf(const QString &transactionId) const;
    // The outlets a trigger names (all when it names none); empty for an unknown EVSE.
    QList<Outlet *> targets(const TriggerRequest &request) const;
    // Runs f later if the outlet still has the same session.
    std::function<void()> whileSession(Outlet &o, std::function<void()> f);
    // An authorization callback that applies only to the outlet's current session.
    std::function<void(bool)> whileSessionBool(Outlet &o);
    void authorized(Outlet &o, bool accepted, const QString &triggerReason);

private:
    void createSession(Outlet &o);
    void startSession(Outlet &o, const QString &triggerReason);
    void beginCharging(Outlet &o);
    void restartSampling(Outlet &o);
    void driverLater(Outlet &o, std::function<void()> step);

    QHash<Outlet *, std::function<void()>> m_driverSteps;
    quint64 m_nextSerial = 1;
};

} // namespace cb::sim
