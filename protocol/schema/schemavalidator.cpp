#include "schemavalidator.h"

#include "common/logging.h"
#include "datetime.h"
#include "payloadchecker.h"
#include "schemanode.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QRegularExpression>

#include <valijson/adapters/qtjson_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace cb {

struct SchemaValidator::Compiled
{
    QJsonObject json;     // as published
    QJsonObject prepared; // date-time formats replaced by our markers (see prepareDateTimes)
    valijson::Schema schema;
    QString compileError; // non-empty when valijson could not parse the schema
    std::optional<PayloadChecker> checker; // empty when the schema is outside the checker's subset
};

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::SchemaValidator)
};

QJsonValue valueAt(const QJsonObject &payload, const QStringList &segments)
{
    QJsonValue cur = payload;
    for (const QString &s : segments) {
        if (cur.isArray())
            cur = cur.toArray().at(s.toInt());
        else
            cur = cur.toObject().value(s);
    }
    return cur;
}

QString quoted(const QJsonValue &v)
{
    if (v.isString())
        return QLatin1Char('"') + v.toString().left(60) + QLatin1Char('"');
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 15);
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return schemanode::jsonTypeOf(v);
}

QString firstNumber(const QString &description)
{
    static const QRegularExpression number(QStringLiteral("(-?[0-9]+(?:\\.[0-9]+)?)"));
    QString last;
    auto it = number.globalMatch(description);
    while (it.hasNext()) {
        last = it.next().captured(1);
        break; // the first number in valijson's messages is the limit
    }
    // valijson prints doubles with std::to_string ("20.000000"); show integers as integers.
    bool ok = false;
    const double d = last.toDouble(&ok);
    if (ok && d == std::floor(d))
        return QString::number(qint64(d));
    return last;
}

QString quotedName(const std::string &description)
{
    // The name is the last quoted word: "... constraints: 'foo'." / "Missing required property 'x'."
    const auto last = description.rfind('\'');
    if (last == std::string::npos || last == 0)
        return {};
    const auto first = description.rfind('\'', last - 1);
    if (first == std::string::npos)
        return {};
    return QString::fromStdString(description.substr(first + 1, last - first - 1));
}

bool startsWith(const std::string &s, const char *prefix) { return s.rfind(prefix, 0) == 0; }

// valijson 1.0 checks "format": "date-time" by constructing a std::regex on every call, which costs
// about a millisecond: a Heartbeat response would validate at ~1,000/s. So date-time formats are
// taken out of what valijson sees and checked here by a hand-written RFC 3339 parser instead.
// Nodes are marked: kIsDateTime where the format was, kHasDateTime on every node whose subtree
// (following $ref) holds one, so the check only walks the parts of a payload that can contain one.
const QLatin1String kIsDateTime("x-chargebench-date-time");
const QLatin1String kHasDateTime("x-chargebench-has-date-time");

QJsonValue markDateTimes(const QJsonValue &v)
{
    if (v.isArray()) {
        QJsonArray a;
        for (const QJsonValue &x : v.toArray())
            a.append(markDateTimes(x));
        return a;
    }
    if (!v.isObject())
        return v;
    QJsonObject o = v.toObject();
    for (auto it = o.begin(); it != o.end(); ++it)
        it.value() = markDateTimes(it.value());
    if (o.value(QLatin1String("format")) == QJsonValue(QStringLiteral("date-time"))) {
        o.remove(QStringLiteral("format"));
        o.insert(kIsDateTime, true);
    }
    return o;
}

bool holdsDateTime(const QJsonValue &v, const QHash<QString, bool> &defs)
{
    if (v.isArray()) {
        for (const QJsonValue &x : v.toArray())
            if (holdsDateTime(x, defs))
                return true;
        return false;
    }
    if (!v.isObject())
        return false;
    const QJsonObject o = v.toObject();
    if (o.contains(kIsDateTime))
        return true;
    const QString ref = o.value(QLatin1String("$ref")).toString();
    if (ref.startsWith(QLatin1String("#/definitions/")) && defs.value(ref.mid(14)))
        return true;
    for (auto it = o.begin(); it != o.end(); ++it)
        if (it.key() != QLatin1String("definitions") && holdsDateTime(it.value(), defs))
            return true;
    return false;
}

QJsonValue flagSubtrees(const QJsonValue &v, const QHash<QString, bool> &defs)
{
    if (v.isArray()) {
        QJsonArray a;
        for (const QJsonValue &x : v.toArray())
            a.append(flagSubtrees(x, defs));
        return a;
    }
    if (!v.isObject())
        return v;
    QJsonObject o = v.toObject();
    const bool has = holdsDateTime(o, defs);
    for (auto it = o.begin(); it != o.end(); ++it)
        it.value() = flagSubtrees(it.value(), defs);
    if (has)
        o.insert(kHasDateTime, true);
    return o;
}

QJsonObject prepareDateTimes(const QJsonObject &schema)
{
    QJsonObject marked = markDateTimes(schema).toObject();
    const QJsonObject definitions = marked.value(QLatin1String("definitions")).toObject();
    QHash<QString, bool> defs;
    for (bool changed = true; changed;) { // fixpoint over references between definitions
        changed = false;
        for (auto it = definitions.begin(); it != definitions.end(); ++it) {
            if (!defs.value(it.key()) && holdsDateTime(it.value(), defs)) {
                defs.insert(it.key(), true);
                changed = true;
            }
        }
    }
    return flagSubtrees(marked, defs).toObject();
}

void checkDateTimes(const QJsonObject &root, const QJsonValue &value, const QJsonObject &rawNode, QStringList &path, Violations &out)
{
    const QJsonObject node = schemanode::resolve(root, rawNode);
    if (!node.contains(kHasDateTime) && !rawNode.contains(kHasDateTime))
        return;
    if (node.contains(kIsDateTime)) {
        if (value.isString() && !isRfc3339DateTime(value.toString()))
            out.append(Violation{schemanode::pointer(path),
                                 QCoreApplication::translate("cb::SchemaValidator", "%1 is not an RFC 3339 date-time")
                                     .arg(QLatin1Char('"') + value.toString().left(60) + QLatin1Char('"')),
                                 RpcErrorCode::FormatViolation});
        return;
    }
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        const QJsonObject props = node.value(QLatin1String("properties")).toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QJsonValue child = props.value(it.key());
            if (!child.isObject())
                continue;
            path.append(it.key());
            checkDateTimes(root, it.value(), child.toObject(), path, out);
            path.removeLast();
        }
    } else if (value.isArray()) {
        const QJsonObject items = node.value(QLatin1String("items")).toObject();
        const QJsonArray a = value.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            path.append(QString::number(i));
            checkDateTimes(root, a.at(i), items, path, out);
            path.removeLast();
        }
    }
}

// valijson reports each failure at the node that failed and then once more at every enclosing
// node ("Failed to validate against schema associated with property name ..."). Only the first
// kind says which rule broke.
bool isWrapper(const std::string &d)
{
    return startsWith(d, "Failed to validate against schema associated with property name")
        || startsWith(d, "Failed to validate item #")
        || startsWith(d, "Failed to validate against additional properties schema")
        || startsWith(d, "Failed to validate against additional items schema")
        || startsWith(d, "Failed to validate against any schemas allowed by anyOf")
        || startsWith(d, "Failed to validate against child schema");
}

} // namespace

SchemaValidator::SchemaValidator(const SchemaCatalog &catalog) : m_catalog(catalog) {}
SchemaValidator::~SchemaValidator() = default;

const SchemaValidator &SchemaValidator::shared()
{
    static const SchemaValidator validator;
    return validator;
}

std::shared_ptr<const SchemaValidator::Compiled> SchemaValidator::compile(const QJsonObject &schema, bool withChecker)
{
    auto c = std::make_shared<Compiled>();
    c->json = schema;
    if (withChecker) {
        c->checker = PayloadChecker::compile(schema);
        if (!c->checker)
            qCDebug(lcSchema) << "schema" << schema.value(QLatin1String("$id")) << "is checked by valijson alone";
    }
    c->prepared = prepareDateTimes(schema);
    try {
        valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
        const QJsonValue root(c->prepared);
        valijson::adapters::QtJsonAdapter adapter(root);
        parser.populateSchema(adapter, c->schema);
    } catch (const std::exception &e) {
        c->compileError = QString::fromStdString(e.what());
        qCCritical(lcSchema) << "cannot compile schema" << schema.value(QLatin1String("$id")) << e.what();
    }
    return c;
}

const SchemaValidator::Compiled *SchemaValidator::compiled(OcppVersion v, const QString &action, PayloadKind kind) const
{
    auto &cache = m_cache[size_t(v)][size_t(kind)];
    QMutexLocker lock(&m_mutex);
    const auto it = cache.find(action);
    if (it != cache.end())
        return it->second.get();
    const QJsonObject schema = m_catalog.schema(v, action, kind);
    std::shared_ptr<const Compiled> c = schema.isEmpty() ? nullptr : compile(schema, true);
    cache.emplace(action, c);
    return c.get();
}

Violations SchemaValidator::validate(OcppVersion v, const QString &action, PayloadKind kind,
                                     const QJsonObject &payload) const
{
    const Compiled *c = compiled(v, action, kind);
    if (!c) {
        return {Violation{QStringLiteral("/"),
                          Text::tr("OCPP %1 has no %2 schema for action \"%3\"")
                              .arg(versionName(v), payloadKindName(kind), action),
                          RpcErrorCode::NotImplemented}};
    }
    if (c->checker && c->checker->accepts(payload))
        return {};
    return run(*c, payload);
}

Violations SchemaValidator::validate(const QJsonObject &schema, const QJsonObject &payload) const
{
    return run(*compile(schema, false), payload);
}

Violations SchemaValidator::run(const Compiled &c, const QJsonObject &payload)
{
    if (!c.compileError.isEmpty())
        return {Violation{QStringLiteral("/"), Text::tr("schema could not be compiled: %1").arg(c.compileError),
                          RpcErrorCode::InternalError}};

    const QJsonValue target(payload);
    valijson::adapters::QtJsonAdapter adapter(target);
    valijson::Validator validator(valijson::Validator::kStrongTypes);
    valijson::ValidationResults results;
    Violations out;
    QStringList path;
    checkDateTimes(c.prepared, target, c.prepared, path, out);
    try {
        if (validator.validate(c.schema, adapter, &results))
            return out;
    } catch (const std::exception &e) {
        // valijson throws when a keyword meets a value it cannot read; whatever it had collected
        // before still stands, and the throw itself is a violation.
        if (results.numErrors() == 0) {
            out.append(Violation{QStringLiteral("/"), QString::fromStdString(e.what()), RpcErrorCode::TypeConstraintViolation});
            return out;
        }
    }

    valijson::ValidationResults::Error error;
    while (results.popError(error)) {
        const std::string &d = error.description;
        if (isWrapper(d))
            continue;
        QStringList segments;
        for (const std::string &part : error.context) {
            if (part == "<root>")
                continue;
            QString s = QString::fromStdString(part);
            if (s.startsWith(QLatin1Char('[')) && s.endsWith(QLatin1Char(']')))
                s = s.mid(1, s.size() - 2);
            segments << s;
        }
        const QJsonObject node = schemanode::at(c.json, segments);
        const QJsonValue value = valueAt(payload, segments);
        const QString desc = QString::fromStdString(d);

        Violation v;
        if (startsWith(d, "Missing required property")) {
            segments << quotedName(d);
            v.rule = Text::tr("required property missing");
            v.code = RpcErrorCode::OccurrenceConstraintViolation;
        } else if (startsWith(d, "Object contains a property that could not be validated")) {
            segments << quotedName(d);
            v.rule = Text::tr("property not defined by the schema");
            v.code = RpcErrorCode::FormatViolation;
        } else if (startsWith(d, "Value type not permitted")) {
            v.rule = Text::tr("expected %1, got %2").arg(schemanode::typeOf(node), schemanode::jsonTypeOf(value));
            v.code = RpcErrorCode::TypeConstraintViolation;
        } else if (startsWith(d, "Failed to match against any enum values")) {
            QStringList allowed;
            for (const QJsonValue &e : node.value(QLatin1String("enum")).toArray())
                allowed << e.toString();
            if (allowed.size() > 8)
                allowed = allowed.mid(0, 8) << QStringLiteral("...");
            v.rule = Text::tr("%1 is not one of %2").arg(quoted(value), allowed.join(QStringLiteral(", ")));
            v.code = RpcErrorCode::PropertyConstraintViolation;
        } else if (startsWith(d, "String should be no more than")) {
            v.rule = Text::tr("longer than maxLength %1").arg(firstNumber(desc));
            v.code = RpcErrorCode::PropertyConstraintViolation;
        } else if (startsWith(d, "String should be no fewer than")) {
            v.rule = Text::tr("shorter than minLength %1").arg(firstNumber(desc));
            v.code = RpcErrorCode::PropertyConstraintViolation;
        } else if (startsWith(d, "Expected number greater than")) {
            v.rule = Text::tr("%1 is below minimum %2").arg(quoted(value), firstNumber(desc));
            v.code = RpcErrorCode::PropertyConstraintViolation;
        } else if (startsWith(d, "Expected number less than")) {
            v.rule = Text::tr("%1 is above maximum %2").arg(quoted(value), firstNumber(desc));
            v.code = RpcErrorCode::PropertyConstraintViolation;
        } else if (startsWith(d, "Value should be a multiple of")) {
            // valijson compares the remainder with machine epsilon, so 7.4 is "not a multiple of
            // 0.1". Judge with a tolerance relative to the quotient instead, as JSON Schema means.
            const double divisor = node.value(QLatin1String("multipleOf")).toDouble();
            const double q = value.toDouble() / divisor;
            if (divisor > 0 && std::fabs(q - std::round(q)) < 1e-9)
                continue;
            v.rule = Text::tr("%1 is not a multiple of %2").arg(quoted(value), QString::number(divisor));
            v.code = RpcErrorCode::PropertyConstraintViolation;
        } else if (startsWith(d, "Array should contain no fewer than")) {
            v.rule = Text::tr("fewer items than minItems %1").arg(firstNumber(desc));
            v.code = RpcErrorCode::OccurrenceConstraintViolation;
        } else if (startsWith(d, "Array should contain no more than") || startsWith(d, "Array contains more items")) {
            v.rule = Text::tr("more items than maxItems %1").arg(node.value(QLatin1String("maxItems")).toInt());
            v.code = RpcErrorCode::OccurrenceConstraintViolation;
        } else if (startsWith(d, "String should be a valid date-time")) {
            v.rule = Text::tr("%1 is not an RFC 3339 date-time").arg(quoted(value));
            v.code = RpcErrorCode::FormatViolation;
        } else {
            v.rule = desc;
            v.code = RpcErrorCode::FormatViolation;
        }
        v.path = schemanode::pointer(segments);
        if (!out.contains(v))
            out.append(v);
    }
    // A value of the wrong type usually breaks its enum or format too; the type is the cause,
    // and the first violation decides the CALLERROR code.
    std::stable_partition(out.begin(), out.end(),
                          [](const Violation &v) { return v.code == RpcErrorCode::TypeConstraintViolation; });
    return out;
}

} // namespace cb
