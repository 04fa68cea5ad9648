#include "devicemodel.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>

namespace cb::sim {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::sim::DeviceModel)
};

const QString kActual = QStringLiteral("Actual");

std::optional<double> number(const QJsonValue &v, const Placeholders &p)
{
    if (v.isDouble())
        return v.toDouble();
    if (v.isString()) {
        bool ok = false;
        const double d = p.expand(v.toString()).toDouble(&ok);
        if (ok)
            return d;
    }
    return std::nullopt;
}

QJsonObject statusInfo(const QString &reasonCode, const QString &text)
{
    QJsonObject o{{QStringLiteral("reasonCode"), reasonCode}};
    if (!text.isEmpty())
        o.insert(QStringLiteral("additionalInfo"), text.left(500));
    return o;
}

bool sameEvse(const QJsonObject &component, const DeviceVariable &v)
{
    if (!component.contains(QLatin1String("evse")))
        return v.evseId == 0;
    const QJsonObject evse = component.value(QLatin1String("evse")).toObject();
    return evse.value(QLatin1String("id")).toInt(-1) == v.evseId && evse.value(QLatin1String("connectorId")).toInt(0) == v.connectorId;
}

bool isSummary(const DeviceVariable &v)
{
    static const QStringList names{QStringLiteral("AvailabilityState"), QStringLiteral("Problem"), QStringLiteral("Tripped"),
                                   QStringLiteral("Overload"), QStringLiteral("Fallback")};
    return names.contains(v.variable);
}

} // namespace

Result<DeviceModel> DeviceModel::standard(const Placeholders &placeholders, int evses, int connectorsPerEvse)
{
    QFile f(QStringLiteral(":/simulator/devicemodel.json"));
    if (!f.open(QIODevice::ReadOnly))
        return Error{Text::tr("The device model resource is missing from this build."), Text::tr("Rebuild chargebench_simulator.")};
    return fromJson(f.readAll(), placeholders, evses, connectorsPerEvse);
}

Result<DeviceModel> DeviceModel::fromJson(const QByteArray &json, const Placeholders &placeholders, int evses,
                                          int connectorsPerEvse)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (doc.isNull())
        return Error{Text::tr("The device model data is not valid JSON: %1.").arg(pe.errorString()), {}};
    DeviceModel model;
    for (const QJsonValue &cv : doc.object().value(QLatin1String("components")).toArray()) {
        const QJsonObject c = cv.toObject();
        const QString scope = c.value(QLatin1String("scope")).toString();
        const bool controller = c.value(QLatin1String("controller")).toBool();
        // Instances of the component: (evse, connector) pairs.
        QList<std::pair<int, int>> where;
        if (scope == QLatin1String("station"))
            where << std::pair(0, 0);
        else if (scope == QLatin1String("evse"))
            for (int e = 1; e <= evses; ++e)
                where << std::pair(e, 0);
        else if (scope == QLatin1String("connector"))
            for (int e = 1; e <= evses; ++e)
                for (int k = 1; k <= connectorsPerEvse; ++k)
                    where << std::pair(e, k);
        else
            return Error{Text::tr("Component %1 has an unknown scope \"%2\".").arg(c.value(QLatin1String("component")).toString(), scope), {}};

        for (const auto &[evse, connector] : where) {
            Placeholders local = placeholders;
            local.set(QStringLiteral("evse"), QString::number(evse));
            local.set(QStringLiteral("connector"), QString::number(connector));
            for (const QJsonValue &vv : c.value(QLatin1String("variables")).toArray()) {
                const QJsonObject o = vv.toObject();
                DeviceVariable v;
                v.component = c.value(QLatin1String("component")).toString();
                v.componentInstance = c.value(QLatin1String("instance")).toString();
                v.evseId = evse;
                v.connectorId = connector;
                v.variable = o.value(QLatin1String("variable")).toString();
                v.variableInstance = o.value(QLatin1String("instance")).toString();
                v.rules.dataType = o.value(QLatin1String("dataType")).toString(QStringLiteral("string"));
                v.rules.minLimit = number(o.value(QLatin1String("minLimit")), local);
                v.rules.maxLimit = number(o.value(QLatin1String("maxLimit")), local);
                const QString values = local.expand(o.value(QLatin1String("valuesList")).toString());
                if (!values.isEmpty())
                    v.rules.valuesList = values.split(QLatin1Char(','));
                v.unit = o.value(QLatin1String("unit")).toString();
                v.supportsMonitoring = o.value(QLatin1String("supportsMonitoring")).toBool(!controller);
                v.rebootRequired = o.value(QLatin1String("rebootRequired")).toBool();
                v.live = o.value(QLatin1String("live")).toString();
                DeviceVariable::Attribute actual;
                actual.value = local.expand(o.value(QLatin1String("value")).toString());
                actual.mutability = o.value(QLatin1String("mutability")).toString(QStringLiteral("ReadOnly"));
                actual.constant = o.value(QLatin1String("constant")).toBool();
                actual.persistent = v.live.isEmpty();
                v.attributes << actual;
                for (const QJsonValue &av : o.value(QLatin1String("attributes")).toArray()) {
                    const QJsonObject a = av.toObject();
                    DeviceVariable::Attribute extra;
                    extra.type = a.value(QLatin1String("type")).toString();
                    extra.value = local.expand(a.value(QLatin1String("value")).toString());
                    extra.mutability = a.value(QLatin1String("mutability")).toString(QStringLiteral("ReadOnly"));
                    v.attributes << extra;
                }
                if (v.component.isEmpty() || v.variable.isEmpty())
                    return Error{Text::tr("The device model data has a variable without a component or name."), {}};
                model.m_variables.push_back(std::move(v));
            }
        }
    }
    return model;
}

void DeviceModel::addBenchVariables(int count)
{
    static const char *const types[] = {"decimal", "integer", "boolean", "string"};
    for (int i = 0; i < count; ++i) {
        DeviceVariable v;
        v.component = QStringLiteral("BenchCtrlr");
        v.variable = QStringLiteral("Value");
        v.variableInstance = QString::number(i);
        v.rules.dataType = QLatin1String(types[i % 4]);
        DeviceVariable::Attribute actual;
        actual.mutability = QStringLiteral("ReadWrite");
        switch (i % 4) {
        case 0:
            v.rules.minLimit = 0;
            v.rules.maxLimit = 1000;
            actual.value = QStringLiteral("%1.5").arg(i % 1000);
            break;
        case 1:
            v.rules.minLimit = 0;
            v.rules.maxLimit = 100000;
            actual.value = QString::number(i);
            break;
        case 2:
            actual.value = QStringLiteral("false");
            break;
        default:
            v.rules.maxLimit = 20;
            actual.value = QStringLiteral("v%1").arg(i);
            break;
        }
        v.attributes << actual;
        m_variables.push_back(std::move(v));
    }
}

QString DeviceModel::actualValue(const DeviceVariable &v) const
{
    if (!v.live.isEmpty() && m_live)
        return m_live(v);
    const DeviceVariable::Attribute *a = v.attribute(kActual);
    return a ? a->value : QString();
}

DeviceModel::Match DeviceModel::find(const QJsonObject &component, const QJsonObject &variable, qsizetype *index) const
{
    const QString name = component.value(QLatin1String("name")).toString();
    const QString instance = component.value(QLatin1String("instance")).toString();
    const QString varName = variable.value(QLatin1String("name")).toString();
    const QString varInstance = variable.value(QLatin1String("instance")).toString();
    bool componentKnown = false;
    for (qsizetype i = 0; i < qsizetype(m_variables.size()); ++i) {
        const DeviceVariable &v = m_variables[size_t(i)];
        if (v.component != name || v.componentInstance != instance || !sameEvse(component, v))
            continue;
        componentKnown = true;
        if (v.variable == varName && v.variableInstance == varInstance) {
            *index = i;
            return Match::Found;
        }
    }
    return componentKnown ? Match::UnknownVariable : Match::UnknownComponent;
}

std::optional<qsizetype> DeviceModel::lookup(const QJsonObject &data, const QString &type, QJsonObject &r) const
{
    const QJsonObject component = data.value(QLatin1String("component")).toObject();
    const QJsonObject variable = data.value(QLatin1String("variable")).toObject();
    r = QJsonObject{{QStringLiteral("component"), component}, {QStringLiteral("variable"), variable}};
    if (data.contains(QLatin1String("attributeType")))
        r.insert(QStringLiteral("attributeType"), type);
    qsizetype i = -1;
    switch (find(component, variable, &i)) {
    case Match::UnknownComponent:
        r.insert(QStringLiteral("attributeStatus"), QStringLiteral("UnknownComponent"));
        return std::nullopt;
    case Match::UnknownVariable:
        r.insert(QStringLiteral("attributeStatus"), QStringLiteral("UnknownVariable"));
        return std::nullopt;
    case Match::Found:
        break;
    }
    return i;
}

QJsonObject DeviceModel::get(const QJsonObject &data) const
{
    const QString type = data.value(QLatin1String("attributeType")).toString(kActual);
    QJsonObject r;
    const auto i = lookup(data, type, r);
    if (!i)
        return r;
    const DeviceVariable &v = m_variables[size_t(*i)];
    const DeviceVariable::Attribute *a = v.attribute(type);
    if (!a) {
        r.insert(QStringLiteral("attributeStatus"), QStringLiteral("NotSupportedAttributeType"));
        return r;
    }
    if (a->mutability == QLatin1String("WriteOnly")) {
        r.insert(QStringLiteral("attributeStatus"), QStringLiteral("Rejected"));
        r.insert(QStringLiteral("attributeStatusInfo"),
                 statusInfo(QStringLiteral("WriteOnly"), Text::tr("%1.%2 is write-only.").arg(v.component, v.variable)));
        return r;
    }
    r.insert(QStringLiteral("attributeStatus"), QStringLiteral("Accepted"));
    r.insert(QStringLiteral("attributeValue"), type == kActual ? actualValue(v) : a->value);
    return r;
}

DeviceModel::SetOutcome DeviceModel::set(const QJsonObject &data)
{
    const QString value = data.value(QLatin1String("attributeValue")).toString();
    const QString type = data.value(QLatin1String("attributeType")).toString(kActual);
    SetOutcome out;
    QJsonObject &r = out.result;
    const auto i = lookup(data, type, r);
    if (!i)
        return out;
    DeviceVariable &v = m_variables[size_t(*i)];
    DeviceVariable::Attribute *a = v.attribute(type);
    auto reject = [&](const QString &reason, const QString &text) {
        r.insert(QStringLiteral("attributeStatus"), QStringLiteral("Rejected"));
        r.insert(QStringLiteral("attributeStatusInfo"), statusInfo(reason, text));
    };
    if (!a) {
        r.insert(QStringLiteral("attributeStatus"), QStringLiteral("NotSupportedAttributeType"));
        return out;
    }
    if (a->mutability == QLatin1String("ReadOnly") || (!v.live.isEmpty() && type == kActual)) {
        reject(QStringLiteral("ReadOnly"), Text::tr("%1.%2 is read-only.").arg(v.component, v.variable));
        return out;
    }
    if (const auto problem = v.rules.check(value)) {
        reject(problem->reasonCode, problem->text);
        return out;
    }
    a->value = value;
    out.changed = &v;
    r.insert(QStringLiteral("attributeStatus"), v.rebootRequired ? QStringLiteral("RebootRequired") : QStringLiteral("Accepted"));
    return out;
}

QJsonObject DeviceModel::reportData(const DeviceVariable &v) const
{
    QJsonArray attributes;
    for (const DeviceVariable::Attribute &a : v.attributes) {
        QJsonObject o{{QStringLiteral("type"), a.type}, {QStringLiteral("mutability"), a.mutability},
                      {QStringLiteral("persistent"), a.persistent}, {QStringLiteral("constant"), a.constant}};
        // Write-only values (passwords) never leave the station.
        if (a.mutability != QLatin1String("WriteOnly"))
            o.insert(QStringLiteral("value"), a.type == kActual ? actualValue(v) : a.value);
        attributes.append(o);
    }
    QJsonObject characteristics{{QStringLiteral("dataType"), v.rules.dataType},
                                {QStringLiteral("supportsMonitoring"), v.supportsMonitoring}};
    if (!v.unit.isEmpty())
        characteristics.insert(QStringLiteral("unit"), v.unit);
    if (v.rules.minLimit)
        characteristics.insert(QStringLiteral("minLimit"), *v.rules.minLimit);
    if (v.rules.maxLimit)
        characteristics.insert(QStringLiteral("maxLimit"), *v.rules.maxLimit);
    if (!v.rules.valuesList.isEmpty())
        characteristics.insert(QStringLiteral("valuesList"), v.rules.valuesList.join(QLatin1Char(',')));
    return QJsonObject{{QStringLiteral("component"), v.componentJson()},
                       {QStringLiteral("variable"), v.variableJson()},
                       {QStringLiteral("variableAttribute"), attributes},
                       {QStringLiteral("variableCharacteristics"), characteristics}};
}

QList<QJsonObject> DeviceModel::baseReport(const QString &reportBase) const
{
    QList<QJsonObject> out;
    for (const DeviceVariable &v : m_variables) {
        const bool include = reportBase == QLatin1String("FullInventory")
                             || (reportBase == QLatin1String("ConfigurationInventory") && v.writable())
                             || (reportBase == QLatin1String("SummaryInventory") && isSummary(v));
        if (include)
            out << reportData(v);
    }
    return out;
}

QList<QJsonObject> DeviceModel::report(const QJsonArray &componentVariables, const QJsonArray &criteria) const
{
    auto selected = [&](const DeviceVariable &v) {
        if (componentVariables.isEmpty())
            return true;
        for (const QJsonValue &cvv : componentVariables) {
            const QJsonObject cv = cvv.toObject();
            const QJsonObject c = cv.value(QLatin1String("component")).toObject();
            if (c.value(QLatin1String("name")).toString() != v.component)
                continue;
            if (c.contains(QLatin1String("instance")) && c.value(QLatin1String("instance")).toString() != v.componentInstance)
                continue;
            if (c.contains(QLatin1String("evse"))) {
                const QJsonObject evse = c.value(QLatin1String("evse")).toObject();
                if (evse.value(QLatin1String("id")).toInt() != v.evseId)
                    continue;
                if (evse.contains(QLatin1String("connectorId")) && evse.value(QLatin1String("connectorId")).toInt() != v.connectorId)
                    continue;
            }
            if (cv.contains(QLatin1String("variable"))) {
                const QJsonObject var = cv.value(QLatin1String("variable")).toObject();
                if (var.value(QLatin1String("name")).toString() != v.variable)
                    continue;
                if (var.contains(QLatin1String("instance")) && var.value(QLatin1String("instance")).toString() != v.variableInstance)
                    continue;
            }
            return true;
        }
        return false;
    };
    // A component meets a criterion when its variable of that name (Active, Available, Enabled,
    // Problem) is true.
    auto meetsCriteria = [&](const DeviceVariable &v) {
        if (criteria.isEmpty())
            return true;
        for (const QJsonValue &cr : criteria) {
            for (const DeviceVariable &w : m_variables) {
                if (w.component == v.component && w.componentInstance == v.componentInstance && w.evseId == v.evseId
                    && w.connectorId == v.connectorId && w.variable == cr.toString() && w.variableInstance.isEmpty()
                    && actualValue(w) == QLatin1String("true"))
                    return true;
            }
        }
        return false;
    };
    QList<QJsonObject> out;
    for (const DeviceVariable &v : m_variables)
        if (selected(v) && meetsCriteria(v))
            out << reportData(v);
    return out;
}

const DeviceVariable *DeviceModel::stationVariable(const QString &component, const QString &variable, const QString &instance) const
{
    for (const DeviceVariable &v : m_variables)
        if (v.evseId == 0 && v.component == component && v.variable == variable && v.variableInstance == instance)
            return &v;
    return nullptr;
}

DeviceVariable *DeviceModel::stationVariable(const QString &component, const QString &variable, const QString &instance)
{
    return const_cast<DeviceVariable *>(std::as_const(*this).stationVariable(component, variable, instance));
}

QString DeviceModel::value(const QString &component, const QString &variable, const QString &variableInstance) const
{
    const DeviceVariable *v = stationVariable(component, variable, variableInstance);
    return v ? actualValue(*v) : QString();
}

int DeviceModel::intValue(const QString &component, const QString &variable, int fallback, const QString &variableInstance) const
{
    bool ok = false;
    const int n = value(component, variable, variableInstance).toInt(&ok);
    return ok ? n : fallback;
}

bool DeviceModel::boolValue(const QString &component, const QString &variable, bool fallback) const
{
    const QString v = value(component, variable);
    return v.isEmpty() ? fallback : v == QLatin1String("true");
}

void DeviceModel::setValue(const QString &component, const QString &variable, const QString &value, const QString &variableInstance)
{
    if (DeviceVariable *v = stationVariable(component, variable, variableInstance))
        if (DeviceVariable::Attribute *a = v->attribute(kActual))
            a->value = value;
}

} // namespace cb::sim
