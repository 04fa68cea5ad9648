#include "schemaformmodel.h"

#include "schema/schemanode.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QFont>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPalette>
#include <QRegularExpression>

#include <algorithm>

namespace cb {

namespace {

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

QStringList splitPointer(const QString &pointer)
{
    QStringList out;
    for (QString s : pointer.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        s.replace(QLatin1String("~1"), QLatin1String("/"));
        s.replace(QLatin1String("~0"), QLatin1String("~"));
        out << s;
    }
    return out;
}

} // namespace

struct SchemaFormModel::Node
{
    Node *parent = nullptr;
    QString name;             // property name; empty for array items (their row is their name)
    QJsonObject schema;       // resolved subschema; empty when the schema does not know the value
    QString description;
    QString typeLabel;
    bool inSchema = true;
    bool required = false;
    bool arrayItem = false;
    bool present = true;
    Shape shape = Shape::Leaf;
    QJsonValue value;         // leaves only; containers are made of their children
    std::vector<std::unique_ptr<Node>> children;

    int row() const
    {
        if (!parent)
            return 0;
        const auto &sib = parent->children;
        for (size_t i = 0; i < sib.size(); ++i)
            if (sib[i].get() == this)
                return int(i);
        return 0;
    }
    QString schemaType() const { return schemanode::typeOf(schema); }
};

SchemaFormModel::SchemaFormModel(QObject *parent) : QAbstractItemModel(parent)
{
    m_root = std::make_unique<Node>();
    m_root->shape = Shape::Object;
}

SchemaFormModel::~SchemaFormModel() = default;

void SchemaFormModel::setSchema(const QJsonObject &schema)
{
    m_schema = schema;
    setJson(defaultValue(schema, schema).toObject());
}

void SchemaFormModel::setJson(const QJsonObject &payload)
{
    beginResetModel();
    m_root = makeNode(nullptr, QString(), m_schema, payload, true, true);
    m_root->children = childrenFor(m_root.get());
    endResetModel();
}

QJsonObject SchemaFormModel::json() const { return valueOf(m_root.get()).toObject(); }

QJsonValue SchemaFormModel::defaultValue(const QJsonObject &root, const QJsonObject &raw)
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

std::unique_ptr<SchemaFormModel::Node> SchemaFormModel::makeNode(Node *parent, const QString &name, const QJsonObject &raw,
                                                                 const QJsonValue &value, bool present, bool inSchema) const
{
    auto n = std::make_unique<Node>();
    n->parent = parent;
    n->name = name;
    n->inSchema = inSchema;
    n->schema = schemanode::resolve(m_schema, raw);
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

SchemaFormModel::Shape SchemaFormModel::shapeFor(const Node *node, const QJsonValue &value) const
{
    const QString type = node->schemaType();
    if (value.isObject() && (type == QLatin1String("object") || node->parent == nullptr))
        return Shape::Object;
    if (value.isArray() && type == QLatin1String("array"))
        return Shape::Array;
    return Shape::Leaf; // scalars, untyped values and values of the wrong type
}

// Type column: the definition name where the schema has one, else the type and its limits.
QString SchemaFormModel::typeLabel(const QJsonObject &raw, const QJsonObject &s, bool inSchema)
{
    const QString ref = refName(raw);
    const QString type = schemanode::typeOf(s);
    if (!inSchema)
        return tr("not in schema");
    if (s.contains(QLatin1String("enum")))
        return ref.isEmpty() ? tr("enum") : ref;
    if (type == QLatin1String("object"))
        return ref.isEmpty() ? tr("object") : ref;
    if (type == QLatin1String("array")) {
        const QString itemRef = refName(s.value(QLatin1String("items")).toObject());
        QString label = itemRef.isEmpty() ? tr("array") : tr("array of %1").arg(itemRef);
        if (s.contains(QLatin1String("minItems")) || s.contains(QLatin1String("maxItems")))
            label += QStringLiteral(" [%1..%2]")
                         .arg(s.value(QLatin1String("minItems")).toInt(0))
                         .arg(s.contains(QLatin1String("maxItems")) ? QString::number(s.value(QLatin1String("maxItems")).toInt())
                                                                    : QString());
        return label;
    }
    if (type == QLatin1String("string")) {
        if (s.value(QLatin1String("format")).toString() == QLatin1String("date-time"))
            return tr("date-time (UTC)");
        if (s.contains(QLatin1String("maxLength")))
            return tr("string \u2264 %1").arg(s.value(QLatin1String("maxLength")).toInt());
        return tr("string");
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
    return type.isEmpty() ? tr("any JSON") : type;
}

std::vector<std::unique_ptr<SchemaFormModel::Node>> SchemaFormModel::childrenFor(Node *node) const
{
    std::vector<std::unique_ptr<Node>> out;
    if (node->shape == Shape::Object) {
        const QJsonObject o = node->value.toObject();
        const QJsonObject props = node->schema.value(QLatin1String("properties")).toObject();
        for (const QString &name : propertyOrder(node->schema)) {
            auto child = makeNode(node, name, props.value(name).toObject(), o.value(name), o.contains(name), true);
            child->required = schemanode::isRequired(node->schema, name);
            out.push_back(std::move(child));
        }
        for (auto it = o.begin(); it != o.end(); ++it) // what the schema does not know stays, visibly
            if (!props.contains(it.key()))
                out.push_back(makeNode(node, it.key(), {}, it.value(), true, false));
    } else if (node->shape == Shape::Array) {
        const QJsonArray a = node->value.toArray();
        const QJsonObject items = node->schema.value(QLatin1String("items")).toObject();
        for (const QJsonValue &v : a) {
            auto child = makeNode(node, QString(), items, v, true, true);
            child->arrayItem = true;
            out.push_back(std::move(child));
        }
    }
    // Containers keep their content in their children only.
    if (node->shape != Shape::Leaf)
        node->value = QJsonValue();
    for (auto &c : out)
        c->children = childrenFor(c.get());
    return out;
}

QJsonValue SchemaFormModel::valueOf(const Node *node) const
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

SchemaFormModel::EditorKind SchemaFormModel::editorKind(const Node *node) const
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

QString SchemaFormModel::pointerOf(const Node *node) const
{
    QStringList segments;
    for (const Node *n = node; n && n->parent; n = n->parent)
        segments.prepend(n->arrayItem ? QString::number(n->row()) : n->name);
    return schemanode::pointer(segments);
}

QString SchemaFormModel::jsonText(const QJsonValue &value)
{
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

std::optional<QJsonValue> SchemaFormModel::parseJsonText(const QString &text)
{
    // QJsonDocument only parses objects and arrays; wrapping accepts scalars too.
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray("[") + text.toUtf8() + QByteArray("]"), &error);
    if (error.error != QJsonParseError::NoError || doc.array().size() != 1)
        return std::nullopt;
    return doc.array().first();
}

QString SchemaFormModel::valueText(const Node *node) const
{
    if (!node->present)
        return node->required ? tr("missing") : tr("not set");
    switch (node->shape) {
    case Shape::Object: {
        const auto set = std::count_if(node->children.begin(), node->children.end(), [](const auto &c) { return c->present; });
        return tr("{ %1 of %2 fields set }").arg(set).arg(node->children.size());
    }
    case Shape::Array: return tr("[ items: %1 ]").arg(node->children.size());
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
    return jsonText(node->value);
}

QString SchemaFormModel::violationText(const Node *node) const
{
    return m_violations.value(pointerOf(node)).join(QLatin1String("; "));
}

bool SchemaFormModel::hasViolationBelow(const Node *node) const
{
    const QString p = pointerOf(node);
    const QString prefix = p == QLatin1String("/") ? p : p + QLatin1Char('/');
    for (auto it = m_violations.cbegin(); it != m_violations.cend(); ++it)
        if (it.key() == p || it.key().startsWith(prefix))
            return true;
    return false;
}

QString SchemaFormModel::toolTip(const Node *node) const
{
    QStringList parts;
    if (node->required)
        parts << tr("Required.");
    if (!node->inSchema)
        parts << tr("The schema does not know this property.");
    if (!node->description.isEmpty())
        parts << node->description;
    const QString v = violationText(node);
    if (!v.isEmpty())
        parts << tr("Problem: %1").arg(v);
    return parts.join(QLatin1Char(' '));
}

QModelIndex SchemaFormModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount || (parent.isValid() && parent.column() != NameColumn))
        return {};
    const Node *p = parent.isValid() ? nodeOf(parent) : m_root.get();
    if (!p || row >= int(p->children.size()))
        return {};
    return createIndex(row, column, p->children[size_t(row)].get());
}

QModelIndex SchemaFormModel::parent(const QModelIndex &child) const
{
    const Node *n = nodeOf(child);
    if (!n || !n->parent || n->parent == m_root.get())
        return {};
    return createIndex(n->parent->row(), NameColumn, n->parent);
}

int SchemaFormModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != NameColumn)
        return 0;
    const Node *p = parent.isValid() ? nodeOf(parent) : m_root.get();
    return p ? int(p->children.size()) : 0;
}

int SchemaFormModel::columnCount(const QModelIndex &) const { return ColumnCount; }

SchemaFormModel::Node *SchemaFormModel::nodeOf(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this)
        return nullptr;
    return static_cast<Node *>(index.internalPointer());
}

QModelIndex SchemaFormModel::indexOf(const Node *node, int column) const
{
    if (!node || node == m_root.get())
        return {};
    return createIndex(node->row(), column, const_cast<Node *>(node));
}

QVariant SchemaFormModel::data(const QModelIndex &index, int role) const
{
    const Node *n = nodeOf(index);
    if (!n)
        return {};
    const int col = index.column();
    const EditorKind kind = editorKind(n);
    switch (role) {
    case Qt::DisplayRole:
        if (col == NameColumn)
            return n->arrayItem ? QStringLiteral("[%1]").arg(n->row()) : (n->required ? n->name + QStringLiteral(" *") : n->name);
        if (col == ValueColumn)
            return kind == EditorKind::Boolean && n->present ? QVariant() : QVariant(valueText(n));
        return n->typeLabel;
    case Qt::EditRole:
        if (col != ValueColumn)
            return {};
        {
            // An absent property is edited starting from its default, which editing then adds.
            const QJsonValue v = n->present ? n->value : defaultValue(m_schema, n->schema);
            switch (kind) {
            case EditorKind::Integer: return qlonglong(v.toDouble());
            case EditorKind::Number: return v.toDouble();
            case EditorKind::Boolean: return v.toBool();
            case EditorKind::Text:
            case EditorKind::Enum:
            case EditorKind::DateTime: return v.toString();
            case EditorKind::Json: return n->present ? jsonText(v) : QString();
            case EditorKind::None: return {};
            }
        }
        return {};
    case Qt::CheckStateRole:
        if (col == NameColumn && n->inSchema && !n->required && !n->arrayItem)
            return n->present ? Qt::Checked : Qt::Unchecked;
        if (col == ValueColumn && kind == EditorKind::Boolean)
            return n->present && n->value.toBool() ? Qt::Checked : Qt::Unchecked;
        return {};
    case Qt::ToolTipRole: {
        const QString t = toolTip(n);
        return t.isEmpty() ? QVariant() : QVariant(t);
    }
    case Qt::FontRole: {
        if (col == NameColumn && n->required) {
            QFont f;
            f.setBold(true);
            return f;
        }
        if (!n->present) {
            QFont f;
            f.setItalic(true);
            return f;
        }
        return {};
    }
    case Qt::ForegroundRole:
        if (hasViolationBelow(n))
            return QBrush(QColor(0xc0, 0x1c, 0x28));
        if (!n->present)
            return QPalette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    case EditorKindRole: return int(kind);
    case EnumValuesRole: {
        QStringList values;
        for (const QJsonValue &v : n->schema.value(QLatin1String("enum")).toArray())
            values << v.toString();
        return values;
    }
    case MinimumRole:
        return n->schema.contains(QLatin1String("minimum")) ? QVariant(n->schema.value(QLatin1String("minimum")).toDouble()) : QVariant();
    case MaximumRole:
        return n->schema.contains(QLatin1String("maximum")) ? QVariant(n->schema.value(QLatin1String("maximum")).toDouble()) : QVariant();
    case MaxLengthRole:
        return n->schema.contains(QLatin1String("maxLength")) ? QVariant(n->schema.value(QLatin1String("maxLength")).toInt()) : QVariant();
    case MultipleOfRole:
        return n->schema.contains(QLatin1String("multipleOf")) ? QVariant(n->schema.value(QLatin1String("multipleOf")).toDouble())
                                                               : QVariant();
    case JsonValueRole: return n->present ? QVariant::fromValue(valueOf(n)) : QVariant();
    case PointerRole: return pointerOf(n);
    case PresentRole: return n->present;
    case RequiredRole: return n->required;
    case InSchemaRole: return n->inSchema;
    case ViolationRole: return violationText(n);
    default: break;
    }
    return {};
}

Qt::ItemFlags SchemaFormModel::flags(const QModelIndex &index) const
{
    const Node *n = nodeOf(index);
    if (!n)
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (index.column() == NameColumn) {
        f &= ~Qt::ItemNeverHasChildren;
        if (n->inSchema && !n->required && !n->arrayItem)
            f |= Qt::ItemIsUserCheckable;
    } else if (index.column() == ValueColumn) {
        const EditorKind kind = editorKind(n);
        if (kind == EditorKind::Boolean)
            f |= Qt::ItemIsUserCheckable;
        else if (kind != EditorKind::None)
            f |= Qt::ItemIsEditable;
    }
    return f;
}

QVariant SchemaFormModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Field");
    case ValueColumn: return tr("Value");
    case TypeColumn: return tr("Type");
    default: return {};
    }
}

bool SchemaFormModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    Node *n = nodeOf(index);
    if (!n)
        return false;
    if (role == Qt::CheckStateRole && index.column() == NameColumn) {
        if (!(flags(index) & Qt::ItemIsUserCheckable))
            return false;
        const bool on = value.toInt() == Qt::Checked;
        return on ? include(index) : remove(index);
    }
    if (index.column() != ValueColumn)
        return false;
    const EditorKind kind = editorKind(n);
    if (role == Qt::CheckStateRole) {
        if (kind != EditorKind::Boolean)
            return false;
        return setValue(index, value.toInt() == Qt::Checked);
    }
    if (role != Qt::EditRole)
        return false;
    switch (kind) {
    case EditorKind::None: return false;
    case EditorKind::Text:
    case EditorKind::Enum: return setValue(index, value.toString());
    case EditorKind::DateTime: {
        if (value.metaType().id() == QMetaType::QDateTime)
            return setValue(index, value.toDateTime().toUTC().toString(Qt::ISODate));
        return setValue(index, value.toString());
    }
    case EditorKind::Integer: {
        bool ok = false;
        const qlonglong v = value.toLongLong(&ok);
        return ok && setValue(index, QJsonValue(qint64(v)));
    }
    case EditorKind::Number: {
        bool ok = false;
        const double v = value.toDouble(&ok);
        return ok && setValue(index, v);
    }
    case EditorKind::Boolean: return setValue(index, value.toBool());
    case EditorKind::Json: {
        const QString text = value.toString();
        // Text that is not JSON is kept as a string rather than refused: nothing typed is lost.
        return setValue(index, parseJsonText(text).value_or(QJsonValue(text)));
    }
    }
    return false;
}

bool SchemaFormModel::setValue(const QModelIndex &index, const QJsonValue &value)
{
    Node *n = nodeOf(index);
    if (!n || value.isUndefined())
        return false;
    replaceValue(n, value);
    Q_EMIT edited();
    return true;
}

void SchemaFormModel::replaceValue(Node *node, const QJsonValue &value)
{
    const QModelIndex idx = indexOf(node);
    if (!node->children.empty()) {
        beginRemoveRows(idx, 0, int(node->children.size()) - 1);
        node->children.clear();
        endRemoveRows();
    }
    node->present = true;
    node->value = value;
    node->shape = shapeFor(node, value);
    auto children = childrenFor(node); // clears node->value for containers
    if (!children.empty()) {
        beginInsertRows(idx, 0, int(children.size()) - 1);
        node->children = std::move(children);
        endInsertRows();
    }
    if (idx.isValid())
        Q_EMIT dataChanged(indexOf(node, NameColumn), indexOf(node, TypeColumn));
    for (Node *p = node->parent; p && p != m_root.get(); p = p->parent) // object/array summaries
        Q_EMIT dataChanged(indexOf(p, ValueColumn), indexOf(p, ValueColumn));
}

void SchemaFormModel::makeAbsent(Node *node)
{
    const QModelIndex idx = indexOf(node);
    if (!node->children.empty()) {
        beginRemoveRows(idx, 0, int(node->children.size()) - 1);
        node->children.clear();
        endRemoveRows();
    }
    node->present = false;
    node->shape = Shape::Leaf;
    node->value = QJsonValue();
    Q_EMIT dataChanged(indexOf(node, NameColumn), indexOf(node, TypeColumn));
    for (Node *p = node->parent; p && p != m_root.get(); p = p->parent)
        Q_EMIT dataChanged(indexOf(p, ValueColumn), indexOf(p, ValueColumn));
}

bool SchemaFormModel::canAddItem(const QModelIndex &index) const
{
    const Node *n = nodeOf(index);
    if (n && n->arrayItem)
        n = n->parent;
    if (!n || n->shape != Shape::Array)
        return false;
    const QJsonValue max = n->schema.value(QLatin1String("maxItems"));
    return max.isUndefined() || int(n->children.size()) < max.toInt();
}

QModelIndex SchemaFormModel::addItem(const QModelIndex &index)
{
    if (!canAddItem(index))
        return {};
    Node *array = nodeOf(index);
    if (array->arrayItem)
        array = array->parent;
    const QJsonObject items = array->schema.value(QLatin1String("items")).toObject();
    auto child = makeNode(array, QString(), items, defaultValue(m_schema, items), true, true);
    child->arrayItem = true;
    child->children = childrenFor(child.get());
    const int row = int(array->children.size());
    beginInsertRows(indexOf(array), row, row);
    array->children.push_back(std::move(child));
    endInsertRows();
    for (Node *p = array; p && p != m_root.get(); p = p->parent)
        Q_EMIT dataChanged(indexOf(p, ValueColumn), indexOf(p, ValueColumn));
    Q_EMIT edited();
    return indexOf(array->children.back().get());
}

bool SchemaFormModel::canInclude(const QModelIndex &index) const
{
    const Node *n = nodeOf(index);
    return n && !n->present;
}

bool SchemaFormModel::include(const QModelIndex &index)
{
    Node *n = nodeOf(index);
    if (!n || n->present)
        return false;
    replaceValue(n, defaultValue(m_schema, n->schema));
    Q_EMIT edited();
    return true;
}

bool SchemaFormModel::canRemove(const QModelIndex &index) const
{
    const Node *n = nodeOf(index);
    if (!n || !n->present)
        return false;
    if (n->arrayItem) {
        const int min = n->parent->schema.value(QLatin1String("minItems")).toInt(0);
        return int(n->parent->children.size()) > min;
    }
    return !n->required || !n->inSchema;
}

bool SchemaFormModel::remove(const QModelIndex &index)
{
    if (!canRemove(index))
        return false;
    Node *n = nodeOf(index);
    Node *parent = n->parent;
    if (n->arrayItem || !n->inSchema) {
        // Items and unknown properties leave the tree. An item is first moved to the end and then
        // removed there, so the rows after it keep their content and only their number changes
        // (views keep their expansion state; an item's row is its name).
        int row = n->row();
        const int last = int(parent->children.size()) - 1;
        if (n->arrayItem && row < last) {
            beginMoveRows(indexOf(parent), row, row, indexOf(parent), last + 1);
            std::rotate(parent->children.begin() + row, parent->children.begin() + row + 1, parent->children.end());
            endMoveRows();
            Q_EMIT dataChanged(indexOf(parent->children[size_t(row)].get(), NameColumn),
                               indexOf(parent->children[size_t(last - 1)].get(), NameColumn));
            row = last;
        }
        beginRemoveRows(indexOf(parent), row, row);
        parent->children.erase(parent->children.begin() + row);
        endRemoveRows();
        for (Node *p = parent; p && p != m_root.get(); p = p->parent)
            Q_EMIT dataChanged(indexOf(p, ValueColumn), indexOf(p, ValueColumn));
    } else {
        makeAbsent(n);
    }
    Q_EMIT edited();
    return true;
}

void SchemaFormModel::setViolations(const Violations &violations)
{
    QHash<QString, QStringList> map;
    for (const Violation &v : violations)
        map[v.path].append(v.rule);
    if (map == m_violations)
        return;
    m_violations = map;
    emitAllChanged(m_root.get());
}

void SchemaFormModel::emitAllChanged(const Node *node)
{
    if (node->children.empty())
        return;
    Q_EMIT dataChanged(createIndex(0, NameColumn, node->children.front().get()),
                       createIndex(int(node->children.size()) - 1, TypeColumn, node->children.back().get()));
    for (const auto &c : node->children)
        emitAllChanged(c.get());
}

QModelIndex SchemaFormModel::indexForPointer(const QString &pointer, int column) const
{
    const Node *n = m_root.get();
    for (const QString &s : splitPointer(pointer)) {
        const Node *next = nullptr;
        if (n->shape == Shape::Array) {
            bool ok = false;
            const int i = s.toInt(&ok);
            if (ok && i >= 0 && i < int(n->children.size()))
                next = n->children[size_t(i)].get();
        } else {
            for (const auto &c : n->children)
                if (c->name == s)
                    next = c.get();
        }
        if (!next)
            return {};
        n = next;
    }
    return indexOf(n, column);
}

} // namespace cb
