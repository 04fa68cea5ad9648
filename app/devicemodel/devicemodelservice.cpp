#include "devicemodelservice.h"

#include "devicemodelcontext.h"

namespace cb {

using namespace dm;

DeviceModelService::DeviceModelService(Workspace &workspace, const QString &identity, QObject *parent)
    : QObject(parent), m_identity(identity), d(std::make_unique<DeviceModelContext>(this, workspace, identity))
{
    m_modelInfo.stationId = identity;
    connect(&d->store, &SnapshotStore::changed, this, &DeviceModelService::snapshotsChanged);
    connect(&d->store, &SnapshotStore::problem, this, &DeviceModelService::problem);
}

DeviceModelService::~DeviceModelService() = default;

std::optional<OcppVersion> DeviceModelService::version() const { return d->link.version(); }

bool DeviceModelService::isConnected() const { return d->link.isConnected(); }

bool DeviceModelService::isReading() const { return d->reader.isReading(); }

bool DeviceModelService::isWriting() const { return d->jobRunning || !d->jobs.empty(); }

int DeviceModelService::fetch(const ReportRequest &request)
{
    const int op = d->newOp();
    d->reader.start(op, request);
    return op;
}

int DeviceModelService::fetchFull()
{
    const auto v = version();
    return fetch(v && *v == OcppVersion::V16 ? ReportRequest::configuration16() : ReportRequest::fullInventory());
}

int DeviceModelService::write(const QList<WriteItem> &items, bool verify)
{
    const int op = d->newOp();
    d->enqueue([this, op, items, verify](DeviceModelContext::Done next) {
        d->writer.write(op, items, verify, [this, op, next](const VerifiedWriter::Results &results) {
            const QList<WriteItem> reboot = d->reboot.remember(results);
            if (!reboot.isEmpty())
                Q_EMIT rebootRequired(op, reboot);
            Q_EMIT writeFinished(op, results);
            next();
        });
    });
    return op;
}

int DeviceModelService::verify(const QList<WriteItem> &items)
{
    const int op = d->newOp();
    d->enqueue([this, op, items](DeviceModelContext::Done next) {
        auto results = std::make_shared<VerifiedWriter::Results>();
        QList<qsizetype> all;
        for (const WriteItem &i : items) {
            all.append(results->size());
            results->append(WriteResult{i, WriteStatus::Accepted, {}, VerifyState::NotChecked, {}});
        }
        d->writer.verify(op, results, all, [this, op, results, next] {
            Q_EMIT writeFinished(op, *results);
            next();
        });
    });
    return op;
}

int DeviceModelService::reset(const QString &type)
{
    const int op = d->newOp();
    d->enqueue([this, op, type](DeviceModelContext::Done next) {
        d->reboot.resetAndRecheck(op, type, [this, op, next](bool ok, const QString &message, const VerifiedWriter::Results &results) {
            if (ok)
                Q_EMIT writeFinished(op, results);
            else
                Q_EMIT resetFailed(op, message);
            next();
        });
    });
    return op;
}

int DeviceModelService::applyProfile(const CommissioningProfile &profile)
{
    const int op = d->newOp();
    d->enqueue([this, op, profile](DeviceModelContext::Done next) {
        d->profiles.run(op, profile, [this, op, next](const ProfileReport &report) {
            Q_EMIT profileFinished(op, report);
            next();
        });
    });
    return op;
}

Result<QList<SnapshotInfo>> DeviceModelService::snapshots() const { return d->store.list(m_identity); }

Result<Snapshot> DeviceModelService::loadSnapshot(qint64 id) const { return d->store.load(id); }

Result<qint64> DeviceModelService::saveSnapshot(const QString &label)
{
    SnapshotInfo info = d->makeInfo(QStringLiteral("Manual"), m_model.size());
    info.label = label;
    return d->store.insert(Snapshot{info, m_model});
}

Status<> DeviceModelService::removeSnapshot(qint64 id) { return d->store.remove(id); }

Result<ModelDiff> DeviceModelService::diffSnapshots(qint64 beforeId, qint64 afterId) const
{
    const Result<Snapshot> a = loadSnapshot(beforeId);
    if (!a)
        return a.error();
    const Result<Snapshot> b = loadSnapshot(afterId);
    if (!b)
        return b.error();
    return ModelDiff::compute(a.value().model, b.value().model);
}

Result<ModelDiff> DeviceModelService::diffWithLive(qint64 snapshotId) const
{
    const Result<Snapshot> a = loadSnapshot(snapshotId);
    if (!a)
        return a.error();
    return ModelDiff::compute(a.value().model, m_model);
}

int DeviceModelService::loadSnapshotAsync(qint64 id)
{
    const int op = d->newOp();
    d->store.loadAsync(id, [this, op](Result<Snapshot> s) {
        Q_EMIT snapshotLoaded(op, s ? s.value() : Snapshot{}, s ? QString() : s.error().text());
    });
    return op;
}

int DeviceModelService::diffAsync(qint64 beforeId, qint64 afterId)
{
    const int op = d->newOp();
    d->store.loadAsync(beforeId, [this, op, afterId](Result<Snapshot> before) {
        if (!before) {
            Q_EMIT diffReady(op, ModelDiff{}, before.error().text());
            return;
        }
        if (afterId == 0) {
            Q_EMIT diffReady(op, ModelDiff::compute(before.value().model, m_model), QString());
            return;
        }
        d->store.loadAsync(afterId, [this, op, before](Result<Snapshot> after) {
            if (!after)
                Q_EMIT diffReady(op, ModelDiff{}, after.error().text());
            else
                Q_EMIT diffReady(op, ModelDiff::compute(before.value().model, after.value().model), QString());
        });
    });
    return op;
}

} // namespace cb
