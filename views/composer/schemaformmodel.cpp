#include "schemaformmodel.h"

#include "schemaformrows.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QFont>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPalette>

namespace cb {

using schemaform::Shape;

namespace {

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
    m_root = schemaform::makeNode(m_schema, nullptr, QString(), m_schema, payload, true, true);
    m_root->children = schemaform::childrenFor(m_schema, m_root.get());
    endResetModel();
}

QJsonObject SchemaFormModel::json() const { return schemaform::valueOf(m_root.get()).toObject(); }

QJsonValue SchemaFormModel::defaultValue(const QJsonObject &root, const QJsonObject &node)
{
    return schemaform::defaultValue(root, node);
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

QString SchemaFormModel::violationText(const Node *node) const
{
    return m_violations.value(schemaform::pointerOf(node)).join(QLatin1String("; "));
}

bool SchemaFormModel::hasViolationBelow(const Node *node) const
{
    const QString p = schemaform::pointerOf(node);
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
    const EditorKind kind = schemaform::editorKind(n);
    switch (role) {
    case Qt::DisplayRole:
        if (col == NameColumn)
            return n->arrayItem ? QStringLiteral("[%1]").arg(n->row()) : (n->required ? n->name + QStringLiteral(" *") : n->name);
        if (col == ValueColumn)
            return kind == EditorKind::Boolean && n->present ? QVariant() : QVariant(schemaform::valueText(n));
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
    case JsonValueRole: return n->present ? QVariant::fromValue(schemaform::valueOf(n)) : QVariant();
    case PointerRole: return schemaform::pointerOf(n);
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
        const EditorKind kind = schemaform::editorKind(n);
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
    const EditorKind kind = schemaform::editorKind(n);
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
