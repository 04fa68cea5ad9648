#include "configurationkeys.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace cb::sim {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::sim::ConfigurationKeys)
};

// OCPP 1.6 GetConfiguration.conf limits value to 500 characters.
constexpr int kMaxValueLength = 500;

} // namespace

Result<ConfigurationKeys> ConfigurationKeys::standard(const Placeholders &placeholders)
{
    QFile f(QStringLiteral(":/simulator/configurationkeys16.json"));
    if (!f.open(QIODevice::ReadOnly))
        return Error{Text::tr("The configuration key resource is missing from this build."), Text::tr("Rebuild chargebench_simulator.")};
    return fromJson(f.readAll(), placeholders);
}

Result<ConfigurationKeys> ConfigurationKeys::fromJson(const QByteArray &json, const Placeholders &placeholders)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (doc.isNull())
        return Error{Text::tr("The configuration key data is not valid JSON: %1.").arg(pe.errorString()), {}};
    ConfigurationKeys keys;
    for (const QJsonValue &kv : doc.object().value(QLatin1String("keys")).toArray()) {
        const QJsonObject o = kv.toObject();
        ConfigurationKey k;
        k.key = o.value(QLatin1String("key")).toString();
        k.value = placeholders.expand(o.value(QLatin1String("value")).toString());
        k.readonly = o.value(QLatin1String("readonly")).toBool();
        k.writeOnly = o.value(QLatin1String("writeOnly")).toBool();
        k.rebootRequired = o.value(QLatin1String("rebootRequired")).toBool();
        k.live = o.value(QLatin1String("live")).toString();
        k.maxItemsKey = o.value(QLatin1String("maxItemsKey")).toString();
        k.rules.dataType = o.value(QLatin1String("type")).toString(QStringLiteral("string"));
        if (o.contains(QLatin1String("min")))
            k.rules.minLimit = o.value(QLatin1String("min")).toDouble();
        if (o.contains(QLatin1String("max")))
            k.rules.maxLimit = o.value(QLatin1String("max")).toDouble();
        if (o.contains(QLatin1String("minLength")))
            k.rules.minLimit = o.value(QLatin1String("minLength")).toDouble();
        if (o.contains(QLatin1String("maxLength")))
            k.rules.maxLimit = o.value(QLatin1String("maxLength")).toDouble();
        const QString values = placeholders.expand(o.value(QLatin1String("values")).toString());
        if (!values.isEmpty())
            k.rules.valuesList = values.split(QLatin1Char(','));
        if (k.key.isEmpty() || k.key.size() > 50)
            return Error{Text::tr("The configuration key data has a key without a valid name."), {}};
        keys.m_keys.push_back(std::move(k));
    }
    return keys;
}

const ConfigurationKey *ConfigurationKeys::find(const QString &key) const
{
    for (const ConfigurationKey &k : m_keys)
        if (k.key == key)
            return &k;
    return nullptr;
}

QString ConfigurationKeys::currentValue(const ConfigurationKey &k) const
{
    if (!k.live.isEmpty() && m_live)
        return m_live(k);
    return k.value;
}

Result<QJsonObject> ConfigurationKeys::getConfiguration(const QJsonObject &request) const
{
    const QJsonArray asked = request.value(QLatin1String("key")).toArray();
    const int maxKeys = intValue(QStringLiteral("GetConfigurationMaxKeys"), 50);
    if (asked.size() > maxKeys)
        return Error{Text::tr("%1 keys requested; GetConfigurationMaxKeys is %2.").arg(asked.size()).arg(maxKeys), {}};
    auto entry = [this](const ConfigurationKey &k) {
        QJsonObject o{{QStringLiteral("key"), k.key}, {QStringLiteral("readonly"), k.readonly}};
        // The AuthorizationKey is write-only: its content is never disclosed (A01.FR.12).
        if (!k.writeOnly)
            o.insert(QStringLiteral("value"), currentValue(k).left(kMaxValueLength));
        return o;
    };
    QJsonArray known;
    QJsonArray unknown;
    if (asked.isEmpty()) {
        for (const ConfigurationKey &k : m_keys)
            if (!k.writeOnly)
                known.append(entry(k));
    } else {
        for (const QJsonValue &a : asked) {
            if (const ConfigurationKey *k = find(a.toString()))
                known.append(entry(*k));
            else
                unknown.append(a.toString());
        }
    }
    QJsonObject reply;
    if (!known.isEmpty())
        reply.insert(QStringLiteral("configurationKey"), known);
    if (!unknown.isEmpty())
        reply.insert(QStringLiteral("unknownKey"), unknown);
    return reply;
}

ConfigurationKeys::ChangeOutcome ConfigurationKeys::change(const QString &key, const QString &value)
{
    ChangeOutcome out;
    ConfigurationKey *k = nullptr;
    for (ConfigurationKey &c : m_keys)
        if (c.key == key)
            k = &c;
    if (!k) {
        out.status = QStringLiteral("NotSupported");
        out.why = Text::tr("%1 is not a configuration key of this charge point.").arg(key);
        return out;
    }
    if (k->readonly || !k->live.isEmpty()) {
        out.status = QStringLiteral("Rejected");
        out.why = Text::tr("%1 is read-only.").arg(key);
        return out;
    }
    ValueRules rules = k->rules;
    if (!k->maxItemsKey.isEmpty())
        rules.maxItems = intValue(k->maxItemsKey, 100);
    // 1.6 central systems spell booleans "true", "True" or "TRUE".
    const QString given = rules.dataType == QLatin1String("boolean") ? value.toLower() : value;
    if (const auto problem = rules.check(given)) {
        out.status = QStringLiteral("Rejected");
        out.why = problem->text;
        return out;
    }
    k->value = given;
    out.changed = k;
    out.status = k->rebootRequired ? QStringLiteral("RebootRequired") : QStringLiteral("Accepted");
    return out;
}

QString ConfigurationKeys::value(const QString &key) const
{
    const ConfigurationKey *k = find(key);
    return k ? currentValue(*k) : QString();
}

int ConfigurationKeys::intValue(const QString &key, int fallback) const
{
    bool ok = false;
    const int n = value(key).toInt(&ok);
    return ok ? n : fallback;
}

bool ConfigurationKeys::boolValue(const QString &key, bool fallback) const
{
    const QString v = value(key);
    return v.isEmpty() ? fallback : v.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0;
}

void ConfigurationKeys::setValue(const QString &key, const QString &value)
{
    for (ConfigurationKey &k : m_keys)
        if (k.key == key)
            k.value = value;
}

} // namespace cb::sim
