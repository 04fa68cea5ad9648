#include "devicemodelcontext.h"

#include "workspace/workspace.h"

namespace cb {

using namespace dm;

DeviceModelContext::DeviceModelContext(DeviceModelService *service, Workspace &workspace, const QString &identity)
    : q(service), link(workspace, identity), store(workspace.databasePath()), reader(*this), writer(*this), reboot(*this), profiles(*this)
{
}

void DeviceModelContext::run(const QString &operation, const QJsonObject &args, StationLink::CallDone done)
{
    link.run(operation, args, callTimeout(), std::move(done));
}

void DeviceModelContext::enqueue(std::function<void(Done)> job)
{
    jobs.push_back(std::move(job));
    if (!jobRunning)
        later([this] { runNext(); });
}

void DeviceModelContext::runNext()
{
    if (jobRunning || jobs.empty())
        return;
    jobRunning = true;
    auto job = std::move(jobs.front());
    jobs.pop_front();
    job([this] {
        jobRunning = false;
        later([this] { runNext(); });
    });
}

SnapshotInfo DeviceModelContext::makeInfo(const QString &source, qsizetype entries) const
{
    SnapshotInfo info;
    info.stationId = identity();
    info.takenAt = QDateTime::currentDateTimeUtc();
    info.source = source;
    if (const auto v = link.version())
        info.ocppVersion = versionName(*v);
    info.entryCount = entries;
    return info;
}

void DeviceModelContext::adopt(const DeviceModel &received, const SnapshotInfo &info, bool replace)
{
    if (replace) {
        q->m_model = received;
        q->m_modelInfo = info;
    } else {
        for (const DeviceModelEntry &e : received.entries())
            q->m_model.upsert(e);
        q->m_modelInfo.entryCount = q->m_model.size();
    }
    Q_EMIT q->modelChanged();
}

int DeviceModelContext::configurationMaxKeys() const
{
    const DeviceModelEntry *e = q->m_model.find(ComponentRef{QStringLiteral("Core"), {}, {}, {}}, VariableRef{QStringLiteral("GetConfigurationMaxKeys"), {}});
    const VariableAttribute *a = e ? e->attribute(QStringLiteral("Actual")) : nullptr;
    const int n = a && a->value ? a->value->toInt() : 0;
    return n > 0 ? n : 20;
}

} // namespace cb
