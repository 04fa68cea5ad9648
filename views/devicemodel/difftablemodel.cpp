#include "difftablemodel.h"

#include <QBrush>
#include <QColor>

namespace cb::dm {

DiffTableModel::DiffTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void DiffTableModel::setDiff(const ModelDiff &diff)
{
    beginResetModel();
    m_diff = diff;
    endResetModel();
}

int DiffTableModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_diff.entries().size()); }

int DiffTableModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant DiffTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_diff.entries().size())
        return {};
    const DiffEntry &d = m_diff.entries().at(index.row());
    if (role == Qt::ForegroundRole && index.column() == Change) {
        switch (d.kind) {
        case DiffEntry::Kind::Added:
            return QBrush(QColor(27, 110, 32));
        case DiffEntry::Kind::Removed:
            return QBrush(QColor(183, 28, 28));
        case DiffEntry::Kind::Changed:
            return QBrush(QColor(21, 101, 192));
        }
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    const auto value = [](const std::optional<QString> &v, const QString &mutability) {
        QString text = v ? *v : QString();
        if (!mutability.isEmpty())
            text += (text.isEmpty() ? QString() : QStringLiteral(" ")) + QLatin1Char('(') + mutability + QLatin1Char(')');
        return text;
    };
    switch (index.column()) {
    case Change:
        switch (d.kind) {
        case DiffEntry::Kind::Added:
            return tr("added");
        case DiffEntry::Kind::Removed:
            return tr("removed");
        case DiffEntry::Kind::Changed:
            return tr("changed");
        }
        return {};
    case Component:
        return d.component.displayName();
    case Variable:
        return d.variable.displayName();
    case Attribute:
        return d.attributeType;
    case OldValue:
        return value(d.oldValue, d.oldMutability);
    case NewValue:
        return value(d.newValue, d.newMutability);
    default:
        return {};
    }
}

QVariant DiffTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Change:
        return tr("Change");
    case Component:
        return tr("Component");
    case Variable:
        return tr("Variable");
    case Attribute:
        return tr("Attribute");
    case OldValue:
        return tr("Old value");
    case NewValue:
        return tr("New value");
    default:
        return {};
    }
}

} // namespace cb::dm
