#include "devicemodel/devicemodelentry.h"

#include <QJsonArray>

namespace cb::dm {

namespace {

QString folded(const QString &s)
{
    return s.toCaseFolded();
}

QString optionalNumber(const std::optional<int> &n)
{
    return n ? QString::number(*n) : QString();
}

} // namespace

QString ComponentRef::key() const
{
    return folded(name) + QLatin1Char('|') + optionalNumber(evseId) + QLatin1Char('|') + optionalNumber(connectorId)
        + QLatin1Char('|') + folded(instance);
}

QString ComponentRef::displayName() const
{
    QString text = name;
    if (evseId) {
        text += QLatin1String(" EVSE ") + QString::number(*evseId);
        if (connectorId)
            text += QLatin1Char('/') + QString::number(*connectorId);
    }
    if (!instance.isEmpty())
        text += QLatin1String(" [") + instance + QLatin1Char(']');
    return text;
}

QJsonObject ComponentRef::toJson() const
{
    QJsonObject c{{QStringLiteral("name"), name}};
    if (!instance.isEmpty())
        c.insert(QStringLiteral("instance"), instance);
    if (evseId) {
        QJsonObject evse{{QStringLiteral("id"), *evseId}};
        if (connectorId)
            evse.insert(QStringLiteral("connectorId"), *connectorId);
        c.insert(QStringLiteral("evse"), evse);
    }
    return c;
}

ComponentRef ComponentRef::fromJson(const QJsonObject &component)
{
    ComponentRef c;
    c.name = component.value(QLatin1String("name")).toString();
    c.instance = component.value(QLatin1String("instance")).toString();
    const QJsonValue evse = component.value(QLatin1String("evse"));
    if (evse.isObject()) {
        const QJsonObject e = evse.toObject();
        c.evseId = e.value(QLatin1String("id")).toInt();
        if (e.contains(QLatin1String("connectorId")))
            c.connectorId = e.value(QLatin1String("connectorId")).toInt();
    }
    return c;
}

QString VariableRef::key() const
{
    return folded(name) + QLatin1Char('|') + folded(instance);
}

QString VariableRef::displayName() const
{
    return instance.isEmpty() ? name : name + QLatin1Char('[') + instance + QLatin1Char(']');
}

QJsonObject VariableRef::toJson() const
{
    QJsonObject v{{QStringLiteral("name"), name}};
    if (!instance.isEmpty())
        v.insert(QStringLiteral("instance"), instance);
    return v;
}

VariableRef VariableRef::fromJson(const QJsonObject &variable)
{
    return {variable.value(QLatin1String("name")).toString(), variable.value(QLatin1String("instance")).toString()};
}

QJsonObject VariableAttribute::toJson() const
{
    QJsonObject a{{QStringLiteral("type"), type}, {QStringLiteral("mutability"), mutability},
                  {QStringLiteral("persistent"), persistent}, {QStringLiteral("constant"), constant}};
    if (value)
        a.insert(QStringLiteral("value"), *value);
    return a;
}

VariableAttribute VariableAttribute::fromJson(const QJsonObject &attribute)
{
    VariableAttribute a;
    a.type = attribute.value(QLatin1String("type")).toString(QStringLiteral("Actual"));
    if (attribute.contains(QLatin1String("value")))
        a.value = attribute.value(QLatin1String("value")).toString();
    a.mutability = attribute.value(QLatin1String("mutability")).toString(QStringLiteral("ReadWrite"));
    a.persistent = attribute.value(QLatin1String("persistent")).toBool(false);
    a.constant = attribute.value(QLatin1String("constant")).toBool(false);
    return a;
}

QStringList VariableCharacteristics::values() const
{
    if (valuesList.isEmpty())
        return {};
    QStringList list = valuesList.split(QLatin1Char(','));
    for (QString &v : list)
        v = v.trimmed();
    return list;
}

QJsonObject VariableCharacteristics::toJson() const
{
    QJsonObject c{{QStringLiteral("dataType"), dataType}, {QStringLiteral("supportsMonitoring"), supportsMonitoring}};
    if (!unit.isEmpty())
        c.insert(QStringLiteral("unit"), unit);
    if (minLimit)
        c.insert(QStringLiteral("minLimit"), *minLimit);
    if (maxLimit)
        c.insert(QStringLiteral("maxLimit"), *maxLimit);
    if (maxElements)
        c.insert(QStringLiteral("maxElements"), *maxElements);
    if (!valuesList.isEmpty())
        c.insert(QStringLiteral("valuesList"), valuesList);
    return c;
}

VariableCharacteristics VariableCharacteristics::fromJson(const QJsonObject &characteristics)
{
    VariableCharacteristics c;
    c.unit = characteristics.value(QLatin1String("unit")).toString();
    c.dataType = characteristics.value(QLatin1String("dataType")).toString(QStringLiteral("string"));
    if (characteristics.value(QLatin1String("minLimit")).isDouble())
        c.minLimit = characteristics.value(QLatin1String("minLimit")).toDouble();
    if (characteristics.value(QLatin1String("maxLimit")).isDouble())
        c.maxLimit = characteristics.value(QLatin1String("maxLimit")).toDouble();
    if (characteristics.value(QLatin1String("maxElements")).isDouble())
        c.maxElements = characteristics.value(QLatin1String("maxElements")).toInt();
    c.valuesList = characteristics.value(QLatin1String("valuesList")).toString();
    c.supportsMonitoring = characteristics.value(QLatin1String("supportsMonitoring")).toBool(false);
    return c;
}

const VariableAttribute *DeviceModelEntry::attribute(const QString &type) const
{
    for (const VariableAttribute &a : attributes)
        if (a.type == type)
            return &a;
    return nullptr;
}

VariableAttribute *DeviceModelEntry::attribute(const QString &type)
{
    for (VariableAttribute &a : attributes)
        if (a.type == type)
            return &a;
    return nullptr;
}

bool DeviceModelEntry::writable() const
{
    for (const VariableAttribute &a : attributes)
        if (a.writable())
            return true;
    return false;
}

QJsonObject DeviceModelEntry::toJson() const
{
    QJsonArray attrs;
    for (const VariableAttribute &a : attributes)
        attrs.append(a.toJson());
    QJsonObject o{{QStringLiteral("component"), component.toJson()},
                  {QStringLiteral("variable"), variable.toJson()},
                  {QStringLiteral("variableAttribute"), attrs}};
    if (characteristics)
        o.insert(QStringLiteral("variableCharacteristics"), characteristics->toJson());
    return o;
}

DeviceModelEntry DeviceModelEntry::fromJson(const QJsonObject &reportData)
{
    DeviceModelEntry e;
    e.component = ComponentRef::fromJson(reportData.value(QLatin1String("component")).toObject());
    e.variable = VariableRef::fromJson(reportData.value(QLatin1String("variable")).toObject());
    for (const QJsonValue &a : reportData.value(QLatin1String("variableAttribute")).toArray())
        e.attributes.append(VariableAttribute::fromJson(a.toObject()));
    const QJsonValue chars = reportData.value(QLatin1String("variableCharacteristics"));
    if (chars.isObject())
        e.characteristics = VariableCharacteristics::fromJson(chars.toObject());
    return e;
}

} // namespace cb::dm
