#include "composerhistorymodel.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

namespace cb {

quint64 ComposerHistoryModel::append(const QString &station, OcppVersion version, const QString &action, const QJsonObject &payload)
{
    if (int(m_entries.size()) >= kMaxEntries) {
        const int last = int(m_entries.size()) - 1;
        beginRemoveRows({}, last, last);
        m_entries.pop_back();
        endRemoveRows();
    }
    Entry e;
    e.id = m_nextId++;
    e.sentAt = QDateTime::currentDateTime();
    e.station = station;
    e.version = version;
    e.action = action;
    e.payload = payload;
    beginInsertRows({}, 0, 0);
    m_entries.push_front(std::move(e));
    endInsertRows();
    return m_entries.front().id;
}

int ComposerHistoryModel::rowOf(quint64 id) const
{
    for (size_t i = 0; i < m_entries.size(); ++i)
        if (m_entries[i].id == id)
            return int(i);
    return -1;
}

void ComposerHistoryModel::setOutcome(quint64 id, const CallOutcome &outcome)
{
    const int row = rowOf(id);
    if (row < 0)
        return; // dropped from the capped history meanwhile
    m_entries[size_t(row)].outcome = outcome;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

QString ComposerHistoryModel::summary(const CallOutcome &o)
{
    using S = CallOutcome::Status;
    const QString ms = o.latencyMs >= 0 ? tr(" (%1 ms)").arg(o.latencyMs) : QString();
    switch (o.status) {
    case S::Result: {
        const QString status = o.payload.value(QLatin1String("status")).toString();
        return (status.isEmpty() ? tr("answered") : status) + ms;
    }
    case S::CallError: return tr("CALLERROR %1").arg(o.errorCode) + ms;
    case S::Timeout: return tr("no answer (timed out)");
    case S::InvalidResponse: return tr("invalid answer (%1)").arg(describe(o.violations)) + ms;
    case S::InvalidRequest: return tr("not sent: invalid request");
    case S::MalformedReply: return tr("malformed reply");
    case S::Closed: return tr("connection closed");
    }
    return {};
}

int ComposerHistoryModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_entries.size()); }

int ComposerHistoryModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ComposerHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &e = m_entries[size_t(index.row())];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case TimeColumn: return QLocale().toString(e.sentAt.time(), QStringLiteral("HH:mm:ss"));
        case StationColumn: return e.station;
        case ActionColumn: return e.action;
        case OutcomeColumn: return e.outcome ? summary(*e.outcome) : tr("waiting\u2026");
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == OutcomeColumn && e.outcome)
            return e.outcome->describe();
        if (index.column() == TimeColumn)
            return QLocale().toString(e.sentAt, QLocale::LongFormat);
        return {};
    }
    if (role == Qt::ForegroundRole && index.column() == OutcomeColumn && e.outcome && !e.outcome->ok())
        return QBrush(QColor(0xc0, 0x1c, 0x28));
    return {};
}

QVariant ComposerHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn: return tr("Sent");
    case StationColumn: return tr("Station");
    case ActionColumn: return tr("Action");
    case OutcomeColumn: return tr("Outcome");
    default: return {};
    }
}

} // namespace cb
