#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace cb::dm {

// Names are case-insensitive in OCPP 2.x (ComponentType/VariableType); keys compare case-folded.

// ComponentType: name, instance and the optional EVSE/connector it sits on.
struct ComponentRef
{
    QString name;
    QString instance;
    std::optional<int> evseId;      // absent: not on an EVSE (0 is the station as a whole)
    std::optional<int> connectorId; // only with evseId

    QString key() const;           // case-folded identity, e.g. "connector|1|1|"
    QString displayName() const;   // "Connector EVSE 1/1 [instance]"
    QJsonObject toJson() const;    // ComponentType as the 2.x messages carry it
    static ComponentRef fromJson(const QJsonObject &component);
    friend bool operator==(const ComponentRef &, const ComponentRef &) = default;
};

// VariableType: name and instance.
struct VariableRef
{
    QString name;
    QString instance;

    QString key() const;
    QString displayName() const;   // "Name[instance]"
    QJsonObject toJson() const;
    static VariableRef fromJson(const QJsonObject &variable);
    friend bool operator==(const VariableRef &, const VariableRef &) = default;
};

// VariableAttributeType. `value` is absent for WriteOnly attributes.
struct VariableAttribute
{
    QString type = QStringLiteral("Actual"); // AttributeEnumType: Actual, Target, MinSet, MaxSet
    std::optional<QString> value;
    QString mutability = QStringLiteral("ReadWrite"); // MutabilityEnumType (schema default)
    bool persistent = false;
    bool constant = false;

    bool writable() const { return mutability != QLatin1String("ReadOnly"); }
    QJsonObject toJson() const;
    static VariableAttribute fromJson(const QJsonObject &attribute);
    friend bool operator==(const VariableAttribute &, const VariableAttribute &) = default;
};

// VariableCharacteristicsType.
struct VariableCharacteristics
{
    QString unit;
    QString dataType = QStringLiteral("string"); // DataEnumType
    std::optional<double> minLimit;
    std::optional<double> maxLimit; // for string/list types: the maximum length of the (CSV) value
    std::optional<int> maxElements; // 2.1
    QString valuesList;             // CSV for OptionList/SequenceList/MemberList
    bool supportsMonitoring = false;

    QStringList values() const;     // valuesList split on ','
    QJsonObject toJson() const;
    static VariableCharacteristics fromJson(const QJsonObject &characteristics);
    friend bool operator==(const VariableCharacteristics &, const VariableCharacteristics &) = default;
};

// One ReportDataType: a variable of a component with its attributes and characteristics.
struct DeviceModelEntry
{
    ComponentRef component;
    VariableRef variable;
    QList<VariableAttribute> attributes;
    std::optional<VariableCharacteristics> characteristics;

    QString key() const { return component.key() + QLatin1Char('/') + variable.key(); }
    const VariableAttribute *attribute(const QString &type) const;
    VariableAttribute *attribute(const QString &type);
    bool writable() const;
    QJsonObject toJson() const;     // ReportDataType
    static DeviceModelEntry fromJson(const QJsonObject &reportData);
    friend bool operator==(const DeviceModelEntry &, const DeviceModelEntry &) = default;
};

} // namespace cb::dm
