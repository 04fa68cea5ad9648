#pragma once

#include "csmspolicy.h"
#include "functionalblock.h"
#include "operations/operationresult.h"
#include "stationstate.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <vector>

namespace cb {

class StationConnection;

// One charger as the CSMS sees it, version-neutral, for as long as the workspace runs: it
// outlives reconnections. The functional blocks answer the charger's CALLs and keep the state;
// CSMS-initiated CALLs go out through call(). Lives on the server thread.
class StationSession : public QObject
{
    Q_OBJECT
public:
    StationSession(QString identity, const CsmsPolicy &policy, QObject *parent = nullptr);
    ~StationSession() override;

    const QString &identity() const { return m_state.identity; }
    const CsmsPolicy &policy() const { return m_policy; }
    const StationSnapshot &state() const { return m_state; }
    StationSnapshot &mutableState() { return m_state; }
    StationConnection *connection() const { return m_connection; }
    bool isConnected() const { return m_connection != nullptr; }

    void attach(StationConnection *connection);
    void detach(qint64 connectionId);

    // Sends a CSMS-initiated CALL; fails at once (Closed) when the station is not connected.
    void call(const QString &action, const QJsonObject &payload, CallCallback done,
              std::optional<std::chrono::milliseconds> timeout = std::nullopt);

    // Runs one operation of the OperationTable: checks it against the station's version and the
    // arguments, sends its CALL and reads the answer into a typed result, which the owning block
    // sees first. `done` runs exactly once, on this thread; refusals come at once.
    void runOperation(const QString &name, const QJsonObject &args, OperationCallback done,
                      std::optional<std::chrono::milliseconds> timeout = std::nullopt);
    // The block with this name() (nullptr: none).
    FunctionalBlock *block(const QString &name) const;

    // Blocks report here. Changes are coalesced: changed() (and meterSamples() with the samples
    // gathered since the last one) follow within kChangeCoalescingMs, at most four times a second
    // per station: often enough for live tiles, and with a thousand busy stations the copies to
    // the other threads stay a small part of the server's work.
    void touch();
    static constexpr int kChangeCoalescingMs = 250;
    // Who schedules the coalesced notification: the registry, with one timer for all stations
    // (a timer per station cost a sorted insert into Qt's timer list per frame). Without one,
    // the session uses a timer of its own.
    void setChangeScheduler(std::function<void(StationSession *)> schedule) { m_schedule = std::move(schedule); }
    // Emits the pending notification now (the scheduler calls this).
    void flushChange();
    // For changes others must hear of at once (a boot): touch() and flush now.
    void announce();
    void addMeterSamples(const QList<MeterSample> &samples);
    // Issues 1.6 transaction ids: positive, unique within this session.
    int nextTransactionId() { return ++m_lastTransactionId; }

Q_SIGNALS:
    void changed(const cb::StationSnapshot &snapshot);
    void meterSamples(const QString &identity, const QList<cb::MeterSample> &samples);
    // Every 2.x NotifyReport page as received (after the schema check), for the device model.
    void deviceModelReport(const QString &identity, const QJsonObject &notifyReport);

private:
    CsmsPolicy const &m_policy;
    StationSnapshot m_state;
    QPointer<StationConnection> m_connection;
    std::vector<std::unique_ptr<FunctionalBlock>> m_blocks;
    std::function<void(StationSession *)> m_schedule;
    QList<MeterSample> m_pendingSamples;
    bool m_changePending = false;
    int m_lastTransactionId = 0;
};

} // namespace cb
