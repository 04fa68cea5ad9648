#pragma once

// A capture database as an older ChargeBench left it, for the tests of what opening it does.
#include "storage/schemamigrations.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace cb::test {

// Runs migrations 1..version on the open connection `db` and stamps the version. Returns SQLite's
// error text, or an empty string when it worked.
inline QString createSchemaAtVersion(const QSqlDatabase &db, int version)
{
    QSqlQuery q(db);
    for (const SchemaMigration &m : schemaMigrations()) {
        if (m.version > version)
            continue;
        for (const QString &sql : m.statements)
            if (!q.exec(sql))
                return q.lastError().text();
    }
    if (!q.exec(QStringLiteral("PRAGMA user_version = %1").arg(version)))
        return q.lastError().text();
    return {};
}

} // namespace cb::test
