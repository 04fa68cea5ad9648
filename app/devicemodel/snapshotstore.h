#pragma once

#include "common/result.h"
#include "devicemodel/snapshot.h"
#include "storage/database.h"

#include <QObject>

#include <functional>
#include <memory>

namespace cb {

class SnapshotWorker;

// The SQLite side of a station's device model: whole models are stored and loaded on a worker
// thread (a 10,000-variable model is megabytes of JSON); lists and removals use a connection of
// this thread, opened on first use. Answers of the async calls come back on this thread.
class SnapshotStore : public QObject
{
    Q_OBJECT
public:
    explicit SnapshotStore(QString databasePath, QObject *parent = nullptr);
    ~SnapshotStore() override;

    // `then` gets the new id, or 0 when storing failed (after problem()).
    void storeAsync(const dm::Snapshot &snapshot, std::function<void(qint64)> then);
    void loadAsync(qint64 id, std::function<void(Result<dm::Snapshot>)> then);

    Result<QList<dm::SnapshotInfo>> list(const QString &stationId);
    Result<dm::Snapshot> load(qint64 id);
    Result<qint64> insert(const dm::Snapshot &snapshot);
    Status<> remove(qint64 id);

Q_SIGNALS:
    void changed(); // a snapshot was stored or removed
    void problem(const QString &message);

private:
    Database *database();
    SnapshotWorker &worker();

    QString m_path;
    Database m_db;                              // this thread's connection
    std::unique_ptr<SnapshotWorker> m_worker;   // made on first use
    // Answers from the worker are posted to it; shared with every pending job so it outlives the
    // store until the last answer arrived.
    std::shared_ptr<QObject> m_relay;
};

} // namespace cb
