#include "devicemodeltreemodel.h"

#include "devicemodeltreenode.h"
#include "pendingeditcommand.h"
#include "variablevalue.h"

#include <QUndoStack>

#include <algorithm>

// DeviceModelTreeModel's state: the device model and its baseline, grouping, pending edits and
// write outcomes. The tree is built and walked in devicemodeltreestructure.cpp, the cells are
// drawn in devicemodeltreecells.cpp.
namespace cb::dm {

using treenode::nodeKind;

namespace {

// Attribute keys are "<entry key>#<attribute type>"; attribute types never contain '#'.
QString entryKeyOf(const QString &attributeKey) { return attributeKey.left(attributeKey.lastIndexOf(QLatin1Char('#'))); }

} // namespace

DeviceModelTreeModel::DeviceModelTreeModel(QObject *parent) : QAbstractItemModel(parent), m_undo(new QUndoStack(this))
{
    rebuild();
}

void DeviceModelTreeModel::setDeviceModel(const DeviceModel &model)
{
    bool sameShape = model.size() == m_model.size();
    for (qsizetype i = 0; sameShape && i < model.size(); ++i) {
        const DeviceModelEntry &a = model.at(i);
        const DeviceModelEntry &b = m_model.at(i);
        sameShape = a.component == b.component && a.variable == b.variable && a.attributes.size() == b.attributes.size();
    }
    if (!sameShape) {
        beginResetModel();
        m_model = model;
        // Pending edits follow their entry by key; those whose entry is gone are dropped.
        QHash<QString, PendingEdit> kept;
        for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
            const qsizetype e = m_model.indexOf(entryKeyOf(it.key()));
            if (e >= 0)
                kept.insert(it.key(), PendingEdit{int(e), it->attributeType, it->value});
        }
        m_pending = kept;
        QHash<QString, WriteState> results;
        for (auto it = m_results.cbegin(); it != m_results.cend(); ++it)
            if (m_model.indexOf(entryKeyOf(it.key())) >= 0)
                results.insert(it.key(), *it);
        m_results = results;
        rebuild();
        computeBaselineFlags();
        endResetModel();
        Q_EMIT pendingChanged(pendingCount());
        return;
    }
    const DeviceModel old = m_model;
    m_model = model;
    computeBaselineFlags();
    for (qsizetype i = 0; i < model.size(); ++i) {
        if (model.at(i) == old.at(i))
            continue;
        const QModelIndex v = indexOfEntry(int(i));
        Q_EMIT dataChanged(v, v.siblingAtColumn(ColumnCount - 1));
        const int attrs = int(model.at(i).attributes.size());
        if (attrs > 0)
            Q_EMIT dataChanged(index(0, 0, v), index(attrs - 1, ColumnCount - 1, v));
    }
}

void DeviceModelTreeModel::setBaseline(const std::optional<DeviceModel> &baseline)
{
    const QList<bool> before = m_changedSinceBaseline;
    m_baseline = baseline;
    computeBaselineFlags();
    for (qsizetype i = 0; i < m_model.size(); ++i) {
        if (before.value(i) == m_changedSinceBaseline.at(i))
            continue;
        const QModelIndex v = indexOfEntry(int(i));
        Q_EMIT dataChanged(v, v.siblingAtColumn(ColumnCount - 1));
        const int attrs = int(m_model.at(i).attributes.size());
        if (attrs > 0)
            Q_EMIT dataChanged(index(0, 0, v), index(attrs - 1, ColumnCount - 1, v));
    }
}

void DeviceModelTreeModel::computeBaselineFlags()
{
    m_changedSinceBaseline.fill(false, m_model.size());
    if (!m_baseline)
        return;
    for (qsizetype i = 0; i < m_model.size(); ++i) {
        const DeviceModelEntry &e = m_model.at(i);
        const DeviceModelEntry *before = m_baseline->find(e.component, e.variable);
        // Only values count: a changed characteristic is not something the user set.
        bool changed = !before || before->attributes.size() != e.attributes.size();
        for (qsizetype a = 0; !changed && a < e.attributes.size(); ++a) {
            const VariableAttribute *b = before->attribute(e.attributes.at(a).type);
            changed = !b || b->value != e.attributes.at(a).value;
        }
        m_changedSinceBaseline[i] = changed;
    }
}

void DeviceModelTreeModel::setGroupByEvse(bool on)
{
    if (on == m_groupByEvse)
        return;
    beginResetModel();
    m_groupByEvse = on;
    rebuild();
    endResetModel();
}

QString DeviceModelTreeModel::attributeKey(int entry, const QString &attributeType) const
{
    return m_model.at(entry).key() + QLatin1Char('#') + attributeType;
}

bool DeviceModelTreeModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || index.column() != Value || !(flags(index) & Qt::ItemIsEditable))
        return false;
    const int e = entryOf(index);
    const QString type = attributeTypeAt(index);
    const VariableAttribute *a = attributeAt(index);
    const QString text = value.toString();
    const DeviceModelEntry &entry = m_model.at(e);
    if (entry.characteristics && !VariableValue::problem(*entry.characteristics, text).isEmpty())
        return false;
    const std::optional<QString> before = pendingValue(e, type);
    // Typing the reported value again takes the edit back rather than queueing a no-op write.
    const std::optional<QString> after = a && a->value == text ? std::nullopt : std::optional<QString>(text);
    if (before == after)
        return true;
    m_undo->push(new PendingEditCommand(*this, {{entry.key(), type, before, after}},
                                        tr("Edit %1.%2").arg(entry.component.name, entry.variable.displayName())));
    return true;
}

Qt::ItemFlags DeviceModelTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() == Value) {
        const VariableAttribute *a = attributeAt(index);
        if (a && a->writable() && !a->constant)
            f |= Qt::ItemIsEditable;
    }
    if (nodeKind(index) == Kind::Attribute)
        f |= Qt::ItemNeverHasChildren;
    return f;
}

// --- pending edits and results ---

QList<DeviceModelTreeModel::PendingEdit> DeviceModelTreeModel::pendingEdits() const
{
    QList<PendingEdit> list = m_pending.values();
    std::sort(list.begin(), list.end(), [](const PendingEdit &a, const PendingEdit &b) {
        return a.entry != b.entry ? a.entry < b.entry : a.attributeType < b.attributeType;
    });
    return list;
}

std::optional<QString> DeviceModelTreeModel::pendingValue(int entry, const QString &attributeType) const
{
    const auto it = m_pending.constFind(attributeKey(entry, attributeType));
    return it == m_pending.constEnd() ? std::nullopt : std::optional<QString>(it->value);
}

void DeviceModelTreeModel::putPending(int entry, const QString &attributeType, const std::optional<QString> &value)
{
    const QString key = attributeKey(entry, attributeType);
    if (value)
        m_pending.insert(key, PendingEdit{entry, attributeType, *value});
    else
        m_pending.remove(key);
    emitRowChanged(entry, attributeType);
    Q_EMIT pendingChanged(pendingCount());
}

void DeviceModelTreeModel::discardPending()
{
    if (m_pending.isEmpty())
        return;
    QList<PendingEditCommand::Change> changes;
    for (const PendingEdit &p : pendingEdits())
        changes.append({m_model.at(p.entry).key(), p.attributeType, p.value, std::nullopt});
    m_undo->push(new PendingEditCommand(*this, changes, tr("Discard %n pending change(s)", nullptr, int(changes.size()))));
}

void DeviceModelTreeModel::takePending(const QList<PendingEdit> &sent)
{
    for (const PendingEdit &p : sent) {
        m_pending.remove(attributeKey(p.entry, p.attributeType));
        emitRowChanged(p.entry, p.attributeType);
    }
    // What was sent cannot be un-sent: the undo history of those edits ends here.
    m_undo->clear();
    Q_EMIT pendingChanged(pendingCount());
}

void DeviceModelTreeModel::setWriteState(int entry, const QString &attributeType, const WriteState &state)
{
    if (entry < 0 || entry >= m_model.size())
        return;
    m_results.insert(attributeKey(entry, attributeType), state);
    emitRowChanged(entry, attributeType);
}

std::optional<WriteState> DeviceModelTreeModel::writeState(int entry, const QString &attributeType) const
{
    if (entry < 0 || entry >= m_model.size())
        return std::nullopt;
    const auto it = m_results.constFind(attributeKey(entry, attributeType));
    return it == m_results.constEnd() ? std::nullopt : std::optional<WriteState>(*it);
}

void DeviceModelTreeModel::clearWriteStates()
{
    const auto keys = m_results.keys();
    m_results.clear();
    for (const QString &k : keys) {
        const qsizetype e = m_model.indexOf(entryKeyOf(k));
        if (e >= 0)
            emitRowChanged(int(e), k.mid(k.lastIndexOf(QLatin1Char('#')) + 1));
    }
}

void DeviceModelTreeModel::emitRowChanged(int entry, const QString &attributeType)
{
    const QModelIndex v = indexOfEntry(entry);
    Q_EMIT dataChanged(v, v.siblingAtColumn(ColumnCount - 1));
    const QModelIndex a = indexOfAttribute(entry, attributeType);
    if (a.isValid())
        Q_EMIT dataChanged(a, a.siblingAtColumn(ColumnCount - 1));
}

} // namespace cb::dm
