#include "snapshotlistmodel.h"

#include <QBrush>
#include <QColor>

namespace cb::dm {

SnapshotListModel::SnapshotListModel(QObject *parent) : QAbstractTableModel(parent) {}

void SnapshotListModel::setSnapshots(const QList<SnapshotInfo> &snapshots)
{
    beginResetModel();
    m_snapshots = snapshots;
    endResetModel();
}

int SnapshotListModel::rowOf(qint64 id) const
{
    for (int i = 0; i < m_snapshots.size(); ++i)
        if (m_snapshots.at(i).id == id)
            return i;
    return -1;
}

int SnapshotListModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_snapshots.size()); }

int SnapshotListModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant SnapshotListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_snapshots.size())
        return {};
    const SnapshotInfo &s = m_snapshots.at(index.row());
    if (role == IdRole)
        return s.id;
    if (role == Qt::ToolTipRole) {
        QStringList tip{tr("Snapshot %1 of %2, OCPP %3").arg(s.id).arg(s.stationId, s.ocppVersion)};
        if (!s.complete)
            tip << tr("Incomplete: %1").arg(s.problem);
        if (!s.unknownKeys.isEmpty())
            tip << tr("Unknown keys: %1").arg(s.unknownKeys.join(QStringLiteral(", ")));
        return tip.join(QLatin1Char('\n'));
    }
    if (role == Qt::ForegroundRole && !s.complete)
        return QBrush(QColor(183, 28, 28));
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case TakenAt:
        return s.takenAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case Source:
        return s.complete ? s.source : tr("%1 (incomplete)").arg(s.source);
    case Entries:
        return QString::number(s.entryCount);
    case Label:
        return s.label;
    default:
        return {};
    }
}

QVariant SnapshotListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TakenAt:
        return tr("Taken");
    case Source:
        return tr("Read");
    case Entries:
        return tr("Variables");
    case Label:
        return tr("Label");
    default:
        return {};
    }
}

} // namespace cb::dm
