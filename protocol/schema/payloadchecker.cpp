#include "payloadchecker.h"

#include "datetime.h"

#include <QJsonArray>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <limits>

namespace cb {

namespace {

// Keywords that carry no constraint (annotations of the OCA schemas and the usual metadata).
bool isAnnotation(const QString &key)
{
    static const QSet<QString> keys{QStringLiteral("description"), QStringLiteral("javaType"), QStringLiteral("$schema"),
                                    QStringLiteral("$id"), QStringLiteral("id"), QStringLiteral("comment"),
                                    QStringLiteral("$comment"), QStringLiteral("default"), QStringLiteral("title"),
                                    QStringLiteral("tsEnumNames"), QStringLiteral("examples")};
    return keys.contains(key);
}

bool nonNegativeInteger(const QJsonValue &v, qint64 &out)
{
    if (!v.isDouble())
        return false;
    const double d = v.toDouble();
    if (d < 0 || d != std::floor(d) || d > 1e15)
        return false;
    out = qint64(d);
    return true;
}

// Code points as valijson counts them (utils::u8_strlen over the UTF-8 copy): a surrogate pair is
// one, and counting stops at an embedded NUL because valijson measures a C string.
qint64 codePoints(const QString &s)
{
    qint64 n = 0;
    const QChar *p = s.constData();
    const qsizetype size = s.size();
    for (qsizetype i = 0; i < size; ++i) {
        const char16_t c = p[i].unicode();
        if (c == 0)
            break;
        if (QChar::isLowSurrogate(c) && i > 0 && QChar::isHighSurrogate(p[i - 1].unicode()))
            continue;
        ++n;
    }
    return n;
}

// The order of PayloadChecker::Node::enumValues.
bool enumLess(const QString &a, const QString &b)
{
    if (a.size() != b.size())
        return a.size() < b.size();
    return a < b;
}

} // namespace

// Builds the node table. Any form the checker does not implement makes compile() give up, so
// that schema is always left to valijson.
class PayloadChecker::Compiler
{
public:
    explicit Compiler(const QJsonObject &root) : m_root(root)
    {
        m_definitions = root.value(QLatin1String("definitions")).toObject();
    }

    bool run(std::vector<Node> &nodes)
    {
        m_nodes.emplace_back(); // the root's slot
        if (!fill(0, m_root, true))
            return false;
        nodes = std::move(m_nodes);
        return true;
    }

private:
    // Index of the node for a subschema, following $ref to a shared definition node.
    int nodeFor(const QJsonValue &v)
    {
        if (!v.isObject())
            return -1;
        const QJsonObject o = v.toObject();
        if (o.contains(QLatin1String("$ref"))) {
            for (auto it = o.constBegin(); it != o.constEnd(); ++it)
                if (it.key() != QLatin1String("$ref") && !isAnnotation(it.key()))
                    return -1; // siblings of $ref: not a form the OCA schemas use
            const QString ref = o.value(QLatin1String("$ref")).toString();
            if (!ref.startsWith(QLatin1String("#/definitions/")))
                return -1;
            const QString name = ref.mid(14);
            if (const auto known = m_definitionNodes.constFind(name); known != m_definitionNodes.cend())
                return *known;
            if (!m_definitions.contains(name))
                return -1;
            const int index = int(m_nodes.size());
            m_nodes.emplace_back();
            m_definitionNodes.insert(name, index); // before filling it: definitions may refer to themselves
            return fill(index, m_definitions.value(name).toObject(), false) ? index : -1;
        }
        const int index = int(m_nodes.size());
        m_nodes.emplace_back();
        return fill(index, o, false) ? index : -1;
    }

    bool fill(int index, const QJsonObject &o, bool isRoot)
    {
        Node n;
        QString format;
        for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
            const QString key = it.key();
            const QJsonValue v = it.value();
            if (isAnnotation(key)) {
                continue;
            } else if (key == QLatin1String("definitions")) {
                if (!isRoot)
                    return false;
            } else if (key == QLatin1String("$ref")) {
                return false; // handled by nodeFor(); a $ref at the root is not an OCA form
            } else if (key == QLatin1String("type")) {
                const QString t = v.toString();
                if (t == QLatin1String("object"))
                    n.type = Type::Object;
                else if (t == QLatin1String("array"))
                    n.type = Type::Array;
                else if (t == QLatin1String("string"))
                    n.type = Type::String;
                else if (t == QLatin1String("integer"))
                    n.type = Type::Integer;
                else if (t == QLatin1String("number"))
                    n.type = Type::Number;
                else if (t == QLatin1String("boolean"))
                    n.type = Type::Boolean;
                else if (t == QLatin1String("null"))
                    n.type = Type::Null;
                else
                    return false; // a list of types, or a name draft 7 does not know
            } else if (key == QLatin1String("properties")) {
                if (!v.isObject())
                    return false;
                const QJsonObject props = v.toObject();
                for (auto p = props.constBegin(); p != props.constEnd(); ++p) {
                    const int child = nodeFor(p.value());
                    if (child < 0)
                        return false;
                    n.properties.push_back(Property{p.key(), child, false});
                }
            } else if (key == QLatin1String("required")) {
                if (!v.isArray())
                    return false;
                for (const QJsonValue &r : v.toArray()) {
                    if (!r.isString())
                        return false;
                    n.requiredElsewhere << r.toString(); // sorted out below, once properties are known
                }
            } else if (key == QLatin1String("additionalProperties")) {
                if (!v.isBool())
                    return false; // a schema for additional properties: not an OCA form
                n.closed = !v.toBool();
            } else if (key == QLatin1String("enum")) {
                if (!v.isArray())
                    return false;
                for (const QJsonValue &e : v.toArray()) {
                    if (!e.isString())
                        return false;
                    n.enumValues.push_back(e.toString());
                }
                std::sort(n.enumValues.begin(), n.enumValues.end(), enumLess);
                n.enumValues.erase(std::unique(n.enumValues.begin(), n.enumValues.end()), n.enumValues.end());
                n.hasEnum = true;
            } else if (key == QLatin1String("maxLength")) {
                if (!nonNegativeInteger(v, n.maxLength))
                    return false;
            } else if (key == QLatin1String("minLength")) {
                if (!nonNegativeInteger(v, n.minLength))
                    return false;
            } else if (key == QLatin1String("minItems")) {
                if (!nonNegativeInteger(v, n.minItems))
                    return false;
            } else if (key == QLatin1String("maxItems")) {
                if (!nonNegativeInteger(v, n.maxItems))
                    return false;
            } else if (key == QLatin1String("minimum")) {
                if (!v.isDouble())
                    return false;
                n.minimum = v.toDouble();
            } else if (key == QLatin1String("maximum")) {
                if (!v.isDouble())
                    return false;
                n.maximum = v.toDouble();
            } else if (key == QLatin1String("multipleOf")) {
                // valijson treats an integral divisor differently (integer arithmetic); the OCA
                // schemas only use 0.1.
                if (!v.isDouble() || v.toDouble() <= 0 || v.toDouble() == std::floor(v.toDouble()))
                    return false;
                n.multipleOf = v.toDouble();
            } else if (key == QLatin1String("items")) {
                if (!v.isObject())
                    return false; // a tuple of item schemas
                n.items = nodeFor(v);
                if (n.items < 0)
                    return false;
            } else if (key == QLatin1String("additionalItems")) {
                if (!o.value(QLatin1String("items")).isObject())
                    return false; // ignored by valijson only next to a single items schema
            } else if (key == QLatin1String("format")) {
                format = v.toString();
            } else {
                return false;
            }
        }
        if (!format.isNull()) {
            // valijson reads the value as a string for any format, so only typed strings are safe.
            if (n.type != Type::String)
                return false;
            if (format == QLatin1String("date-time"))
                n.dateTime = true;
            else if (format != QLatin1String("uri"))
                return false; // valijson checks "date" and "time" with its own rules
        }
        QStringList required;
        std::swap(required, n.requiredElsewhere);
        for (const QString &r : required) {
            bool listed = false;
            for (Property &p : n.properties) {
                if (p.name == r) {
                    p.required = listed = true;
                    break;
                }
            }
            if (!listed && !n.requiredElsewhere.contains(r))
                n.requiredElsewhere << r;
        }
        // Required properties first: once every key of a payload is matched, checkObject() can stop
        // before looking up the optional ones that are absent.
        std::stable_partition(n.properties.begin(), n.properties.end(), [](const Property &p) { return p.required; });
        m_nodes[size_t(index)] = std::move(n);
        return true;
    }

    const QJsonObject m_root;
    QJsonObject m_definitions;
    QHash<QString, int> m_definitionNodes;
    std::vector<Node> m_nodes;
};

std::optional<PayloadChecker> PayloadChecker::compile(const QJsonObject &schema)
{
    PayloadChecker c;
    if (!Compiler(schema).run(c.m_nodes))
        return std::nullopt;
    return c;
}

bool PayloadChecker::accepts(const QJsonObject &payload) const
{
    const Node &root = m_nodes.front();
    if (root.type != Type::Object && root.type != Type::Any)
        return false; // a payload is always an object; let valijson say so
    if (root.hasEnum || root.minimum || root.maximum || root.multipleOf)
        return check(0, QJsonValue(payload));
    return checkObject(root, payload);
}

bool PayloadChecker::enumContains(const std::vector<QString> &values, const QString &s)
{
    const auto it = std::lower_bound(values.begin(), values.end(), s, enumLess);
    return it != values.end() && it->size() == s.size() && *it == s;
}

template<typename Value>
bool PayloadChecker::check(int index, const Value &value) const
{
    const Node &n = m_nodes[size_t(index)];
    const QJsonValue::Type type = value.type(); // one call: on a reference each is*() asks again
    switch (n.type) {
    case Type::Any: break;
    case Type::Object:
        if (type != QJsonValue::Object)
            return false;
        break;
    case Type::Array:
        if (type != QJsonValue::Array)
            return false;
        break;
    case Type::String:
        if (type != QJsonValue::String)
            return false;
        break;
    case Type::Integer: {
        // valijson's QtJsonAdapter: an integer is a number that converts to int exactly.
        if (type != QJsonValue::Double)
            return false;
        const QJsonValue number(value); // a number: no string or container to copy
        if (number.toInt(0) != number.toInt(1))
            return false;
        break;
    }
    case Type::Number:
        if (type != QJsonValue::Double)
            return false;
        break;
    case Type::Boolean:
        if (type != QJsonValue::Bool)
            return false;
        break;
    case Type::Null:
        if (type != QJsonValue::Null)
            return false;
        break;
    }

    if (type == QJsonValue::String) {
        if (n.hasEnum || n.maxLength >= 0 || n.minLength >= 0 || n.dateTime) {
            const QString s = value.toString();
            if (n.hasEnum && !enumContains(n.enumValues, s))
                return false;
            if (n.maxLength >= 0 || n.minLength >= 0) {
                const qint64 len = codePoints(s);
                if ((n.maxLength >= 0 && len > n.maxLength) || (n.minLength >= 0 && len < n.minLength))
                    return false;
            }
            if (n.dateTime && !isRfc3339DateTime(s))
                return false;
        }
        return true;
    }
    if (n.hasEnum)
        return false; // every enum of the OCA schemas lists strings only
    if (type == QJsonValue::Double) {
        const double d = value.toDouble();
        if ((n.minimum && d < *n.minimum) || (n.maximum && d > *n.maximum))
            return false;
        if (n.multipleOf && d != 0) {
            // valijson's test, then SchemaValidator's tolerance for binary fractions (7.4 / 0.1).
            const double divisor = *n.multipleOf;
            if (std::fabs(std::remainder(d, divisor)) > std::numeric_limits<double>::epsilon()) {
                const double q = d / divisor;
                if (!(std::fabs(q - std::round(q)) < 1e-9))
                    return false;
            }
        }
        return true;
    }
    if (type == QJsonValue::Object)
        return checkObject(n, value.toObject());
    if (type == QJsonValue::Array) {
        const QJsonArray a = value.toArray();
        const qint64 size = a.size();
        if ((n.minItems >= 0 && size < n.minItems) || (n.maxItems >= 0 && size > n.maxItems))
            return false;
        if (n.items >= 0) {
            for (auto it = a.constBegin(); it != a.constEnd(); ++it)
                if (!check(n.items, *it))
                    return false;
        }
    }
    return true;
}

bool PayloadChecker::checkObject(const Node &n, const QJsonObject &o) const
{
    // Look up the schema's properties in the payload (binary search over its sorted keys, no key
    // copies) rather than walking the payload's keys; closed objects then only need a count.
    qsizetype matched = 0;
    const qsizetype keys = o.size();
    for (const Property &p : n.properties) {
        if (matched == keys && !p.required)
            break; // every key matched and only optional properties left: none can be present
        const auto it = o.constFind(p.name);
        if (it == o.constEnd()) {
            if (p.required)
                return false;
            continue;
        }
        ++matched;
        if (!check(p.node, it.value())) // a QJsonValueConstRef
            return false;
    }
    if (n.closed && matched != keys)
        return false;
    for (const QString &r : n.requiredElsewhere)
        if (!o.contains(r))
            return false;
    return true;
}

} // namespace cb
