#pragma once

#include "devicemodel/devicemodel.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace cb::dm {

// What is stored about one snapshot (without its entries, so lists stay cheap).
struct SnapshotInfo
{
    qint64 id = 0;              // SQLite row id; 0 = not stored
    QString stationId;
    QDateTime takenAt;          // UTC
    QString source;             // "FullInventory", "ConfigurationInventory", "SummaryInventory",
                                // "GetReport", "GetConfiguration", "Manual", "Import"
    QString ocppVersion;        // "1.6", "2.0.1", "2.1"
    QString label;              // free text a person gave it
    qsizetype entryCount = 0;
    bool complete = true;       // false: pages were missing (see problem)
    QString problem;            // e.g. "pages 3, 7 of request 12 never arrived"
    QStringList unknownKeys;    // 1.6 GetConfiguration unknownKey

    QJsonObject toJson() const;
    static SnapshotInfo fromJson(const QJsonObject &o);
};

// A stored device model with its description.
struct Snapshot
{
    SnapshotInfo info;
    DeviceModel model;

    // {"snapshot": info, "reportData": [...]} - the JSON export of a snapshot.
    QJsonObject toJson() const;
    static Snapshot fromJson(const QJsonObject &o);
};

} // namespace cb::dm
