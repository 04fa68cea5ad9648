#include "bytelogmodel.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QFontDatabase>

namespace cb {

ByteLogModel::ByteLogModel(QObject *parent) : QAbstractTableModel(parent) {}

int ByteLogModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_entries.size()); }
int ByteLogModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

namespace {
QString hexPreview(const serial::ByteLogEntry &e)
{
    if (e.bytes.size() <= ByteLogModel::kHexPreviewBytes)
        return e.hex();
    return QString::fromLatin1(e.bytes.first(ByteLogModel::kHexPreviewBytes).toHex(' ')) + QStringLiteral(" \u2026");
}
} // namespace

QVariant ByteLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const serial::ByteLogEntry &e = m_entries.at(index.row());
    const bool out = e.direction == serial::ByteLogEntry::Direction::Out;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Time: return QDateTime::fromMSecsSinceEpoch(e.timestampUs / 1000).toString(QStringLiteral("HH:mm:ss.zzz"));
        case Direction: return out ? QStringLiteral("\u2192") : QStringLiteral("\u2190");
        case Size: return QString::number(e.bytes.size());
        case Hex: return hexPreview(e);
        case Text: return e.text();
        case Note: return e.note;
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == Direction)
            return out ? tr("sent to the controller") : tr("received from the controller");
        if (index.column() == Hex && e.bytes.size() > kHexPreviewBytes)
            return e.hex();
        if (index.column() == Note && !e.note.isEmpty())
            return e.note;
        break;
    case Qt::FontRole:
        if (index.column() == Hex || index.column() == Text)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        break;
    case Qt::ForegroundRole:
        // Bytes that were no good frame (garbage, wrong CRC, exception) and entries without bytes
        // (frames a client discarded) are problems; a note on a good frame is information.
        if ((e.problem || (e.bytes.isEmpty() && !e.note.isEmpty())) && (index.column() == Note || index.column() == Hex))
            return QBrush(QColor(0xc6, 0x28, 0x28));
        if (index.column() == Direction)
            return QBrush(out ? QColor(0x1f, 0x5f, 0xbf) : QColor(0x2e, 0x7d, 0x32));
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == Size)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        if (index.column() == Direction)
            return int(Qt::AlignCenter);
        break;
    case EntryBytesRole:
        return e.bytes;
    case OutgoingRole:
        return out;
    case ProblemRole:
        return e.problem || (e.bytes.isEmpty() && !e.note.isEmpty());
    default:
        break;
    }
    return {};
}

QVariant ByteLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time: return tr("Time");
    case Direction: return tr("Dir");
    case Size: return tr("Bytes");
    case Hex: return tr("Hex");
    case Text: return tr("Text");
    case Note: return tr("Note");
    }
    return {};
}

void ByteLogModel::append(const serial::ByteLogEntry &entry)
{
    m_pending.append(entry);
    if (!m_flushQueued) {
        m_flushQueued = true;
        QMetaObject::invokeMethod(this, &ByteLogModel::flush, Qt::QueuedConnection);
    }
}

void ByteLogModel::flush()
{
    m_flushQueued = false;
    if (m_pending.isEmpty())
        return;
    QList<serial::ByteLogEntry> batch;
    batch.swap(m_pending);
    // Keep only what fits, then drop the oldest rows in one removal.
    const qsizetype incoming = std::min<qsizetype>(batch.size(), m_capacity);
    m_dropped += batch.size() - incoming;
    const qsizetype overflow = m_entries.size() + incoming - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, 0, int(overflow - 1));
        m_entries.remove(0, overflow);
        endRemoveRows();
        m_dropped += overflow;
    }
    const int first = int(m_entries.size());
    beginInsertRows({}, first, first + int(incoming) - 1);
    m_entries.append(batch.mid(batch.size() - incoming));
    endInsertRows();
    Q_EMIT batchInserted(int(incoming));
}

void ByteLogModel::clear()
{
    beginResetModel();
    m_entries.clear();
    m_pending.clear();
    endResetModel();
}

void ByteLogModel::setCapacity(int rows)
{
    m_capacity = std::max(1, rows);
    if (m_entries.size() > m_capacity) {
        const qsizetype overflow = m_entries.size() - m_capacity;
        beginRemoveRows({}, 0, int(overflow - 1));
        m_entries.remove(0, overflow);
        endRemoveRows();
        m_dropped += overflow;
    }
}

} // namespace cb
