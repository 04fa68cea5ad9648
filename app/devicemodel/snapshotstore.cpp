#include "snapshotstore.h"

#include "snapshotworker.h"
#include "storage/snapshotrepository.h"

#include <QPointer>

namespace cb {

using namespace dm;

namespace {

Error unavailable()
{
    return Error{SnapshotStore::tr("The database cannot be opened."), SnapshotStore::tr("See the problem reported before.")};
}

} // namespace

SnapshotStore::SnapshotStore(QString databasePath, QObject *parent)
    : QObject(parent), m_path(std::move(databasePath)), m_relay(new QObject, [](QObject *o) { o->deleteLater(); })
{
}

SnapshotStore::~SnapshotStore() = default;

Database *SnapshotStore::database()
{
    if (!m_db.isOpen()) {
        if (auto ok = m_db.open(m_path); !ok) {
            Q_EMIT problem(ok.error().text());
            return nullptr;
        }
    }
    return &m_db;
}

SnapshotWorker &SnapshotStore::worker()
{
    if (!m_worker)
        m_worker = std::make_unique<SnapshotWorker>(m_path);
    return *m_worker;
}

void SnapshotStore::storeAsync(const Snapshot &snapshot, std::function<void(qint64)> then)
{
    std::shared_ptr<QObject> r = m_relay;
    QPointer<SnapshotStore> self(this);
    worker().post([r, self, snapshot, then = std::move(then)](Database *db, const QString &openError) {
        Result<qint64> id = db ? SnapshotRepository(*db).insert(snapshot) : Result<qint64>(Error{openError, {}});
        QMetaObject::invokeMethod(r.get(), [self, then, id] {
            if (!self)
                return;
            if (!id) {
                Q_EMIT self->problem(id.error().text());
                then(0);
                return;
            }
            Q_EMIT self->changed();
            then(id.value());
        }, Qt::QueuedConnection);
    });
}

void SnapshotStore::loadAsync(qint64 id, std::function<void(Result<Snapshot>)> then)
{
    std::shared_ptr<QObject> r = m_relay;
    QPointer<SnapshotStore> self(this);
    worker().post([r, self, id, then = std::move(then)](Database *db, const QString &openError) {
        Result<Snapshot> s = db ? SnapshotRepository(*db).get(id) : Result<Snapshot>(Error{openError, {}});
        QMetaObject::invokeMethod(r.get(), [self, then, s] {
            if (self)
                then(s);
        }, Qt::QueuedConnection);
    });
}

Result<QList<SnapshotInfo>> SnapshotStore::list(const QString &stationId)
{
    Database *db = database();
    if (!db)
        return unavailable();
    return SnapshotRepository(*db).list(stationId);
}

Result<Snapshot> SnapshotStore::load(qint64 id)
{
    Database *db = database();
    if (!db)
        return unavailable();
    return SnapshotRepository(*db).get(id);
}

Result<qint64> SnapshotStore::insert(const Snapshot &snapshot)
{
    Database *db = database();
    if (!db)
        return unavailable();
    Result<qint64> id = SnapshotRepository(*db).insert(snapshot);
    if (id)
        Q_EMIT changed();
    return id;
}

Status<> SnapshotStore::remove(qint64 id)
{
    Database *db = database();
    if (!db)
        return unavailable();
    auto ok = SnapshotRepository(*db).remove(id);
    if (ok)
        Q_EMIT changed();
    return ok;
}

} // namespace cb
