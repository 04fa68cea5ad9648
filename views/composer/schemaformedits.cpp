#include "schemaformmodel.h"

#include "schemaformrows.h"

#include <algorithm>

// SchemaFormModel's payload edits: a value set as is, an array item added, an optional property
// included or removed, each announced to views as the rows that change.
namespace cb {

using schemaform::Shape;

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
    node->shape = schemaform::shapeFor(node, value);
    auto children = schemaform::childrenFor(m_schema, node); // clears node->value for containers
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
    auto child = schemaform::makeNode(m_schema, array, QString(), items, defaultValue(m_schema, items), true, true);
    child->arrayItem = true;
    child->children = schemaform::childrenFor(m_schema, child.get());
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

} // namespace cb
