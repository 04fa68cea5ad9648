#pragma once

#include "devicemodel/devicemodelentry.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace cb::dm {

// One value to write: 2.x SetVariableDataType, or a 1.6 ChangeConfiguration (the key is
// variable.name; the component is ignored when sending, see configurationkeymapping.h).
struct WriteItem
{
    ComponentRef component;
    VariableRef variable;
    QString attributeType = QStringLiteral("Actual"); // AttributeEnumType
    QString value;

    QString key() const { return component.key() + QLatin1Char('/') + variable.key() + QLatin1Char('/') + attributeType.toCaseFolded(); }
    QJsonObject toSetVariableData() const; // SetVariableDataType (attributeType omitted when Actual)
    QJsonObject toJson() const;            // {"component","variable","attributeType","value"}
    static WriteItem fromJson(const QJsonObject &o);
    friend bool operator==(const WriteItem &, const WriteItem &) = default;
};

// What the station answered for one item, in one vocabulary for both versions.
enum class WriteStatus {
    Pending,                   // not answered (yet)
    Accepted,
    Rejected,
    RebootRequired,
    UnknownComponent,
    UnknownVariable,
    NotSupportedAttributeType,
    NotSupported,              // 1.6 ChangeConfiguration
    Failed,                    // no answer: CALLERROR, timeout, connection closed, invalid reply
};
QString writeStatusName(WriteStatus s);            // the OCPP spelling ("Accepted", ...); "Pending", "Failed"
WriteStatus writeStatusFromName(const QString &s); // unknown names -> Failed

// How the re-read after a write went.
enum class VerifyState {
    NotChecked,  // not re-read (not accepted, or verification off)
    Confirmed,   // the re-read value equals the written one
    Mismatch,    // the station reports another value (see WriteResult::readBack)
    AwaitingReboot, // RebootRequired: verified only after the station rebooted
    Unreadable,  // the re-read failed (WriteOnly attribute, unknown, no answer)
};
QString verifyStateName(VerifyState s);

// The per-item outcome of a write (what the GUI shows beside each variable).
struct WriteResult
{
    WriteItem item;
    WriteStatus status = WriteStatus::Pending;
    QString statusInfo;        // StatusInfoType reasonCode/additionalInfo, or why it failed
    VerifyState verify = VerifyState::NotChecked;
    std::optional<QString> readBack; // the value the re-read returned

    // Accepted (or RebootRequired after the reboot) and confirmed by a re-read.
    bool verified() const { return verify == VerifyState::Confirmed; }
    QJsonObject toJson() const;
};

} // namespace cb::dm
