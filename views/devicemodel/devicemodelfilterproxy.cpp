#include "devicemodelfilterproxy.h"

#include "devicemodeltreemodel.h"

namespace cb::dm {

namespace {
constexpr qsizetype kMaxPersistentForInvalidate = 500;
}

DeviceModelFilterProxy::DeviceModelFilterProxy(QObject *parent) : QSortFilterProxyModel(parent)
{
    // Sorting is by column text on request only; report order is the default.
    setSortCaseSensitivity(Qt::CaseInsensitive);
    // Value edits must not re-sort or re-filter under the user's cursor.
    setDynamicSortFilter(false);
}

void DeviceModelFilterProxy::setTreeModel(DeviceModelTreeModel *model)
{
    m_tree = model;
    setSourceModel(model);
}

void DeviceModelFilterProxy::setText(const QString &text)
{
    const QString t = text.trimmed();
    if (t == m_text)
        return;
    m_text = t;
    refilter();
}

void DeviceModelFilterProxy::setOnlyWritable(bool on)
{
    if (on == m_onlyWritable)
        return;
    m_onlyWritable = on;
    refilter();
}

void DeviceModelFilterProxy::setOnlyChanged(bool on)
{
    if (on == m_onlyChanged)
        return;
    m_onlyChanged = on;
    refilter();
}

void DeviceModelFilterProxy::refilter()
{
    // invalidateFilter() moves every persistent index (each expanded row of a tree view holds
    // one) once per removed range: quadratic with thousands of expanded variables. Past a few
    // hundred, a reset is far cheaper; the view loses its expansion, which the tab restores.
    if (persistentIndexList().size() > kMaxPersistentForInvalidate) {
        beginResetModel();
        endResetModel();
        return;
    }
    invalidateFilter();
}

bool DeviceModelFilterProxy::entryAccepted(int entry) const
{
    if (m_onlyWritable && !m_tree->deviceModel().at(entry).writable())
        return false;
    if (m_onlyChanged && !m_tree->changedSinceBaseline(entry))
        return false;
    return m_tree->entryMatches(entry, m_text);
}

bool DeviceModelFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_tree || !filtering())
        return true;
    const QModelIndex row = m_tree->index(sourceRow, 0, sourceParent);
    switch (m_tree->kind(row)) {
    case DeviceModelTreeModel::Kind::Attribute:
        return true; // its variable was accepted, or it would not be asked
    case DeviceModelTreeModel::Kind::Variable:
        return entryAccepted(m_tree->entryOf(row));
    case DeviceModelTreeModel::Kind::Component:
    case DeviceModelTreeModel::Kind::Group: {
        const QList<int> entries = m_tree->entriesUnder(row);
        return std::any_of(entries.cbegin(), entries.cend(), [this](int e) { return entryAccepted(e); });
    }
    }
    return true;
}

bool DeviceModelFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    // Numbers sort as numbers (limits, values), everything else as text.
    bool l = false;
    bool r = false;
    const double a = left.data().toString().toDouble(&l);
    const double b = right.data().toString().toDouble(&r);
    if (l && r)
        return a < b;
    return QString::localeAwareCompare(left.data().toString(), right.data().toString()) < 0;
}

} // namespace cb::dm
