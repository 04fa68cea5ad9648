#include "variableselector.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace cb {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::VariableSelector)
};

const QStringList kAttributes{QStringLiteral("actual"), QStringLiteral("target"), QStringLiteral("min-set"), QStringLiteral("max-set")};

using Need = VariableSelector::Need;

Result<VariableSelector> fromText(const QString &text, OcppVersion v, Need need)
{
    VariableSelector s;
    QString name = text.trimmed();
    const qsizetype eq = name.indexOf(QLatin1Char('='));
    if (eq >= 0) {
        s.value = name.mid(eq + 1);
        name = name.left(eq).trimmed();
    }
    if (v == OcppVersion::V16) {
        // 1.6 keys have no component; "Core.HeartbeatInterval" (as the device model shows it) names
        // the key after the dot.
        s.variable = name.contains(QLatin1Char('.')) ? name.section(QLatin1Char('.'), -1) : name;
    } else {
        // The variable part is optional in the pattern; only get-report components may leave it out.
        static const QRegularExpression re(QStringLiteral(R"(^([^.\[:@]+)(?::([^.\[@]+))?(?:\[(\d+)(?:,(\d+))?\])?(?:\.([^:@]+)(?::([^@]+))?)?(?:@([a-z-]+))?$)"));
        const auto m = re.match(name);
        if (!m.hasMatch())
            return Error{Text::tr("\"%1\" does not name a variable.").arg(text),
                         Text::tr("Write Component.Variable, e.g. OCPPCommCtrlr.HeartbeatInterval or EVSE[1].Power@max-set.")};
        s.component = m.captured(1);
        s.componentInstance = m.captured(2);
        if (!m.captured(3).isEmpty())
            s.evse = m.captured(3).toLongLong();
        if (!m.captured(4).isEmpty())
            s.connector = m.captured(4).toLongLong();
        s.variable = m.captured(5);
        s.variableInstance = m.captured(6);
        if (!m.captured(7).isEmpty())
            s.attribute = m.captured(7);
    }
    if (s.variable.isEmpty() && need != Need::Component)
        return Error{Text::tr("\"%1\" does not name a variable.").arg(text),
                     Text::tr("Write Component.Variable, e.g. OCPPCommCtrlr.HeartbeatInterval or EVSE[1].Power@max-set.")};
    if (!s.attribute.isEmpty() && !kAttributes.contains(s.attribute))
        return Error{Text::tr("\"%1\": the attribute must be one of %2.").arg(text, kAttributes.join(QStringLiteral(", "))), QString()};
    if (need == Need::VariableAndValue && !s.value)
        return Error{Text::tr("\"%1\" has no value to set.").arg(text), Text::tr("Write Name=value.")};
    return s;
}

QString attributeFromWire(const QString &attributeType)
{
    if (attributeType == QLatin1String("MinSet"))
        return QStringLiteral("min-set");
    if (attributeType == QLatin1String("MaxSet"))
        return QStringLiteral("max-set");
    return attributeType.toLower();
}

} // namespace

VariableSelector VariableSelector::fromWire(const QJsonObject &o)
{
    VariableSelector s;
    const QJsonObject c = o.value(QLatin1String("component")).toObject();
    s.component = c.value(QLatin1String("name")).toString();
    s.componentInstance = c.value(QLatin1String("instance")).toString();
    if (c.value(QLatin1String("evse")).isObject()) {
        const QJsonObject e = c.value(QLatin1String("evse")).toObject();
        if (e.value(QLatin1String("id")).isDouble())
            s.evse = e.value(QLatin1String("id")).toInteger();
        if (e.value(QLatin1String("connectorId")).isDouble())
            s.connector = e.value(QLatin1String("connectorId")).toInteger();
    }
    const QJsonObject var = o.value(QLatin1String("variable")).toObject();
    s.variable = var.value(QLatin1String("name")).toString();
    s.variableInstance = var.value(QLatin1String("instance")).toString();
    if (o.value(QLatin1String("attributeType")).isString())
        s.attribute = attributeFromWire(o.value(QLatin1String("attributeType")).toString());
    if (o.value(QLatin1String("attributeValue")).isString())
        s.value = o.value(QLatin1String("attributeValue")).toString();
    return s;
}

namespace {

Result<VariableSelector> fromObject(const QJsonObject &o, OcppVersion v, Need need)
{
    VariableSelector s;
    if (o.value(QLatin1String("component")).isObject() || o.value(QLatin1String("variable")).isObject()) {
        s = VariableSelector::fromWire(o);
    } else {
        s.component = o.value(QLatin1String("component")).toString();
        s.componentInstance = o.value(QLatin1String("componentInstance")).toString();
        if (o.value(QLatin1String("evse")).isDouble())
            s.evse = o.value(QLatin1String("evse")).toInteger();
        if (o.value(QLatin1String("connector")).isDouble())
            s.connector = o.value(QLatin1String("connector")).toInteger();
        s.variable = o.value(QLatin1String("variable")).toString();
        if (s.variable.isEmpty())
            s.variable = o.value(QLatin1String("key")).toString();
        s.variableInstance = o.value(QLatin1String("variableInstance")).toString();
        s.attribute = o.value(QLatin1String("attribute")).toString().toLower();
        const QJsonValue value = o.value(QLatin1String("value"));
        if (value.isString())
            s.value = value.toString();
        else if (value.isDouble() || value.isBool())
            s.value = value.toVariant().toString();
    }
    if (s.variable.isEmpty() && need != Need::Component)
        return Error{Text::tr("A variable entry has no \"variable\" name."), Text::tr("Write {\"component\": \"...\", \"variable\": \"...\"}.")};
    if (v != OcppVersion::V16 && s.component.isEmpty())
        return Error{Text::tr("Variable \"%1\" has no component.").arg(s.variable),
                     Text::tr("OCPP %1 names every variable within a component.").arg(versionName(v))};
    if (!s.attribute.isEmpty() && !kAttributes.contains(s.attribute))
        return Error{Text::tr("Variable \"%1\": the attribute must be one of %2.").arg(s.variable, kAttributes.join(QStringLiteral(", "))), QString()};
    if (s.connector && !s.evse)
        return Error{Text::tr("Variable \"%1\" names a connector without its EVSE.").arg(s.variable), QString()};
    if (need == Need::VariableAndValue && !s.value)
        return Error{Text::tr("Variable \"%1\" has no value to set.").arg(s.variable), QString()};
    return s;
}

} // namespace

Result<QList<VariableSelector>> VariableSelector::parseList(const QJsonValue &value, OcppVersion v, Need need)
{
    QJsonArray items;
    if (value.isArray()) {
        items = value.toArray();
    } else if (value.isString()) {
        for (const QString &part : value.toString().split(QLatin1Char(','), Qt::SkipEmptyParts))
            items.append(part);
    } else if (value.isObject()) {
        items.append(value);
    }
    QList<VariableSelector> out;
    for (const QJsonValue &item : items) {
        auto parsed = item.isObject() ? fromObject(item.toObject(), v, need) : fromText(item.toString(), v, need);
        if (!parsed)
            return parsed.error();
        out << parsed.value();
    }
    if (out.isEmpty())
        return Error{Text::tr("No variable named."), Text::tr("Name at least one, e.g. OCPPCommCtrlr.HeartbeatInterval.")};
    return out;
}

QString VariableSelector::attributeType() const
{
    if (attribute == QLatin1String("target"))
        return QStringLiteral("Target");
    if (attribute == QLatin1String("min-set"))
        return QStringLiteral("MinSet");
    if (attribute == QLatin1String("max-set"))
        return QStringLiteral("MaxSet");
    return QStringLiteral("Actual");
}

namespace {

QJsonObject componentJson(const VariableSelector &s)
{
    QJsonObject c{{QStringLiteral("name"), s.component}};
    if (!s.componentInstance.isEmpty())
        c.insert(QStringLiteral("instance"), s.componentInstance);
    if (s.evse) {
        QJsonObject e{{QStringLiteral("id"), *s.evse}};
        if (s.connector)
            e.insert(QStringLiteral("connectorId"), *s.connector);
        c.insert(QStringLiteral("evse"), e);
    }
    return c;
}

QJsonObject variableJson(const VariableSelector &s)
{
    QJsonObject v{{QStringLiteral("name"), s.variable}};
    if (!s.variableInstance.isEmpty())
        v.insert(QStringLiteral("instance"), s.variableInstance);
    return v;
}

} // namespace

QJsonObject VariableSelector::toGetVariableData() const
{
    QJsonObject o{{QStringLiteral("component"), componentJson(*this)}, {QStringLiteral("variable"), variableJson(*this)}};
    if (!attribute.isEmpty())
        o.insert(QStringLiteral("attributeType"), attributeType());
    return o;
}

QJsonObject VariableSelector::toSetVariableData() const
{
    QJsonObject o{{QStringLiteral("component"), componentJson(*this)},
                  {QStringLiteral("variable"), variableJson(*this)},
                  {QStringLiteral("attributeValue"), value.value_or(QString())}};
    if (!attribute.isEmpty())
        o.insert(QStringLiteral("attributeType"), attributeType());
    return o;
}

QJsonObject VariableSelector::toComponentVariable() const
{
    QJsonObject o{{QStringLiteral("component"), componentJson(*this)}};
    if (!variable.isEmpty())
        o.insert(QStringLiteral("variable"), variableJson(*this));
    return o;
}

QString VariableSelector::label() const
{
    QString out = component;
    if (!componentInstance.isEmpty())
        out += QLatin1Char(':') + componentInstance;
    if (evse)
        out += connector ? QStringLiteral("[%1,%2]").arg(*evse).arg(*connector) : QStringLiteral("[%1]").arg(*evse);
    if (!out.isEmpty() && !variable.isEmpty())
        out += QLatin1Char('.');
    out += variable;
    if (!variableInstance.isEmpty())
        out += QLatin1Char(':') + variableInstance;
    if (!attribute.isEmpty() && attribute != QLatin1String("actual"))
        out += QLatin1Char('@') + attribute;
    return out;
}

QJsonObject VariableSelector::toJson() const
{
    QJsonObject o{{QStringLiteral("variable"), variable}};
    if (!component.isEmpty())
        o.insert(QStringLiteral("component"), component);
    if (!componentInstance.isEmpty())
        o.insert(QStringLiteral("componentInstance"), componentInstance);
    if (evse)
        o.insert(QStringLiteral("evse"), *evse);
    if (connector)
        o.insert(QStringLiteral("connector"), *connector);
    if (!variableInstance.isEmpty())
        o.insert(QStringLiteral("variableInstance"), variableInstance);
    if (!attribute.isEmpty())
        o.insert(QStringLiteral("attribute"), attribute);
    if (value)
        o.insert(QStringLiteral("value"), *value);
    return o;
}

} // namespace cb
