#pragma once

#include "devicemodelservice.h"
#include "profilerunner.h"
#include "rebootwaiter.h"
#include "reportreader.h"
#include "snapshotstore.h"
#include "stationlink.h"
#include "verifiedwriter.h"

#include <deque>
#include <functional>

namespace cb {

// What the parts of one DeviceModelService share: the station link, the snapshot store, the
// current model and the service whose signals they emit. Parts reach each other through it
// (the profile runner writes, resets and verifies with the writer and the reboot waiter).
struct DeviceModelContext
{
    Q_DECLARE_TR_FUNCTIONS(cb::DeviceModelService)
public:
    using Done = std::function<void()>;

    explicit DeviceModelContext(DeviceModelService *service, Workspace &workspace, const QString &identity);

    DeviceModelService *q;
    StationLink link;
    SnapshotStore store;
    ReportReader reader;
    VerifiedWriter writer;
    RebootWaiter reboot;
    ProfileRunner profiles;

    int lastOp = 0;
    // Writes, verifies, resets and profiles run one after another.
    std::deque<std::function<void(Done)>> jobs;
    bool jobRunning = false;

    const QString &identity() const { return q->m_identity; }
    dm::DeviceModel &model() { return q->m_model; }
    std::chrono::milliseconds pageTimeout() const { return q->m_pageTimeout; }
    std::chrono::milliseconds callTimeout() const { return q->m_callTimeout; }
    std::chrono::milliseconds rebootTimeout() const { return q->m_rebootTimeout; }

    int newOp() { return ++lastOp; }
    // Runs one of the provisioning block's operations with the call timeout.
    void run(const QString &operation, const QJsonObject &args, StationLink::CallDone done);
    void later(std::function<void()> f) { link.later(std::move(f)); }
    void enqueue(std::function<void(Done)> job);
    void runNext();

    dm::SnapshotInfo makeInfo(const QString &source, qsizetype entries) const;
    // Replaces model() with a complete report, or merges a partial one (GetReport, some keys).
    void adopt(const dm::DeviceModel &received, const dm::SnapshotInfo &info, bool replace);
    // Core.GetConfigurationMaxKeys of a 1.6 station; 20 until the station said otherwise.
    int configurationMaxKeys() const;
    QString notConnected() const { return tr("%1 is not connected.").arg(identity()); }
};

} // namespace cb
