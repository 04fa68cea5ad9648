#include "devicemodel/modeldiff.h"

#include <QJsonObject>

namespace cb::dm {

namespace {

QJsonValue optionalJson(const std::optional<QString> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

QString optionalNumber(const std::optional<int> &n)
{
    return n ? QString::number(*n) : QString();
}

QString optionalDouble(const std::optional<double> &n)
{
    return n ? QString::number(*n, 'g', 15) : QString();
}

DiffEntry make(DiffEntry::Kind kind, const DeviceModelEntry &e, const VariableAttribute *before, const VariableAttribute *after)
{
    DiffEntry d;
    d.kind = kind;
    d.component = e.component;
    d.variable = e.variable;
    d.attributeType = (after ? after : before)->type;
    if (before) {
        d.oldValue = before->value;
        d.oldMutability = before->mutability;
    }
    if (after) {
        d.newValue = after->value;
        d.newMutability = after->mutability;
    }
    return d;
}

} // namespace

QString DiffEntry::key() const
{
    return component.key() + QLatin1Char('/') + variable.key() + QLatin1Char('/') + attributeType.toCaseFolded();
}

QString DiffEntry::kindName(Kind k)
{
    switch (k) {
    case Kind::Added: return QStringLiteral("added");
    case Kind::Removed: return QStringLiteral("removed");
    case Kind::Changed: return QStringLiteral("changed");
    }
    return {};
}

QJsonObject DiffEntry::toJson() const
{
    QJsonObject o{{QStringLiteral("kind"), kindName(kind)},
                  {QStringLiteral("component"), component.toJson()},
                  {QStringLiteral("variable"), variable.toJson()},
                  {QStringLiteral("attributeType"), attributeType},
                  {QStringLiteral("oldValue"), optionalJson(oldValue)},
                  {QStringLiteral("newValue"), optionalJson(newValue)}};
    if (!oldMutability.isEmpty())
        o.insert(QStringLiteral("oldMutability"), oldMutability);
    if (!newMutability.isEmpty())
        o.insert(QStringLiteral("newMutability"), newMutability);
    return o;
}

ModelDiff ModelDiff::compute(const DeviceModel &before, const DeviceModel &after)
{
    ModelDiff diff;
    for (const DeviceModelEntry &e : after.entries()) {
        const qsizetype i = before.indexOf(e.key());
        if (i < 0) {
            for (const VariableAttribute &a : e.attributes)
                diff.m_entries.append(make(DiffEntry::Kind::Added, e, nullptr, &a));
            continue;
        }
        const DeviceModelEntry &old = before.at(i);
        for (const VariableAttribute &a : e.attributes) {
            const VariableAttribute *o = old.attribute(a.type);
            if (!o)
                diff.m_entries.append(make(DiffEntry::Kind::Added, e, nullptr, &a));
            else if (o->value != a.value || o->mutability != a.mutability)
                diff.m_entries.append(make(DiffEntry::Kind::Changed, e, o, &a));
        }
        for (const VariableAttribute &o : old.attributes)
            if (!e.attribute(o.type))
                diff.m_entries.append(make(DiffEntry::Kind::Removed, old, &o, nullptr));
    }
    for (const DeviceModelEntry &old : before.entries()) {
        if (after.indexOf(old.key()) >= 0)
            continue;
        for (const VariableAttribute &o : old.attributes)
            diff.m_entries.append(make(DiffEntry::Kind::Removed, old, &o, nullptr));
    }
    return diff;
}

qsizetype ModelDiff::count(DiffEntry::Kind kind) const
{
    return std::count_if(m_entries.cbegin(), m_entries.cend(), [kind](const DiffEntry &d) { return d.kind == kind; });
}

QJsonArray ModelDiff::toJson() const
{
    QJsonArray a;
    for (const DiffEntry &d : m_entries)
        a.append(d.toJson());
    return a;
}

QString csvField(const QString &value)
{
    if (!value.contains(QLatin1Char(',')) && !value.contains(QLatin1Char('"')) && !value.contains(QLatin1Char('\n'))
        && !value.contains(QLatin1Char('\r')))
        return value;
    QString quoted = value;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

namespace {
QByteArray csvLine(const QStringList &fields)
{
    QStringList out;
    out.reserve(fields.size());
    for (const QString &f : fields)
        out.append(csvField(f));
    return out.join(QLatin1Char(',')).toUtf8() + "\r\n";
}
} // namespace

QByteArray ModelDiff::toCsv() const
{
    QByteArray csv = csvLine({QStringLiteral("kind"), QStringLiteral("component"), QStringLiteral("evse"), QStringLiteral("connector"),
                              QStringLiteral("componentInstance"), QStringLiteral("variable"), QStringLiteral("variableInstance"),
                              QStringLiteral("attributeType"), QStringLiteral("oldValue"), QStringLiteral("newValue")});
    for (const DiffEntry &d : m_entries)
        csv += csvLine({DiffEntry::kindName(d.kind), d.component.name, optionalNumber(d.component.evseId),
                        optionalNumber(d.component.connectorId), d.component.instance, d.variable.name, d.variable.instance,
                        d.attributeType, d.oldValue.value_or(QString()), d.newValue.value_or(QString())});
    return csv;
}

QByteArray modelToCsv(const DeviceModel &model)
{
    QByteArray csv = csvLine({QStringLiteral("component"), QStringLiteral("evse"), QStringLiteral("connector"),
                              QStringLiteral("componentInstance"), QStringLiteral("variable"), QStringLiteral("variableInstance"),
                              QStringLiteral("attributeType"), QStringLiteral("value"), QStringLiteral("mutability"),
                              QStringLiteral("dataType"), QStringLiteral("unit"), QStringLiteral("minLimit"),
                              QStringLiteral("maxLimit"), QStringLiteral("valuesList")});
    for (const DeviceModelEntry &e : model.entries()) {
        const VariableCharacteristics c = e.characteristics.value_or(VariableCharacteristics{});
        const QStringList common{e.component.name, optionalNumber(e.component.evseId), optionalNumber(e.component.connectorId),
                                 e.component.instance, e.variable.name, e.variable.instance};
        const QStringList chars{e.characteristics ? c.dataType : QString(), c.unit, optionalDouble(c.minLimit),
                                optionalDouble(c.maxLimit), c.valuesList};
        if (e.attributes.isEmpty())
            csv += csvLine(common + QStringList{QString(), QString(), QString()} + chars);
        for (const VariableAttribute &a : e.attributes)
            csv += csvLine(common + QStringList{a.type, a.value.value_or(QString()), a.mutability} + chars);
    }
    return csv;
}

} // namespace cb::dm
