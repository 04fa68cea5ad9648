#pragma once

#include "capture/capturerecord.h"

#include <QAbstractTableModel>
#include <QList>

namespace cb {

// Live traffic for the bottom dock: the newest captured records, at most `capacity` of them.
// Rows arrive in batches (one insert per batch); text is built in data() from the small record.
class TrafficModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Time, Station, Direction, Type, Action, MessageId, Size, Verdict, ColumnCount };
    enum Role { RecordTextRole = Qt::UserRole + 1, ProblemRole };

    explicit TrafficModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void appendBatch(const QList<CaptureRecord> &records);
    void clear();
    void setCapacity(int rows) { m_capacity = rows; }
    int capacity() const { return m_capacity; }
    const CaptureRecord &recordAt(int row) const { return m_records.at(row); }

    // Pretty-printed JSON of a frame (or its raw text when it is not JSON).
    static QString prettyText(const CaptureRecord &r);

private:
    QList<CaptureRecord> m_records;
    int m_capacity = 5000;
};

} // namespace cb
