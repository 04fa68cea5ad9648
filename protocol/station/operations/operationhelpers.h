#pragma once

// Small pieces the functional blocks use to describe their operations and build their CALLs.

#include "operationtable.h"

#include <QCoreApplication>

#include <vector>

namespace cb::ops {

inline const QList<OcppVersion> kV16{OcppVersion::V16};
inline const QList<OcppVersion> kV2x{OcppVersion::V201, OcppVersion::V21};
inline const QList<OcppVersion> kV21{OcppVersion::V21};
inline const QList<OcppVersion> kAll{OcppVersion::V16, OcppVersion::V201, OcppVersion::V21};

inline bool is16(OcppVersion v) { return v == OcppVersion::V16; }

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::operations)
};

// The description part of an operation; the caller adds parameters, build and interpret.
inline OperationDefinition operation(const char *name, const char *block, const char *title, const char *description,
                                     QList<OcppVersion> versions = {})
{
    OperationDefinition d;
    d.spec.name = QString::fromLatin1(name);
    d.spec.block = QString::fromLatin1(block);
    d.spec.title = title;
    d.spec.description = description;
    d.spec.versions = std::move(versions);
    return d;
}

inline OperationParameter integer(const QString &name, const char *description, QList<OcppVersion> versions = {},
                                  QList<OcppVersion> requiredIn = {}, qint64 minimum = 0, qint64 maximum = 2147483647)
{
    OperationParameter p;
    p.name = name;
    p.type = OperationParameter::Type::Integer;
    p.description = description;
    p.versions = std::move(versions);
    p.requiredIn = std::move(requiredIn);
    p.minimum = minimum;
    p.maximum = maximum;
    return p;
}

inline OperationParameter text(const QString &name, const char *description, int maxLength, QList<OcppVersion> versions = {},
                               QList<OcppVersion> requiredIn = {})
{
    OperationParameter p;
    p.name = name;
    p.type = OperationParameter::Type::String;
    p.description = description;
    p.maxLength = maxLength;
    p.versions = std::move(versions);
    p.requiredIn = std::move(requiredIn);
    return p;
}

inline OperationParameter choice(const QString &name, const char *description, QList<OperationChoice> choices,
                                 QList<OcppVersion> versions = {}, QList<OcppVersion> requiredIn = {})
{
    OperationParameter p;
    p.name = name;
    p.type = OperationParameter::Type::Choice;
    p.description = description;
    p.choices = std::move(choices);
    p.versions = std::move(versions);
    p.requiredIn = std::move(requiredIn);
    return p;
}

inline OperationParameter json(const QString &name, const char *description, const char *example, QList<OcppVersion> versions = {},
                               QList<OcppVersion> requiredIn = {})
{
    OperationParameter p;
    p.name = name;
    p.type = OperationParameter::Type::Json;
    p.description = description;
    p.example = example;
    p.versions = std::move(versions);
    p.requiredIn = std::move(requiredIn);
    return p;
}

inline QJsonObject evse(qint64 id, std::optional<qint64> connectorId)
{
    QJsonObject e{{QStringLiteral("id"), id}};
    if (connectorId)
        e.insert(QStringLiteral("connectorId"), *connectorId);
    return e;
}

// "on-idle" -> "OnIdle" style lookups: the version-neutral value and the wire value per version.
struct WireName
{
    const char *neutral;
    const char *v16;  // nullptr: not in 1.6
    const char *v2x;  // nullptr: not in 2.0.1 / 2.1
    bool only21 = false;
};

inline QList<OperationChoice> choicesOf(const std::vector<WireName> &names)
{
    QList<OperationChoice> out;
    for (const WireName &n : names) {
        QList<OcppVersion> versions;
        if (n.v16)
            versions << OcppVersion::V16;
        if (n.v2x) {
            if (!n.only21)
                versions << OcppVersion::V201;
            versions << OcppVersion::V21;
        }
        out << OperationChoice{QString::fromLatin1(n.neutral), versions};
    }
    return out;
}

inline QString wireName(const std::vector<WireName> &names, const QString &neutral, OcppVersion v)
{
    for (const WireName &n : names)
        if (neutral == QLatin1String(n.neutral))
            return QString::fromLatin1(is16(v) ? n.v16 : n.v2x);
    return {};
}

// IdTokenEnumType of 2.0.1; 2.1 made the type a string and lists these and three more.
inline const std::vector<WireName> kIdTokenTypes{
    {"iso14443", nullptr, "ISO14443"},         {"iso15693", nullptr, "ISO15693"},   {"central", nullptr, "Central"},
    {"emaid", nullptr, "eMAID"},               {"key-code", nullptr, "KeyCode"},     {"local", nullptr, "Local"},
    {"mac-address", nullptr, "MacAddress"},    {"no-authorization", nullptr, "NoAuthorization"},
    {"direct-payment", nullptr, "DirectPayment", true}, {"evccid", nullptr, "EVCCID", true}, {"vin", nullptr, "VIN", true}};

// The wire name of a version-neutral value, or the text itself where the version takes free text.
inline QString wireNameOrText(const std::vector<WireName> &names, const QString &value, OcppVersion v)
{
    const QString wire = wireName(names, value, v);
    return wire.isEmpty() ? value : wire;
}

// Says what the station or the table does when an optional parameter is left out; shown as the
// form's empty choice ("the whole station").
inline OperationParameter whenNotGiven(OperationParameter p, const char *text)
{
    p.whenNotGiven = text;
    return p;
}

inline Error refuse(const QString &message, const QString &hint = {}) { return Error{message, hint}; }

} // namespace cb::ops
