#include "schemaformrows.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>
#include <QStringList>

#include <algorithm>

namespace cb::schemaform {

namespace {

// The texts are the model's: translated under its context.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::SchemaFormModel)
};

using EditorKind = SchemaFormModel::EditorKind;

constexpr int kMaxDefaultDepth = 16;

// The OCA descriptions carry data-dictionary lines ("Charging_ Profile. Charging_ Profile_ Kind")
// and URNs meant for tooling; a tooltip wants the sentence for people.
QString cleanDescription(QString d)
{
    d.replace(QLatin1String("&gt;"), QLatin1String(">"));
    d.replace(QLatin1String("&lt;"), QLatin1String("<"));
    d.replace(QLatin1String("&quot;"), QLatin1String("\""));
    d.replace(QLatin1String("&amp;"), QLatin1String("&"));
    QStringList kept;
    for (QString line : d.split(QRegularExpression(QStringLiteral("[\\r\\n]+")), Qt::SkipEmptyParts)) {
        line = line.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1String("urn:")) || line.contains(QLatin1String("_ ")))
            continue;
        kept << line;
    }
    return kept.join(QLatin1Char(' '));
}

QString refName(const QJsonObject &raw)
{
    const QString ref = raw.value(QLatin1String("$ref")).toString();
    return ref.isEmpty() ? QString() : ref.section(QLatin1Char('/'), -1);
}

QString number(double d) { return QString::number(d, 'g', 15); }

// Properties in the order a person fills them in: required ones as the schema lists them, then
// the optional ones by name, the vendor extension hook (customData) last.
QStringList propertyOrder(const QJsonObject &node)
{
    const QJsonObject props = node.value(QLatin1String("properties")).toObject();
    QStringList out;
    for (const QJsonValue &r : node.value(QLatin1String("required")).toArray())
        if (props.contains(r.toString()) && !out.contains(r.toString()))
            out << r.toString();
    QStringList optional;
    for (auto it = props.begin(); it != props.end(); ++it)
        if (!out.contains(it.key()) && it.key() != QLatin1String("customData"))
            optional << it.key();
    optional.sort(Qt::CaseInsensitive);
    out << optional;
    if (props.contains(QLatin1String("customData")) && !out.contains(QLatin1String("customData")))
        out << QStringLiteral("customData");
    return out;
}

} // namespace

QJsonValue defaultValue(const QJsonObject &root, const QJsonObject &raw)
{
    struct Maker
    {
        const QJsonObject &root;
        QJsonValue make(const QJsonObject &r, int depth) const
        {
            const QJsonObject node = schemanode::resolve(root, r);
            const QJsonArray enumValues = node.value(QLatin1String("enum")).toArray();
            if (!enumValues.isEmpty())
                return enumValues.first();
            const QString type = schemanode::typeOf(node);
            if (type == QLatin1String("object")) {
                QJsonObject o;
                if (depth < kMaxDefaultDepth) {
                    const QJsonObject props = node.value(QLatin1String("properties")).toObject();
                    for (const QJsonValue &req : node.value(QLatin1String("required")).toArray())
                        if (props.contains(req.toString()))
                            o.insert(req.toString(), make(props.value(req.toString()).toObject(), depth + 1));
                }
                return o;
            }
            if (type == QLatin1String("array")) {
                QJsonArray a;
                const int n = depth < kMaxDefaultDepth ? node.value(QLatin1String("minItems")).toInt(0) : 0;
                for (int i = 0; i < n; ++i)
                    a.append(make(node.value(QLatin1String("items")).toObject(), depth + 1));
                return a;
            }
            if (type == QLatin1String("string")) {
                if (node.value(QLatin1String("format")).toString() == QLatin1String("date-time"))
                    return QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
                return QString();
            }
            if (type == QLatin1String("integer") || type == QLatin1String("number")) {
                if (node.contains(QLatin1String("minimum")))
                    return node.value(QLatin1String("minimum")).toDouble();
                if (node.contains(QLatin1String("maximum")) && node.value(QLatin1String("maximum")).toDouble() < 0)
                    return node.value(QLatin1String("maximum")).toDouble();
                return 0;
            }
            if (type == QLatin1String("boolean"))
                return false;
            return QString(); // untyped: any JSON; a string is the least surprising start
        }
    };
    return Maker{root}.make(raw, 0);
}

std::unique_ptr<Node> makeNode(const QJsonObject &root, Node *parent, const QString &name, const QJsonObject &raw,
                               const QJsonValue &value, bool present, bool inSchema)
{
    auto n = std::make_unique<Node>();
    n->parent = parent;
    n->name = name;
    n->inSchema = inSchema;
    n->schema = schemanode::resolve(root, raw);
    n->description = cleanDescription(raw.value(QLatin1String("description")).toString());
    if (n->description.isEmpty())
        n->description = cleanDescription(n->schema.value(QLatin1String("description")).toString());
    n->typeLabel = typeLabel(raw, n->schema, inSchema);
    n->present = present;
    if (present) {
        n->value = value; // containers move it into their children (childrenFor)
        n->shape = shapeFor(n.get(), value);
    }
    return n;
}

Shape shapeFor(const Node *node, const QJsonValue &value)
{
    const QString type = node->schemaType();
    if (value.isObject() && (type == QLatin1String("object") || node->parent == nullptr))
        return Shape::Object;
    if (value.isArray() && type == QLatin1String("array"))
        return Shape::Array;
    return Shape::Leaf; // scalars, untyped values and values of the wrong type
}

// Type column: the definition name where the schema has one, else the type and its limits.
QString typeLabel(const QJsonObject &raw, const QJsonObject &s, bool inSchema)
{
    const QString ref = refName(raw);
    const QString type = schemanode::typeOf(s);
    if (!inSchema)
        return Text::tr("not in schema");
    if (s.contains(QLatin1String("enum")))
        return ref.isEmpty() ? Text::tr("enum") : ref;
    if (type == QLatin1String("object"))
        return ref.isEmpty() ? Text::tr("object") : ref;
    if (type == QLatin1String("array")) {
        const QString itemRef = refName(s.value(QLatin1String("items")).toObject());
        QString label = itemRef.isEmpty() ? Text::tr("array") : Text::tr("array of %1").arg(itemRef);
        if (s.contains(QLatin1String("minItems")) || s.contains(QLatin1String("maxItems")))
            label += QStringLiteral(" [%1..%2]")
                         .arg(s.value(QLatin1String("minItems")).toInt(0))
                         .arg(s.contains(QLatin1String("maxItems")) ? QString::number(s.value(QLatin1String("maxItems")).toInt())
                                                                    : QString());
        return label;
    }
    if (type == QLatin1String("string")) {
        if (s.value(QLatin1String("format")).toString() == QLatin1String("date-time"))
            return Text::tr("date-time (UTC)");
        if (s.contains(QLatin1String("maxLength")))
            return Text::tr("string \u2264 %1").arg(s.value(QLatin1String("maxLength")).toInt());
        return Text::tr("string");
    }
    if (type == QLatin1String("integer") || type == QLatin1String("number")) {
        const bool hasMin = s.contains(QLatin1String("minimum"));
        const bool hasMax = s.contains(QLatin1String("maximum"));
        const QString min = number(s.value(QLatin1String("minimum")).toDouble());
        const QString max = number(s.value(QLatin1String("maximum")).toDouble());
        if (hasMin && hasMax)
            return type + QStringLiteral(" %1..%2").arg(min, max);
        if (hasMin)
            return type + QStringLiteral(" \u2265 %1").arg(min);
        if (hasMax)
            return type + QStringLiteral(" \u2264 %1").arg(max);
        return type;
    }
    return type.isEmpty() ? Text::tr("any JSON") : type;
}

std::vector<std::unique_ptr<Node>> childrenFor(const QJsonObject &root, Node *node)
{
    std::vector<std::unique_ptr<Node>> out;
    if (node->shape == Shape::Object) {
        const QJsonObject o = node->value.toObject();
        const QJsonObject props = node->schema.value(QLatin1String("properties")).toObject();
        for (const QString &name : propertyOrder(node->schema)) {
            auto child = makeNode(root, node, name, props.value(name).toObject(), o.value(name), o.contains(name), true);
            child->required = schemanode::isRequired(node->schema, name);
            out.push_back(std::move(child));
        }
        for (auto it = o.begin(); it != o.end(); ++it) // what the schema does not know stays, visibly
            if (!props.contains(it.key()))
                out.push_back(makeNode(root, node, it.key(), {}, it.value(), true, false));
    } else if (node->shape == Shape::Array) {
        const QJsonArray a = node->value.toArray();
        const QJsonObject items = node->schema.value(QLatin1String("items")).toObject();
        for (const QJsonValue &v : a) {
            auto child = makeNode(root, node, QString(), items, v, true, true);
            child->arrayItem = true;
            out.push_back(std::move(child));
        }
    }
    // Containers keep their content in their children only.
    if (node->shape != Shape::Leaf)
        node->value = QJsonValue();
    for (auto &c : out)
        c->children = childrenFor(root, c.get());
    return out;
}

QJsonValue valueOf(const Node *node)
{
    switch (node->shape) {
    case Shape::Object: {
        QJsonObject o;
        for (const auto &c : node->children)
            if (c->present)
                o.insert(c->name, valueOf(c.get()));
        return o;
    }
    case Shape::Array: {
        QJsonArray a;
        for (const auto &c : node->children)
            a.append(valueOf(c.get()));
        return a;
    }
    case Shape::Leaf: break;
    }
    return node->value;
}

EditorKind editorKind(const Node *node)
{
    if (node->shape != Shape::Leaf)
        return EditorKind::None;
    const QJsonObject &s = node->schema;
    const QString type = node->schemaType();
    const QJsonValue &v = node->value;
    const bool absent = !node->present;
    if (!node->inSchema)
        return EditorKind::Json;
    // A present value of the wrong type is edited as JSON text, so it can be seen and fixed.
    auto fits = [&](bool ok) { return absent || ok; };
    if (s.contains(QLatin1String("enum")))
        return fits(v.isString()) ? EditorKind::Enum : EditorKind::Json;
    if (type == QLatin1String("string")) {
        if (!fits(v.isString()))
            return EditorKind::Json;
        return s.value(QLatin1String("format")).toString() == QLatin1String("date-time") ? EditorKind::DateTime
                                                                                           : EditorKind::Text;
    }
    if (type == QLatin1String("integer"))
        return fits(v.isDouble() && v.toDouble() == double(qint64(v.toDouble()))) ? EditorKind::Integer : EditorKind::Json;
    if (type == QLatin1String("number"))
        return fits(v.isDouble()) ? EditorKind::Number : EditorKind::Json;
    if (type == QLatin1String("boolean"))
        return fits(v.isBool()) ? EditorKind::Boolean : EditorKind::Json;
    if (type == QLatin1String("object") || type == QLatin1String("array"))
        return absent ? EditorKind::None : EditorKind::Json; // absent containers are included, not typed
    return EditorKind::Json;
}

QString pointerOf(const Node *node)
{
    QStringList segments;
    for (const Node *n = node; n && n->parent; n = n->parent)
        segments.prepend(n->arrayItem ? QString::number(n->row()) : n->name);
    return schemanode::pointer(segments);
}

QString valueText(const Node *node)
{
    if (!node->present)
        return node->required ? Text::tr("missing") : Text::tr("not set");
    switch (node->shape) {
    case Shape::Object: {
        const auto set = std::count_if(node->children.begin(), node->children.end(), [](const auto &c) { return c->present; });
        return Text::tr("{ %1 of %2 fields set }").arg(set).arg(node->children.size());
    }
    case Shape::Array: return Text::tr("[ items: %1 ]").arg(node->children.size());
    case Shape::Leaf: break;
    }
    switch (editorKind(node)) {
    case EditorKind::Text:
    case EditorKind::Enum:
    case EditorKind::DateTime: return node->value.toString();
    case EditorKind::Integer: return QString::number(qint64(node->value.toDouble()));
    case EditorKind::Number: return number(node->value.toDouble());
    case EditorKind::Boolean: return node->value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case EditorKind::Json:
    case EditorKind::None: break;
    }
    return SchemaFormModel::jsonText(node->value);
}

} // namespace cb::schemaform
