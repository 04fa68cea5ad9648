#pragma once

#include "devicemodel/modeldiff.h"

#include <QAbstractTableModel>

namespace cb::dm {

// A device-model diff as a table: added, removed and changed attributes with old and new values.
class DiffTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Change, Component, Variable, Attribute, OldValue, NewValue, ColumnCount };

    explicit DiffTableModel(QObject *parent = nullptr);

    void setDiff(const ModelDiff &diff);
    const ModelDiff &diff() const { return m_diff; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    ModelDiff m_diff;
};

} // namespace cb::dm
