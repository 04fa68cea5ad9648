#include "devicemodeltreemodel.h"

#include "devicemodeltreenode.h"

#include <map>

// DeviceModelTreeModel's tree: built from the device model's entries (rebuild), walked by index(),
// parent() and rowCount(), and the entry lookups the filter proxy and the tab use.
namespace cb::dm {

using treenode::kActual;
using treenode::nodeId;
using treenode::nodeKind;
using treenode::nodePayload;

void DeviceModelTreeModel::rebuild()
{
    m_groups.clear();
    m_components.clear();
    const qsizetype n = m_model.size();
    m_componentOfEntry.fill(-1, n);
    m_rowOfEntry.fill(-1, n);
    m_rowOfComponent.clear();
    m_changedSinceBaseline.resize(n);

    // Components in report order; a component's variables in report order.
    QHash<QString, int> componentByKey;
    componentByKey.reserve(n / 4 + 1);
    for (qsizetype i = 0; i < n; ++i) {
        const QString key = m_model.at(i).component.key();
        auto it = componentByKey.constFind(key);
        int c;
        if (it == componentByKey.constEnd()) {
            c = int(m_components.size());
            m_components.append(ComponentNode{});
            componentByKey.insert(key, c);
        } else {
            c = *it;
        }
        m_componentOfEntry[i] = c;
        m_rowOfEntry[i] = int(m_components[c].entries.size());
        m_components[c].entries.append(int(i));
    }
    m_rowOfComponent.fill(0, m_components.size());
    if (!m_groupByEvse) {
        GroupNode all;
        for (int c = 0; c < m_components.size(); ++c) {
            m_rowOfComponent[c] = c;
            all.components.append(c);
        }
        m_groups.append(all);
        return;
    }
    // The station as a whole first (no EVSE, or EVSE 0), then EVSE 1, 2, ...
    std::map<int, int> groupOfEvse;
    for (int c = 0; c < m_components.size(); ++c) {
        const ComponentRef &ref = m_model.at(m_components[c].entries.first()).component;
        const int evse = ref.evseId && *ref.evseId > 0 ? *ref.evseId : 0;
        groupOfEvse.emplace(evse, 0);
    }
    for (auto &[evse, g] : groupOfEvse) {
        g = int(m_groups.size());
        GroupNode node;
        if (evse > 0)
            node.evseId = evse;
        m_groups.append(node);
    }
    for (int c = 0; c < m_components.size(); ++c) {
        const ComponentRef &ref = m_model.at(m_components[c].entries.first()).component;
        const int g = groupOfEvse.at(ref.evseId && *ref.evseId > 0 ? *ref.evseId : 0);
        m_components[c].group = g;
        m_rowOfComponent[c] = int(m_groups[g].components.size());
        m_groups[g].components.append(c);
    }
}

// --- structure ---

QModelIndex DeviceModelTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid()) {
        if (m_groupByEvse)
            return row < m_groups.size() ? createIndex(row, column, nodeId(Kind::Group, 0)) : QModelIndex();
        return row < m_groups.first().components.size() ? createIndex(row, column, nodeId(Kind::Component, 0)) : QModelIndex();
    }
    if (parent.column() != 0)
        return {};
    switch (nodeKind(parent)) {
    case Kind::Group:
        return row < m_groups.at(parent.row()).components.size() ? createIndex(row, column, nodeId(Kind::Component, parent.row()))
                                                                 : QModelIndex();
    case Kind::Component: {
        const int c = m_groups.at(nodePayload(parent)).components.at(parent.row());
        return row < m_components.at(c).entries.size() ? createIndex(row, column, nodeId(Kind::Variable, c)) : QModelIndex();
    }
    case Kind::Variable: {
        const int e = m_components.at(nodePayload(parent)).entries.at(parent.row());
        return row < m_model.at(e).attributes.size() ? createIndex(row, column, nodeId(Kind::Attribute, e)) : QModelIndex();
    }
    case Kind::Attribute:
        return {};
    }
    return {};
}

QModelIndex DeviceModelTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const int payload = nodePayload(child);
    switch (nodeKind(child)) {
    case Kind::Group:
        return {};
    case Kind::Component:
        return m_groupByEvse ? createIndex(payload, 0, nodeId(Kind::Group, 0)) : QModelIndex();
    case Kind::Variable: {
        const int g = m_components.at(payload).group;
        return createIndex(m_rowOfComponent.at(payload), 0, nodeId(Kind::Component, g));
    }
    case Kind::Attribute: {
        const int c = m_componentOfEntry.at(payload);
        return createIndex(m_rowOfEntry.at(payload), 0, nodeId(Kind::Variable, c));
    }
    }
    return {};
}

int DeviceModelTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_groupByEvse ? m_groups.size() : m_groups.first().components.size());
    if (parent.column() != 0)
        return 0;
    switch (nodeKind(parent)) {
    case Kind::Group:
        return int(m_groups.at(parent.row()).components.size());
    case Kind::Component:
        return int(m_components.at(m_groups.at(nodePayload(parent)).components.at(parent.row())).entries.size());
    case Kind::Variable:
        return int(m_model.at(m_components.at(nodePayload(parent)).entries.at(parent.row())).attributes.size());
    case Kind::Attribute:
        return 0;
    }
    return 0;
}

int DeviceModelTreeModel::columnCount(const QModelIndex &) const { return ColumnCount; }

DeviceModelTreeModel::Kind DeviceModelTreeModel::kind(const QModelIndex &index) const { return nodeKind(index); }

int DeviceModelTreeModel::entryOf(const QModelIndex &index) const
{
    if (!index.isValid())
        return -1;
    switch (nodeKind(index)) {
    case Kind::Variable:
        return m_components.at(nodePayload(index)).entries.at(index.row());
    case Kind::Attribute:
        return nodePayload(index);
    default:
        return -1;
    }
}

QList<int> DeviceModelTreeModel::entriesUnder(const QModelIndex &index) const
{
    if (!index.isValid())
        return {};
    switch (nodeKind(index)) {
    case Kind::Group: {
        QList<int> all;
        for (int c : m_groups.at(index.row()).components)
            all += m_components.at(c).entries;
        return all;
    }
    case Kind::Component:
        return m_components.at(m_groups.at(nodePayload(index)).components.at(index.row())).entries;
    default:
        return {entryOf(index)};
    }
}

bool DeviceModelTreeModel::entryMatches(int entry, const QString &needle) const
{
    if (needle.isEmpty())
        return true;
    const DeviceModelEntry &e = m_model.at(entry);
    const auto has = [&needle](const QString &s) { return s.contains(needle, Qt::CaseInsensitive); };
    if (has(e.component.name) || has(e.variable.name) || has(e.component.instance) || has(e.variable.instance))
        return true;
    for (const VariableAttribute &a : e.attributes)
        if (a.value && has(*a.value))
            return true;
    return false;
}

QModelIndex DeviceModelTreeModel::indexOfEntry(int entry, int column) const
{
    if (entry < 0 || entry >= m_componentOfEntry.size())
        return {};
    return createIndex(m_rowOfEntry.at(entry), column, nodeId(Kind::Variable, m_componentOfEntry.at(entry)));
}

QModelIndex DeviceModelTreeModel::indexOfAttribute(int entry, const QString &attributeType, int column) const
{
    if (entry < 0 || entry >= m_model.size())
        return {};
    const QList<VariableAttribute> &attrs = m_model.at(entry).attributes;
    for (int a = 0; a < attrs.size(); ++a)
        if (attrs.at(a).type == attributeType)
            return createIndex(a, column, nodeId(Kind::Attribute, entry));
    return {};
}

const VariableAttribute *DeviceModelTreeModel::attributeAt(const QModelIndex &index) const
{
    const int e = entryOf(index);
    if (e < 0)
        return nullptr;
    const DeviceModelEntry &entry = m_model.at(e);
    if (nodeKind(index) == Kind::Attribute)
        return &entry.attributes.at(index.row());
    return entry.attribute(kActual);
}

QString DeviceModelTreeModel::attributeTypeAt(const QModelIndex &index) const
{
    if (nodeKind(index) == Kind::Attribute)
        return m_model.at(nodePayload(index)).attributes.at(index.row()).type;
    return kActual;
}

} // namespace cb::dm
