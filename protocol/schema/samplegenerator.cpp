#include "samplegenerator.h"

#include "schemanode.h"

#include <QJsonArray>

#include <algorithm>
#include <functional>
#include <optional>

namespace cb {

namespace {

constexpr int kMaxDepth = 8;

QJsonValue sample(const QJsonObject &root, const QJsonObject &raw, const SampleGenerator::Options &opt, int depth)
{
    const SampleGenerator::Fill fill = opt.fill;
    const QJsonObject node = schemanode::resolve(root, raw);
    const QJsonArray enumValues = node.value(QLatin1String("enum")).toArray();
    if (!enumValues.isEmpty()) {
        for (const QString &preferred : opt.preferredEnumValues)
            if (enumValues.contains(preferred))
                return preferred;
        return enumValues.first();
    }
    const QString type = schemanode::typeOf(node);
    if (type == QLatin1String("object")) {
        QJsonObject o;
        const QJsonObject props = node.value(QLatin1String("properties")).toObject();
        for (auto it = props.begin(); it != props.end(); ++it) {
            const bool required = schemanode::isRequired(node, it.key());
            // customData is the vendor extension hook of 2.x; a sample has no use for it.
            const bool wanted = required
                || (fill == SampleGenerator::Fill::Full && depth < kMaxDepth && it.key() != QLatin1String("customData"));
            if (wanted)
                o.insert(it.key(), sample(root, it.value().toObject(), opt, depth + 1));
        }
        return o;
    }
    if (type == QLatin1String("array")) {
        int n = node.value(QLatin1String("minItems")).toInt(0);
        if (fill == SampleGenerator::Fill::Full && depth < kMaxDepth)
            n = std::max(n, 1);
        QJsonArray a;
        const QJsonObject items = node.value(QLatin1String("items")).toObject();
        for (int i = 0; i < n; ++i)
            a.append(sample(root, items, opt, depth + 1));
        return a;
    }
    if (type == QLatin1String("string")) {
        const QString format = node.value(QLatin1String("format")).toString();
        if (format == QLatin1String("date-time"))
            return opt.dateTime;
        if (format == QLatin1String("uri"))
            return QStringLiteral("http://localhost/");
        return QStringLiteral("x");
    }
    if (type == QLatin1String("integer") || type == QLatin1String("number")) {
        if (node.contains(QLatin1String("minimum")))
            return node.value(QLatin1String("minimum")).toDouble();
        if (node.contains(QLatin1String("maximum")) && node.value(QLatin1String("maximum")).toDouble() < 0)
            return node.value(QLatin1String("maximum")).toDouble();
        return 0; // 0 is a multiple of every multipleOf
    }
    if (type == QLatin1String("boolean"))
        return false;
    return QJsonValue();
}

// Replaces (or with an undefined value removes) the value at `segments`.
QJsonValue withChange(const QJsonValue &v, const QStringList &segments, int i, const std::optional<QJsonValue> &newValue)
{
    if (i == segments.size())
        return newValue.value_or(QJsonValue());
    const QString &s = segments.at(i);
    if (v.isArray()) {
        QJsonArray a = v.toArray();
        const int idx = s.toInt();
        a[idx] = withChange(a.at(idx), segments, i + 1, newValue);
        return a;
    }
    QJsonObject o = v.toObject();
    if (i + 1 == segments.size() && !newValue)
        o.remove(s);
    else
        o.insert(s, withChange(o.value(s), segments, i + 1, newValue));
    return o;
}

struct Site
{
    QStringList path;
    QJsonObject node;     // resolved subschema of the value at path
    QJsonObject parent;   // resolved subschema of the enclosing object (empty for array items)
    QString name;
};

// Every value in the sample, visited breadth-first so that the shallowest site of a kind is
// found first.
QList<Site> sites(const QJsonObject &root, const QJsonValue &sampleValue)
{
    QList<Site> out;
    struct Item
    {
        QStringList path;
        QJsonValue value;
        QJsonObject node;
    };
    QList<Item> queue{{{}, sampleValue, schemanode::resolve(root, root)}};
    while (!queue.isEmpty()) {
        const Item it = queue.takeFirst();
        if (it.value.isObject()) {
            const QJsonObject o = it.value.toObject();
            for (auto m = o.begin(); m != o.end(); ++m) {
                const QJsonObject child = schemanode::property(root, it.node, m.key());
                out.append(Site{it.path + QStringList{m.key()}, child, it.node, m.key()});
                queue.append(Item{it.path + QStringList{m.key()}, m.value(), child});
            }
        } else if (it.value.isArray()) {
            const QJsonArray a = it.value.toArray();
            const QJsonObject child = schemanode::items(root, it.node);
            for (int i = 0; i < a.size(); ++i)
                queue.append(Item{it.path + QStringList{QString::number(i)}, a.at(i), child});
        }
    }
    return out;
}

} // namespace

QJsonObject SampleGenerator::generate(const QJsonObject &schema, Fill fill)
{
    Options o;
    o.fill = fill;
    return generate(schema, o);
}

QJsonObject SampleGenerator::generate(const QJsonObject &schema, const Options &options)
{
    return sample(schema, schema, options, 0).toObject();
}

QString SampleGenerator::kindName(Mutation::Kind k)
{
    switch (k) {
    case Mutation::Kind::WrongType: return QStringLiteral("wrong type");
    case Mutation::Kind::MissingRequired: return QStringLiteral("missing required field");
    case Mutation::Kind::EnumOutOfRange: return QStringLiteral("enum value outside the list");
    case Mutation::Kind::TooLong: return QStringLiteral("string over maxLength");
    case Mutation::Kind::UnknownProperty: return QStringLiteral("unknown property");
    }
    return {};
}

QList<SampleGenerator::Mutation> SampleGenerator::mutations(const QJsonObject &schema)
{
    using K = Mutation::Kind;
    const QJsonObject full = generate(schema, Fill::Full);
    const QList<Site> all = sites(schema, full);
    QList<Mutation> out;
    auto add = [&](K kind, const Site &s, const std::optional<QJsonValue> &value, RpcErrorCode code) {
        out.append(Mutation{kind, schemanode::pointer(s.path),
                            withChange(full, s.path, 0, value).toObject(), code});
    };
    auto first = [&](const std::function<bool(const Site &)> &pred) -> const Site * {
        const auto it = std::find_if(all.begin(), all.end(), pred);
        return it == all.end() ? nullptr : &*it;
    };

    if (const Site *s = first([](const Site &s) { return !schemanode::typeOf(s.node).isEmpty(); })) {
        const bool isString = schemanode::typeOf(s->node) == QLatin1String("string");
        add(K::WrongType, *s, isString ? QJsonValue(12345) : QJsonValue(QStringLiteral("not-a-") + schemanode::typeOf(s->node)),
            RpcErrorCode::TypeConstraintViolation);
    }
    if (const Site *s = first([](const Site &s) { return !s.parent.isEmpty() && schemanode::isRequired(s.parent, s.name); }))
        add(K::MissingRequired, *s, std::nullopt, RpcErrorCode::OccurrenceConstraintViolation);
    if (const Site *s = first([](const Site &s) { return s.node.contains(QLatin1String("enum")); }))
        add(K::EnumOutOfRange, *s, QJsonValue(QStringLiteral("NotInTheEnum")), RpcErrorCode::PropertyConstraintViolation);
    if (const Site *s = first([](const Site &s) { return s.node.contains(QLatin1String("maxLength")); })) {
        const int max = s->node.value(QLatin1String("maxLength")).toInt();
        add(K::TooLong, *s, QJsonValue(QString(max + 1, QLatin1Char('x'))), RpcErrorCode::PropertyConstraintViolation);
    }
    if (schema.value(QLatin1String("additionalProperties")) == QJsonValue(false)) {
        QJsonObject extra = full;
        extra.insert(QStringLiteral("chargebenchUnknownField"), 1);
        out.append(Mutation{K::UnknownProperty, QStringLiteral("/chargebenchUnknownField"), extra, RpcErrorCode::FormatViolation});
    }
    return out;
}

} // namespace cb
