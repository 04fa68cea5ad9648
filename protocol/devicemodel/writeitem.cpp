#include "devicemodel/writeitem.h"

namespace cb::dm {

QJsonObject WriteItem::toSetVariableData() const
{
    QJsonObject o{{QStringLiteral("attributeValue"), value},
                  {QStringLiteral("component"), component.toJson()},
                  {QStringLiteral("variable"), variable.toJson()}};
    if (!attributeType.isEmpty() && attributeType != QLatin1String("Actual"))
        o.insert(QStringLiteral("attributeType"), attributeType);
    return o;
}

QJsonObject WriteItem::toJson() const
{
    return QJsonObject{{QStringLiteral("component"), component.toJson()},
                       {QStringLiteral("variable"), variable.toJson()},
                       {QStringLiteral("attributeType"), attributeType},
                       {QStringLiteral("value"), value}};
}

WriteItem WriteItem::fromJson(const QJsonObject &o)
{
    WriteItem w;
    const QJsonValue c = o.value(QLatin1String("component"));
    // A bare string is accepted for convenience (profiles: "component": "OCPPCommCtrlr").
    w.component = c.isString() ? ComponentRef{c.toString(), {}, {}, {}} : ComponentRef::fromJson(c.toObject());
    const QJsonValue v = o.value(QLatin1String("variable"));
    w.variable = v.isString() ? VariableRef{v.toString(), {}} : VariableRef::fromJson(v.toObject());
    if (o.contains(QLatin1String("key")) && w.variable.name.isEmpty())
        w.variable.name = o.value(QLatin1String("key")).toString(); // 1.6 profiles
    w.attributeType = o.value(QLatin1String("attributeType")).toString(QStringLiteral("Actual"));
    const QJsonValue value = o.value(QLatin1String("value"));
    // Numbers and booleans are written as OCPP sends them: text.
    if (value.isBool())
        w.value = value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    else if (value.isDouble())
        w.value = QString::number(value.toDouble(), 'g', 15);
    else
        w.value = value.toString();
    return w;
}

namespace {
struct StatusName
{
    WriteStatus status;
    const char *name;
};
constexpr StatusName kStatusNames[] = {
    {WriteStatus::Pending, "Pending"},
    {WriteStatus::Accepted, "Accepted"},
    {WriteStatus::Rejected, "Rejected"},
    {WriteStatus::RebootRequired, "RebootRequired"},
    {WriteStatus::UnknownComponent, "UnknownComponent"},
    {WriteStatus::UnknownVariable, "UnknownVariable"},
    {WriteStatus::NotSupportedAttributeType, "NotSupportedAttributeType"},
    {WriteStatus::NotSupported, "NotSupported"},
    {WriteStatus::Failed, "Failed"},
};
} // namespace

QString writeStatusName(WriteStatus s)
{
    for (const StatusName &n : kStatusNames)
        if (n.status == s)
            return QLatin1String(n.name);
    return QStringLiteral("Failed");
}

WriteStatus writeStatusFromName(const QString &s)
{
    for (const StatusName &n : kStatusNames)
        if (s == QLatin1String(n.name))
            return n.status;
    return WriteStatus::Failed;
}

QString verifyStateName(VerifyState s)
{
    switch (s) {
    case VerifyState::NotChecked: return QStringLiteral("NotChecked");
    case VerifyState::Confirmed: return QStringLiteral("Confirmed");
    case VerifyState::Mismatch: return QStringLiteral("Mismatch");
    case VerifyState::AwaitingReboot: return QStringLiteral("AwaitingReboot");
    case VerifyState::Unreadable: return QStringLiteral("Unreadable");
    }
    return QStringLiteral("NotChecked");
}

QJsonObject WriteResult::toJson() const
{
    QJsonObject o = item.toJson();
    o.insert(QStringLiteral("status"), writeStatusName(status));
    if (!statusInfo.isEmpty())
        o.insert(QStringLiteral("statusInfo"), statusInfo);
    o.insert(QStringLiteral("verify"), verifyStateName(verify));
    if (readBack)
        o.insert(QStringLiteral("readBack"), *readBack);
    o.insert(QStringLiteral("verified"), verified());
    return o;
}

} // namespace cb::dm
