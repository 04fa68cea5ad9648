#include "schemamigrations.h"

#include "framepostings.h"

namespace cb {

namespace {

// Migration 1: everything the first release needs.
//
// frames.id is AUTOINCREMENT on purpose: the automation API pages with "after=<id>", so ids must
// never be reused, not even after retention deleted every row. A later full-text index can be an
// external-content FTS5 table keyed on frames.id without touching this table.
// payload is declared without a type: it holds TEXT when the frame was valid UTF-8 (readable in the
// sqlite3 shell, usable by json_extract) and a BLOB otherwise, so bytes are kept exactly as sent.
SchemaMigration migration1()
{
    return {1, QStringLiteral("stations and frames"),
            {
                QStringLiteral(R"(CREATE TABLE stations (
    id               TEXT PRIMARY KEY NOT NULL,
    vendor           TEXT,
    model            TEXT,
    serial_number    TEXT,
    firmware_version TEXT,
    ocpp_version     TEXT,
    security_profile INTEGER,
    first_seen_us    INTEGER NOT NULL,
    last_seen_us     INTEGER NOT NULL,
    remote_address   TEXT,
    iccid            TEXT,
    imsi             TEXT
))"),
                QStringLiteral(R"(CREATE TABLE frames (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    ts_us         INTEGER NOT NULL,
    kind          TEXT NOT NULL DEFAULT 'frame' CHECK (kind IN ('frame', 'open', 'close', 'note')),
    channel       TEXT NOT NULL DEFAULT 'ocpp',
    station_id    TEXT NOT NULL DEFAULT '',
    connection_id INTEGER NOT NULL DEFAULT 0,
    direction     TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    msg_type      INTEGER NOT NULL DEFAULT 0,
    msg_id        TEXT,
    action        TEXT,
    payload,
    problem       TEXT
))"),
                QStringLiteral("CREATE INDEX frames_station_id ON frames (station_id, id)"),
                QStringLiteral("CREATE INDEX frames_action ON frames (action)"),
                QStringLiteral("CREATE INDEX frames_ts ON frames (ts_us)"),
                QStringLiteral("PRAGMA application_id = %1").arg(kChargeBenchApplicationId),
            }};
}

// Migration 2: device model snapshots (issue 6). One row per stored report; the entries are one
// compact JSON array of ReportDataType objects, so storing or loading 10,000 variables is one
// statement, and json_each() still reaches single variables from the sqlite3 shell.
// unknown_keys: JSON array of the 1.6 GetConfiguration unknownKey list, or NULL.
SchemaMigration migration2()
{
    return {2, QStringLiteral("device model snapshots"),
            {
                QStringLiteral(R"(CREATE TABLE device_model_snapshots (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    station_id    TEXT NOT NULL,
    taken_us      INTEGER NOT NULL,
    source        TEXT NOT NULL,
    ocpp_version  TEXT,
    label         TEXT NOT NULL DEFAULT '',
    entry_count   INTEGER NOT NULL,
    complete      INTEGER NOT NULL DEFAULT 1 CHECK (complete IN (0, 1)),
    problem       TEXT,
    unknown_keys  TEXT,
    entries       TEXT NOT NULL
))"),
                QStringLiteral("CREATE INDEX device_model_snapshots_station ON device_model_snapshots (station_id, id)"),
            }};
}

// The station and action indexes of frames become postings (see framepostings.h): same lookups,
// a fraction of the capture writer's work.
SchemaMigration migration3()
{
    QStringList statements{
        QStringLiteral(R"(CREATE TABLE frame_postings (
    field    INTEGER NOT NULL CHECK (field IN (1, 2)),
    value    TEXT NOT NULL,
    first_id INTEGER NOT NULL,
    last_id  INTEGER NOT NULL,
    ids      TEXT NOT NULL,
    PRIMARY KEY (field, value, first_id)
) WITHOUT ROWID)"),
    };
    statements += framepostings::rebuildStatements();
    statements << QStringLiteral("DROP INDEX IF EXISTS frames_station_id") << QStringLiteral("DROP INDEX IF EXISTS frames_action");
    return {3, QStringLiteral("station and action postings"), statements};
}

} // namespace

const QList<SchemaMigration> &schemaMigrations()
{
    static const QList<SchemaMigration> all{migration1(), migration2(), migration3()};
    return all;
}

int latestSchemaVersion()
{
    return schemaMigrations().isEmpty() ? 0 : schemaMigrations().constLast().version;
}

} // namespace cb
