#include "trafficmodel.h"

#include "rpc/rpcframe.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QJsonDocument>

namespace cb {

TrafficModel::TrafficModel(QObject *parent) : QAbstractTableModel(parent) {}

int TrafficModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_records.size()); }
int TrafficModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

namespace {
QString kindText(const CaptureRecord &r)
{
    switch (r.kind) {
    case CaptureRecord::Kind::ConnectionOpened: return TrafficModel::tr("connected");
    case CaptureRecord::Kind::ConnectionClosed: return TrafficModel::tr("closed");
    case CaptureRecord::Kind::Note: return TrafficModel::tr("note");
    case CaptureRecord::Kind::Frame: break;
    }
    return r.messageType ? messageTypeName(MessageType(r.messageType)) : TrafficModel::tr("undecodable");
}
} // namespace

QVariant TrafficModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CaptureRecord &r = m_records.at(index.row());
    if (role == RecordTextRole)
        return prettyText(r);
    if (role == ProblemRole)
        return r.problem;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Time: return QDateTime::fromMSecsSinceEpoch(r.timestampUs / 1000).toString(QStringLiteral("HH:mm:ss.zzz"));
        case Station: return r.stationId;
        case Direction: return r.kind == CaptureRecord::Kind::Frame ? (r.outgoing ? QStringLiteral("\u2192") : QStringLiteral("\u2190")) : QString();
        case Type: return kindText(r);
        case Action: return r.action;
        case MessageId: return r.messageId;
        case Size: return QString::number(r.data.size());
        case Verdict: return r.problem.isEmpty() ? (r.kind == CaptureRecord::Kind::Frame ? tr("ok") : QString()) : r.problem;
        }
    }
    if (role == Qt::ToolTipRole && index.column() == Direction)
        return r.outgoing ? tr("sent by ChargeBench") : tr("received from the station");
    if (role == Qt::ToolTipRole && index.column() == Verdict && !r.problem.isEmpty())
        return r.problem;
    if (role == Qt::ForegroundRole && index.column() == Verdict && !r.problem.isEmpty())
        return QBrush(QColor(0xc6, 0x28, 0x28));
    if (role == Qt::TextAlignmentRole && index.column() == Size)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant TrafficModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time: return tr("Time");
    case Station: return tr("Station");
    case Direction: return tr("Dir");
    case Type: return tr("Type");
    case Action: return tr("Action");
    case MessageId: return tr("Message id");
    case Size: return tr("Bytes");
    case Verdict: return tr("Verdict");
    }
    return {};
}

void TrafficModel::appendBatch(const QList<CaptureRecord> &records)
{
    if (records.isEmpty())
        return;
    // Keep only what fits, then drop the oldest rows in one removal.
    const qsizetype incoming = std::min<qsizetype>(records.size(), m_capacity);
    const qsizetype overflow = m_records.size() + incoming - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, 0, int(overflow - 1));
        m_records.remove(0, overflow);
        endRemoveRows();
    }
    const int first = int(m_records.size());
    beginInsertRows({}, first, first + int(incoming) - 1);
    m_records.append(records.mid(records.size() - incoming));
    endInsertRows();
}

void TrafficModel::clear()
{
    beginResetModel();
    m_records.clear();
    endResetModel();
}

QString TrafficModel::prettyText(const CaptureRecord &r)
{
    const QJsonDocument doc = QJsonDocument::fromJson(r.data);
    QString text = doc.isNull() ? QString::fromUtf8(r.data) : QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
    if (!r.problem.isEmpty())
        text = tr("Problem: %1").arg(r.problem) + QStringLiteral("\n\n") + text;
    return text;
}

} // namespace cb
