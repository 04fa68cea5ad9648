#pragma once

#include "link/bytelogentry.h"

#include <QAbstractTableModel>
#include <QList>

namespace cb {

// The raw byte log of a serial link: one row per chunk that crossed the wire (RAPI: as read; Modbus:
// one row per request, reply frame or run of garbage), newest last, with hex and printable text;
// rows whose bytes were no good frame (garbage, wrong CRC, exception reply) are problems. Entries are queued by append() and inserted in one batch per event-loop
// turn (a controller streaming bytes costs one insert per turn, not one per read), and the oldest
// rows go once `capacity` is exceeded. Text is built in data(), never stored.
class ByteLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Time, Direction, Size, Text, Hex, Note, ColumnCount };
    enum Role { EntryBytesRole = Qt::UserRole + 1, OutgoingRole, ProblemRole };

    explicit ByteLogModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // Queues the entry; rows appear at the next event-loop turn (or at flush()).
    void append(const serial::ByteLogEntry &entry);
    // Inserts everything queued now, as one batch.
    void flush();
    void clear();

    void setCapacity(int rows);
    int capacity() const { return m_capacity; }
    int pendingCount() const { return int(m_pending.size()); }
    qint64 droppedCount() const { return m_dropped; } // rows removed to stay within capacity
    const serial::ByteLogEntry &entryAt(int row) const { return m_entries.at(row); }

    // Hex shown in the table stops here (the tooltip has all of it); keeps rows one line.
    static constexpr int kHexPreviewBytes = 48;

Q_SIGNALS:
    void batchInserted(int rows);

private:
    QList<serial::ByteLogEntry> m_entries;
    QList<serial::ByteLogEntry> m_pending;
    int m_capacity = 5000;
    qint64 m_dropped = 0;
    bool m_flushQueued = false;
};

} // namespace cb
