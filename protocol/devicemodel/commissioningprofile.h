#pragma once

#include "common/result.h"
#include "devicemodel/devicemodel.h"
#include "devicemodel/writeitem.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace cb::dm {

// A commissioning profile: desired values for a station, optionally only for some vendors,
// models and firmware versions. The file format is JSON, described in commissioningprofile.md.
struct CommissioningProfile
{
    // A condition matches when every non-empty field matches the station's BootNotification:
    // vendor and model case-insensitively (wildcards * and ?), firmwareVersion as a wildcard
    // pattern too, or a comparison ">=1.4.0", "<2", "==1.4.2" (numeric dot-separated compare).
    struct Condition
    {
        QString vendor;
        QString model;
        QString firmwareVersion;
        bool matches(const QString &vendor, const QString &model, const QString &firmwareVersion) const;
        QJsonObject toJson() const;
    };

    int formatVersion = 1;
    QString name;
    QString description;
    QList<Condition> appliesTo;  // empty: any station; otherwise any one must match
    QList<WriteItem> values;     // in order; 1.6 keys: component may be left out
    bool resetOnRebootRequired = true; // apply: Reset (OnIdle) once after writing, then verify

    bool appliesToStation(const QString &vendor, const QString &model, const QString &firmwareVersion) const;

    QJsonObject toJson() const;
    static Result<CommissioningProfile> fromJson(const QByteArray &json);
    // Every writable attribute with a value (ReadWrite/WriteOnly with value) of a snapshot.
    static CommissioningProfile fromModel(const DeviceModel &model, const QString &name);
};

// The outcome of applying a profile (what `profile apply` prints and the API returns).
struct ProfileReport
{
    QString profileName;
    QString stationId;
    bool applicable = true;   // false: appliesTo did not match the station (nothing written)
    QString problem;          // why it could not run, if it did not
    bool rebooted = false;    // a Reset was sent because of RebootRequired
    QList<WriteResult> results;

    qsizetype verifiedCount() const;
    // Every value was written and confirmed by a re-read.
    bool allVerified() const { return applicable && problem.isEmpty() && verifiedCount() == results.size(); }
    QJsonObject toJson() const;
    QString toText() const;   // a few lines for people (CLI)
};

// "1.4.10" vs "1.4.2": -1, 0, 1 (numeric where both parts are numbers).
int compareVersions(const QString &a, const QString &b);

} // namespace cb::dm
