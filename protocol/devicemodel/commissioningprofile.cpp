#include "devicemodel/commissioningprofile.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace cb::dm {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::dm::CommissioningProfile)
};

bool wildcardMatch(const QString &pattern, const QString &text)
{
    if (pattern.isEmpty())
        return true;
    // Anchored: "Virtual*" matches "VirtualCharger", not "MyVirtualCharger".
    return QRegularExpression::fromWildcard(pattern, Qt::CaseInsensitive).match(text).hasMatch();
}

bool firmwareMatch(const QString &condition, const QString &version)
{
    const QString c = condition.trimmed();
    if (c.isEmpty())
        return true;
    static const char *const ops[] = {">=", "<=", "==", "!=", ">", "<"};
    for (const char *op : ops) {
        const QLatin1String o(op);
        if (!c.startsWith(o))
            continue;
        const int cmp = compareVersions(version, c.mid(o.size()).trimmed());
        if (o == QLatin1String(">="))
            return cmp >= 0;
        if (o == QLatin1String("<="))
            return cmp <= 0;
        if (o == QLatin1String("=="))
            return cmp == 0;
        if (o == QLatin1String("!="))
            return cmp != 0;
        if (o == QLatin1String(">"))
            return cmp > 0;
        return cmp < 0;
    }
    return wildcardMatch(c, version);
}

} // namespace

int compareVersions(const QString &a, const QString &b)
{
    static const QRegularExpression separators(QStringLiteral("[.\\-_+]"));
    const QStringList pa = a.split(separators);
    const QStringList pb = b.split(separators);
    for (qsizetype i = 0; i < std::max(pa.size(), pb.size()); ++i) {
        const QString x = i < pa.size() ? pa.at(i) : QStringLiteral("0");
        const QString y = i < pb.size() ? pb.at(i) : QStringLiteral("0");
        bool nx = false, ny = false;
        const qlonglong vx = x.toLongLong(&nx);
        const qlonglong vy = y.toLongLong(&ny);
        const int cmp = (nx && ny) ? (vx < vy ? -1 : vx > vy ? 1 : 0) : x.compare(y, Qt::CaseInsensitive);
        if (cmp != 0)
            return cmp < 0 ? -1 : 1;
    }
    return 0;
}

bool CommissioningProfile::Condition::matches(const QString &v, const QString &m, const QString &fw) const
{
    return wildcardMatch(vendor, v) && wildcardMatch(model, m) && firmwareMatch(firmwareVersion, fw);
}

QJsonObject CommissioningProfile::Condition::toJson() const
{
    QJsonObject o;
    if (!vendor.isEmpty())
        o.insert(QStringLiteral("vendor"), vendor);
    if (!model.isEmpty())
        o.insert(QStringLiteral("model"), model);
    if (!firmwareVersion.isEmpty())
        o.insert(QStringLiteral("firmwareVersion"), firmwareVersion);
    return o;
}

bool CommissioningProfile::appliesToStation(const QString &vendor, const QString &model, const QString &firmwareVersion) const
{
    if (appliesTo.isEmpty())
        return true;
    return std::any_of(appliesTo.cbegin(), appliesTo.cend(),
                       [&](const Condition &c) { return c.matches(vendor, model, firmwareVersion); });
}

QJsonObject CommissioningProfile::toJson() const
{
    QJsonArray conditions;
    for (const Condition &c : appliesTo)
        conditions.append(c.toJson());
    QJsonArray vals;
    for (const WriteItem &w : values) {
        QJsonObject o{{QStringLiteral("component"), w.component.toJson()}, {QStringLiteral("variable"), w.variable.toJson()},
                      {QStringLiteral("value"), w.value}};
        if (w.attributeType != QLatin1String("Actual"))
            o.insert(QStringLiteral("attributeType"), w.attributeType);
        vals.append(o);
    }
    QJsonObject o{{QStringLiteral("format"), QStringLiteral("chargebench-profile")},
                  {QStringLiteral("formatVersion"), formatVersion},
                  {QStringLiteral("name"), name},
                  {QStringLiteral("resetOnRebootRequired"), resetOnRebootRequired},
                  {QStringLiteral("values"), vals}};
    if (!description.isEmpty())
        o.insert(QStringLiteral("description"), description);
    if (!conditions.isEmpty())
        o.insert(QStringLiteral("appliesTo"), conditions);
    return o;
}

Result<CommissioningProfile> CommissioningProfile::fromJson(const QByteArray &json)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return Error{Text::tr("The profile is not a JSON object (%1 at byte %2).").arg(pe.errorString()).arg(pe.offset),
                     Text::tr("See commissioningprofile.md for the format.")};
    const QJsonObject o = doc.object();
    const QString format = o.value(QLatin1String("format")).toString(QStringLiteral("chargebench-profile"));
    if (format != QLatin1String("chargebench-profile"))
        return Error{Text::tr("The file is a \"%1\", not a ChargeBench commissioning profile.").arg(format),
                     Text::tr("Use a file with \"format\": \"chargebench-profile\".")};
    CommissioningProfile p;
    p.formatVersion = o.value(QLatin1String("formatVersion")).toInt(1);
    if (p.formatVersion != 1)
        return Error{Text::tr("Profile format version %1 is not supported (this build reads version 1).").arg(p.formatVersion),
                     Text::tr("Save the profile again with this version of ChargeBench.")};
    p.name = o.value(QLatin1String("name")).toString();
    p.description = o.value(QLatin1String("description")).toString();
    p.resetOnRebootRequired = o.value(QLatin1String("resetOnRebootRequired")).toBool(true);
    for (const QJsonValue &c : o.value(QLatin1String("appliesTo")).toArray()) {
        const QJsonObject co = c.toObject();
        p.appliesTo.append(Condition{co.value(QLatin1String("vendor")).toString(), co.value(QLatin1String("model")).toString(),
                                     co.value(QLatin1String("firmwareVersion")).toString()});
    }
    const QJsonValue values = o.value(QLatin1String("values"));
    if (!values.isArray())
        return Error{Text::tr("The profile has no \"values\" array."), Text::tr("List the desired values under \"values\".")};
    int index = 0;
    for (const QJsonValue &v : values.toArray()) {
        const WriteItem w = WriteItem::fromJson(v.toObject());
        if (w.variable.name.isEmpty() || !v.toObject().contains(QLatin1String("value")))
            return Error{Text::tr("Value %1 of the profile has no variable (or key) or no value.").arg(index + 1),
                         Text::tr("Each value needs \"variable\" (2.x) or \"key\" (1.6) and \"value\".")};
        p.values.append(w);
        ++index;
    }
    return p;
}

CommissioningProfile CommissioningProfile::fromModel(const DeviceModel &model, const QString &name)
{
    CommissioningProfile p;
    p.name = name;
    for (const DeviceModelEntry &e : model.entries())
        for (const VariableAttribute &a : e.attributes)
            if (a.writable() && a.value)
                p.values.append(WriteItem{e.component, e.variable, a.type, *a.value});
    return p;
}

qsizetype ProfileReport::verifiedCount() const
{
    return std::count_if(results.cbegin(), results.cend(), [](const WriteResult &r) { return r.verified(); });
}

QJsonObject ProfileReport::toJson() const
{
    QJsonArray items;
    for (const WriteResult &r : results)
        items.append(r.toJson());
    QJsonObject o{{QStringLiteral("profile"), profileName},
                  {QStringLiteral("stationId"), stationId},
                  {QStringLiteral("applicable"), applicable},
                  {QStringLiteral("rebooted"), rebooted},
                  {QStringLiteral("total"), qint64(results.size())},
                  {QStringLiteral("verifiedCount"), qint64(verifiedCount())},
                  {QStringLiteral("allVerified"), allVerified()},
                  {QStringLiteral("results"), items}};
    if (!problem.isEmpty())
        o.insert(QStringLiteral("problem"), problem);
    return o;
}

QString ProfileReport::toText() const
{
    QStringList lines;
    lines << Text::tr("Profile \"%1\" on %2: %3 of %4 values verified%5.")
                 .arg(profileName, stationId)
                 .arg(verifiedCount())
                 .arg(results.size())
                 .arg(rebooted ? Text::tr(" (after a reset)") : QString());
    if (!applicable)
        lines << Text::tr("Not applied: the profile's appliesTo does not match this station.");
    if (!problem.isEmpty())
        lines << problem;
    for (const WriteResult &r : results) {
        if (r.verified())
            continue;
        lines << Text::tr("  %1.%2 = \"%3\": %4, %5%6")
                     .arg(r.item.component.displayName(), r.item.variable.displayName(), r.item.value, writeStatusName(r.status),
                          verifyStateName(r.verify),
                          r.readBack ? Text::tr(" (station has \"%1\")").arg(*r.readBack)
                                     : (r.statusInfo.isEmpty() ? QString() : QStringLiteral(" (") + r.statusInfo + QLatin1Char(')')));
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace cb::dm
