#pragma once

// DeviceModelService: the device model of ONE station, for the GUI, the CLI and the API.
//
// Lives on the thread that made it (the GUI thread in the app) and never blocks it: every
// exchange with the station goes through its StationLink (stationlink.h), answers arrive queued.
// Inbound NotifyReport frames come through Workspace::deviceModelReport (a queued signal that is
// never dropped, unlike the capped live frame feed).
//
// The work is done by parts sharing one DeviceModelContext: ReportReader (reads),
// VerifiedWriter (writes and re-reads), RebootWaiter (Reset, boot, re-check), ProfileRunner
// (commissioning profiles) and SnapshotStore (SQLite, worker thread). This class is their facade.
//
// Operations (fetch, write, verify, reset, applyProfile) always return an operation id > 0 and
// finish with exactly one of their final signals carrying that id (reportCompleted/reportFailed,
// writeFinished, resetFailed/writeFinished, profileFinished). When an operation cannot start
// (station offline, a read already running, ...) that final signal comes on the next event-loop
// turn, so a caller may connect after calling. One read at a time (a second is refused with
// reportFailed); writes, verifies, resets and profiles run one after another in call order.
//
// model() is the last complete picture the station gave. A written value appears in model()
// only after the station accepted it AND a re-read returned it (WriteResult::verify Confirmed);
// RebootRequired values only after the reboot and a re-read (call reset(), or reboot otherwise).
//
// Every completed read is stored as a snapshot in SQLite (the workspace's database file);
// incomplete reports (missing pages) are stored too, marked complete=false with the problem.
//
// 1.6 stations: reads are GetConfiguration, writes are one ChangeConfiguration per key, results
// use WriteStatus::NotSupported where the station said so; keys map onto components as described
// in protocol/devicemodel/configurationkeymapping.h.

#include "common/result.h"
#include "devicemodel/commissioningprofile.h"
#include "devicemodel/devicemodel.h"
#include "devicemodel/modeldiff.h"
#include "devicemodel/reportrequest.h"
#include "devicemodel/snapshot.h"
#include "devicemodel/writeitem.h"
#include "rpc/ocppversion.h"

#include <QObject>
#include <QPointer>

#include <chrono>
#include <memory>
#include <optional>

namespace cb {

class Workspace;
struct DeviceModelContext;

class DeviceModelService : public QObject
{
    Q_OBJECT
public:
    // Snapshots go to the workspace's database.
    DeviceModelService(Workspace &workspace, const QString &identity, QObject *parent = nullptr);
    ~DeviceModelService() override;

    QString identity() const { return m_identity; }
    // From the last BootNotification / connection; empty when the station never connected.
    std::optional<OcppVersion> version() const;
    bool isConnected() const;

    // The current picture and where it came from (info.id is its snapshot row, 0 if none yet).
    const dm::DeviceModel &model() const { return m_model; }
    const dm::SnapshotInfo &modelInfo() const { return m_modelInfo; }

    bool isReading() const;
    bool isWriting() const;

    // Time allowed between two NotifyReport pages (and for the first) before the report is
    // declared incomplete; default 30 s. Timeout of each CALL; default 30 s.
    void setPageTimeout(std::chrono::milliseconds t) { m_pageTimeout = t; }
    void setCallTimeout(std::chrono::milliseconds t) { m_callTimeout = t; }
    // How long reset() waits for the station to boot again; default 180 s.
    void setRebootTimeout(std::chrono::milliseconds t) { m_rebootTimeout = t; }

    // --- Reading -------------------------------------------------------------------------------
    // GetBaseReport / GetReport (2.x) or GetConfiguration (1.6). Emits reportStarted, then
    // reportProgress per page, then reportCompleted or reportFailed. A 2.x request answered
    // EmptyResultSet completes with an empty model (GetReport) - the model is then not replaced.
    int fetch(const dm::ReportRequest &request);
    // FullInventory on 2.x, all keys on 1.6.
    int fetchFull();

    // --- Writing -------------------------------------------------------------------------------
    // SetVariables batched within the station's DeviceDataCtrlr.ItemsPerMessage/BytesPerMessage
    // [SetVariables] (1.6: one ChangeConfiguration per key), then (verify=true) a re-read of the
    // accepted items (GetVariables batched likewise / GetConfiguration with the keys).
    // itemResult per item as answers and re-reads arrive; writeFinished once with all of them.
    // When any item answered RebootRequired, rebootRequired is emitted before writeFinished.
    int write(const QList<dm::WriteItem> &items, bool verify = true);
    // Re-read only: results carry status Accepted (not written) and the verify outcome.
    int verify(const QList<dm::WriteItem> &items);
    // Reset (2.x OnIdle / 1.6 Soft unless `type` is given); when the station has booted again,
    // re-reads every item left AwaitingReboot and emits writeFinished(op, those results).
    int reset(const QString &type = {});

    // --- Commissioning profiles ----------------------------------------------------------------
    // Checks appliesTo against the station's BootNotification, writes, resets once when needed
    // and the profile allows it, verifies, and emits profileFinished with the whole report.
    int applyProfile(const dm::CommissioningProfile &profile);

    // --- Snapshots ------------------------------------------------------------------------------
    // Reports are stored on a worker thread (reportCompleted carries the new id). The synchronous
    // calls below run on this thread: lists and small models are quick; for large models prefer
    // loadSnapshotAsync()/diffAsync(), which load on the worker and answer with a signal.
    int loadSnapshotAsync(qint64 id);                       // -> snapshotLoaded
    int diffAsync(qint64 beforeId, qint64 afterId);         // afterId 0: against model(); -> diffReady
    Result<QList<dm::SnapshotInfo>> snapshots() const;            // newest first
    Result<dm::Snapshot> loadSnapshot(qint64 id) const;
    Result<qint64> saveSnapshot(const QString &label);             // stores model() now
    Status<> removeSnapshot(qint64 id);
    Result<dm::ModelDiff> diffSnapshots(qint64 beforeId, qint64 afterId) const;
    Result<dm::ModelDiff> diffWithLive(qint64 snapshotId) const;   // snapshot -> model()

Q_SIGNALS:
    void reportStarted(int op, const QString &source);
    void reportProgress(int op, int pagesReceived, qsizetype entriesReceived);
    void reportCompleted(int op, const cb::dm::SnapshotInfo &snapshot);
    // The report could not be completed (rejected, missing pages, timeout, disconnect). Partial
    // data is stored as an incomplete snapshot when there is any (snapshot.id > 0).
    void reportFailed(int op, const QString &message, const cb::dm::SnapshotInfo &snapshot);
    // 1.6 GetConfiguration listed keys the station does not know.
    void unknownKeys(int op, const QStringList &keys);

    void itemResult(int op, const cb::dm::WriteResult &result);
    void writeProgress(int op, int done, int total);
    void rebootRequired(int op, const QList<cb::dm::WriteItem> &items);
    void writeFinished(int op, const QList<cb::dm::WriteResult> &results);
    void resetFailed(int op, const QString &message);

    void profileFinished(int op, const cb::dm::ProfileReport &report);

    void modelChanged();      // model() replaced (report) or values confirmed (write)
    void snapshotsChanged();  // a snapshot was stored or removed
    void snapshotLoaded(int op, const cb::dm::Snapshot &snapshot, const QString &error); // error empty: ok
    void diffReady(int op, const cb::dm::ModelDiff &diff, const QString &error);
    void problem(const QString &message); // storage trouble and the like, for a status line

private:
    friend struct DeviceModelContext;

    QString m_identity;
    dm::DeviceModel m_model;
    dm::SnapshotInfo m_modelInfo;
    std::chrono::milliseconds m_pageTimeout{30000};
    std::chrono::milliseconds m_callTimeout{30000};
    std::chrono::milliseconds m_rebootTimeout{180000};
    std::unique_ptr<DeviceModelContext> d;
};

} // namespace cb
