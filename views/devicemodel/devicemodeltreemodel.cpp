#include "devicemodeltreemodel.h"

#include "pendingeditcommand.h"
#include "variablevalue.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QUndoStack>

#include <map>

namespace cb::dm {

namespace {

static_assert(sizeof(quintptr) >= 8, "node ids pack a kind and a 32-bit index");

// internalId = kind << 32 | payload. The payload names the node's container: a group for
// components, a component for variables, an entry for attributes; the row picks the child.
quintptr nodeId(DeviceModelTreeModel::Kind kind, int payload) { return (quintptr(kind) << 32) | quintptr(quint32(payload)); }
DeviceModelTreeModel::Kind nodeKind(const QModelIndex &i) { return DeviceModelTreeModel::Kind(i.internalId() >> 32); }
int nodePayload(const QModelIndex &i) { return int(quint32(i.internalId() & 0xffffffffu)); }

const QString kActual = QStringLiteral("Actual");

// Attribute keys are "<entry key>#<attribute type>"; attribute types never contain '#'.
QString entryKeyOf(const QString &attributeKey) { return attributeKey.left(attributeKey.lastIndexOf(QLatin1Char('#'))); }

// Persistent/constant are in the tooltip; the column stays narrow.
QString mutabilityText(const VariableAttribute &a) { return a.constant ? DeviceModelTreeModel::tr("Constant") : a.mutability; }

QString mutabilityTip(const VariableAttribute &a)
{
    QString text = a.mutability;
    if (a.constant)
        text += DeviceModelTreeModel::tr(", constant");
    if (a.persistent)
        text += DeviceModelTreeModel::tr(", persistent (kept over a reboot)");
    return text;
}

QColor pendingBackground() { return QColor(255, 236, 179); }   // amber: not sent yet
QColor verifiedForeground() { return QColor(27, 110, 32); }     // green: accepted and read back
QColor failedForeground() { return QColor(183, 28, 28); }       // red: refused or not verified
QColor baselineForeground() { return QColor(21, 101, 192); }    // blue: differs from the snapshot

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

QString DeviceModelTreeModel::attributeKey(int entry, const QString &attributeType) const
{
    return m_model.at(entry).key() + QLatin1Char('#') + attributeType;
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

// --- data ---

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

QVariant DeviceModelTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Kind k = nodeKind(index);
    if (role == KindRole)
        return int(k);
    switch (k) {
    case Kind::Group: {
        if (role == EntryRole)
            return -1;
        if (role != Qt::DisplayRole || index.column() != Name) {
            if (role == Qt::FontRole && index.column() == Name) {
                QFont f;
                f.setBold(true);
                return f;
            }
            return {};
        }
        const GroupNode &g = m_groups.at(index.row());
        return g.evseId ? tr("EVSE %1").arg(*g.evseId) : tr("Charging station");
    }
    case Kind::Component:
        return componentData(m_groups.at(nodePayload(index)).components.at(index.row()), index.column(), role);
    case Kind::Variable:
        return variableData(entryOf(index), index.column(), role);
    case Kind::Attribute:
        return attributeData(nodePayload(index), index.row(), index.column(), role);
    }
    return {};
}

QVariant DeviceModelTreeModel::componentData(int component, int column, int role) const
{
    const ComponentNode &node = m_components.at(component);
    if (role == EntryRole)
        return -1;
    if (role == Qt::DisplayRole) {
        if (column == Name)
            return m_model.at(node.entries.first()).component.displayName();
        if (column == Value)
            return tr("%n variable(s)", nullptr, int(node.entries.size()));
    }
    if (role == Qt::ForegroundRole && column == Value)
        return QBrush(Qt::gray);
    return {};
}

QVariant DeviceModelTreeModel::valueCell(int entry, const QString &attributeType, const std::optional<QString> &value, int role) const
{
    const QString key = attributeKey(entry, attributeType);
    const auto pending = m_pending.constFind(key);
    const bool isPending = pending != m_pending.constEnd();
    const auto result = m_results.constFind(key);
    const bool verified = result != m_results.constEnd() && result->changed();
    switch (role) {
    case Qt::DisplayRole:
        if (isPending)
            return pending->value;
        return value ? *value : tr("(write-only)");
    case Qt::EditRole:
        return isPending ? pending->value : value.value_or(QString());
    case Qt::BackgroundRole:
        return isPending ? QVariant(QBrush(pendingBackground())) : QVariant();
    case Qt::ForegroundRole:
        if (!value && !isPending)
            return QBrush(Qt::gray);
        if (verified)
            return QBrush(verifiedForeground());
        if (!isPending && changedSinceBaseline(entry))
            return QBrush(baselineForeground());
        return {};
    case Qt::FontRole:
        if (isPending || verified) {
            QFont f;
            f.setItalic(isPending);
            f.setBold(verified);
            return f;
        }
        return {};
    case Qt::ToolTipRole: {
        QStringList tip;
        if (isPending)
            tip << tr("Pending: %1 (not sent yet; the station reports %2). Apply sends it, Undo takes it back.")
                       .arg(pending->value, value.value_or(tr("nothing")));
        if (verified)
            tip << tr("Changed: the station accepted %1 and reported it back.").arg(result->requested);
        if (m_baseline && changedSinceBaseline(entry)) {
            const DeviceModelEntry &e = m_model.at(entry);
            const DeviceModelEntry *before = m_baseline->find(e.component, e.variable);
            const VariableAttribute *b = before ? before->attribute(attributeType) : nullptr;
            tip << (b ? tr("In the snapshot: %1").arg(b->value.value_or(tr("(no value)"))) : tr("Not in the snapshot."));
        }
        return tip.isEmpty() ? QVariant() : QVariant(tip.join(QLatin1Char('\n')));
    }
    case PendingRole:
        return isPending ? QVariant(pending->value) : QVariant();
    case ChangedRole:
        return verified;
    default:
        return {};
    }
}

namespace {

QString resultText(const WriteState &s)
{
    using Stage = WriteState::Stage;
    switch (s.stage) {
    case Stage::Sending:
        return DeviceModelTreeModel::tr("Sending\u2026");
    case Stage::Answered:
        if (s.needsReboot())
            return DeviceModelTreeModel::tr("RebootRequired: reset the station to apply");
        return s.info.isEmpty() ? s.status : s.status + QStringLiteral(": ") + s.info;
    case Stage::Verifying:
        return DeviceModelTreeModel::tr("%1, reading back\u2026").arg(s.status);
    case Stage::Verified:
        return DeviceModelTreeModel::tr("%1 \u2713 verified").arg(s.status);
    case Stage::NotVerified:
        return DeviceModelTreeModel::tr("%1, but the station reports %2").arg(s.status, s.readBack.isEmpty() ? s.info : s.readBack);
    case Stage::Failed:
        return DeviceModelTreeModel::tr("Not sent: %1").arg(s.info);
    }
    return {};
}

} // namespace

QVariant DeviceModelTreeModel::variableData(int entry, int column, int role) const
{
    const DeviceModelEntry &e = m_model.at(entry);
    const VariableAttribute *actual = e.attribute(kActual);
    if (role == EntryRole)
        return entry;
    if (role == AttributeTypeRole)
        return kActual;
    if (role == WritableRole)
        return e.writable();
    if (role == ChangedSinceBaselineRole)
        return changedSinceBaseline(entry);
    if (column == Value && actual)
        return valueCell(entry, kActual, actual->value, role);
    if (column == Result && actual)
        return attributeData(entry, int(actual - e.attributes.constData()), Result, role);
    if (role == PendingRole || role == ChangedRole)
        return actual ? valueCell(entry, kActual, actual->value, role) : QVariant();
    if (role == Qt::ForegroundRole && column == Name && changedSinceBaseline(entry))
        return QBrush(baselineForeground());
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    const VariableCharacteristics *c = e.characteristics ? &*e.characteristics : nullptr;
    switch (column) {
    case Name:
        return e.variable.displayName();
    case Mutability: {
        const VariableAttribute *a = actual ? actual : (e.attributes.isEmpty() ? nullptr : &e.attributes.first());
        return a ? (role == Qt::ToolTipRole ? mutabilityTip(*a) : mutabilityText(*a)) : QString();
    }
    case Unit:
        return c ? c->unit : QString();
    case DataType:
        return c ? c->dataType : QString();
    case Limits:
        return c ? VariableValue::limitsText(*c) : QString();
    case ValuesList:
        return c ? c->valuesList : QString();
    default:
        return {};
    }
}

QVariant DeviceModelTreeModel::attributeData(int entry, int attribute, int column, int role) const
{
    const DeviceModelEntry &e = m_model.at(entry);
    const VariableAttribute &a = e.attributes.at(attribute);
    if (role == EntryRole)
        return entry;
    if (role == AttributeTypeRole)
        return a.type;
    if (role == WritableRole)
        return a.writable();
    if (role == ChangedSinceBaselineRole)
        return changedSinceBaseline(entry);
    if (column == Value || role == PendingRole || role == ChangedRole)
        return valueCell(entry, a.type, a.value, role);
    if (column == Result) {
        const auto r = m_results.constFind(attributeKey(entry, a.type));
        if (r == m_results.constEnd())
            return {};
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
            return resultText(*r);
        if (role == Qt::ForegroundRole) {
            if (r->changed())
                return QBrush(verifiedForeground());
            if (r->stage == WriteState::Stage::Sending || r->stage == WriteState::Stage::Verifying)
                return QBrush(Qt::gray);
            return r->needsReboot() ? QBrush(QColor(230, 81, 0)) : QBrush(failedForeground());
        }
        return {};
    }
    if (role == Qt::ToolTipRole && column == Mutability)
        return mutabilityTip(a);
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case Name:
        return a.type;
    case Mutability:
        return mutabilityText(a);
    default:
        return {};
    }
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

QVariant DeviceModelTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Component / variable");
    case Value:
        return tr("Value");
    case Mutability:
        return tr("Mutability");
    case Unit:
        return tr("Unit");
    case DataType:
        return tr("Data type");
    case Limits:
        return tr("Limits");
    case ValuesList:
        return tr("Values list");
    case Result:
        return tr("Last write");
    default:
        return {};
    }
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
