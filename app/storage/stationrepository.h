#pragma once

#include "common/result.h"
#include "stationrecord.h"

#include <QCoreApplication>
#include <QList>

#include <optional>

namespace cb {

class Database;

// The stations table: every station that ever connected. Uses the Database's connection, so it
// runs on that Database's thread. Each call is one short statement.
class StationRepository
{
    Q_DECLARE_TR_FUNCTIONS(cb::StationRepository)
public:
    explicit StationRepository(Database &db) : m_db(db) {}

    // Inserts the station or merges what `update` knows into the stored row: null strings,
    // securityProfile -1 and zero times keep the stored values. lastSeenUs 0 means "now";
    // firstSeenUs only ever moves earlier, lastSeenUs only later.
    Status<> upsert(const StationRecord &update);

    Result<std::optional<StationRecord>> get(const QString &id) const;
    // All stations, ordered by id.
    Result<QList<StationRecord>> list() const;
    Status<> remove(const QString &id);

private:
    Database &m_db;
};

} // namespace cb
