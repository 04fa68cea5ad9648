#pragma once

#include "inspection/lintreport.h"

#include <QAbstractTableModel>

namespace cb {

// The findings panel: one row per lint finding; FrameIdsRole gives the frames it names, which the
// capture view selects in the traffic list.
class LintFindingsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Severity, Rule, Station, Time, Frames, Message, ColumnCount };
    enum Role { FrameIdsRole = Qt::UserRole + 1 };

    explicit LintFindingsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void setReport(const LintReport &report);
    const LintReport &report() const { return m_report; }
    QList<qint64> frameIds(int row) const;

private:
    LintReport m_report;
};

} // namespace cb
