#pragma once

#include "common/result.h"
#include "devicemodel/snapshot.h"

#include <QCoreApplication>
#include <QList>

namespace cb {

class Database;

// The device_model_snapshots table (migration 2): one row per stored device model, its entries as
// one compact JSON array (ReportDataType objects) so a 10,000-variable model is one statement.
// Uses the Database's connection, so it runs on that Database's thread.
class SnapshotRepository
{
    Q_DECLARE_TR_FUNCTIONS(cb::SnapshotRepository)
public:
    explicit SnapshotRepository(Database &db) : m_db(db) {}

    // Stores the snapshot; returns the new id (info.id is ignored).
    Result<qint64> insert(const dm::Snapshot &snapshot);
    // The station's snapshots without entries, newest first (all stations when stationId is empty).
    Result<QList<dm::SnapshotInfo>> list(const QString &stationId) const;
    Result<dm::Snapshot> get(qint64 id) const;
    Status<> remove(qint64 id);
    Status<> setLabel(qint64 id, const QString &label);

private:
    Database &m_db;
};

} // namespace cb
