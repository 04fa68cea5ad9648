#include "devicemodeltreemodel.h"

#include "devicemodeltreenode.h"
#include "variablevalue.h"

#include <QBrush>
#include <QColor>
#include <QFont>

// What DeviceModelTreeModel's cells show: the texts, colours, fonts and tooltips of each kind of
// row, pending edits and write outcomes included, and the column headers.
namespace cb::dm {

using treenode::kActual;
using treenode::nodeKind;
using treenode::nodePayload;

namespace {

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

} // namespace cb::dm
