#pragma once

#include "devicemodel/snapshot.h"

#include <QAbstractTableModel>

namespace cb::dm {

// The stored snapshots of one station, newest first: when, what kind of read, how many
// variables, whether it was complete, and the label a person gave it.
class SnapshotListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TakenAt, Source, Entries, Label, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1 };

    explicit SnapshotListModel(QObject *parent = nullptr);

    void setSnapshots(const QList<SnapshotInfo> &snapshots);
    const QList<SnapshotInfo> &snapshots() const { return m_snapshots; }
    const SnapshotInfo *at(int row) const { return row >= 0 && row < m_snapshots.size() ? &m_snapshots.at(row) : nullptr; }
    int rowOf(qint64 id) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<SnapshotInfo> m_snapshots;
};

} // namespace cb::dm
