#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace cb {

// One numbered step of the schema. Migration N takes a database from user_version N-1 to N; each
// runs in its own transaction together with the version bump, so a crash leaves either the old or
// the new schema, never half of one.
struct SchemaMigration
{
    int version = 0;
    QString description;
    QStringList statements;
};

// Every migration this build knows, in order (versions 1..latestSchemaVersion() without gaps).
const QList<SchemaMigration> &schemaMigrations();
int latestSchemaVersion();

// Written to the SQLite header (PRAGMA application_id) by migration 1, so that a database of
// another program is recognised and refused instead of being "migrated". ASCII "CBNC".
inline constexpr int kChargeBenchApplicationId = 0x43424E43;

} // namespace cb
