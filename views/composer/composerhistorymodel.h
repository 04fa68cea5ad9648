#pragma once

#include "rpc/ocppversion.h"
#include "rpc/rpcendpoint.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QJsonObject>

#include <deque>
#include <optional>

namespace cb {

// Messages sent from the composer, newest first: when, to whom, which action, and how it ended.
// Kept for the session only, capped at kMaxEntries.
class ComposerHistoryModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, StationColumn, ActionColumn, OutcomeColumn, ColumnCount };

    struct Entry
    {
        quint64 id = 0;
        QDateTime sentAt;
        QString station;
        OcppVersion version = OcppVersion::V201;
        QString action;
        QJsonObject payload;
        std::optional<CallOutcome> outcome; // empty while the answer is awaited
    };

    static constexpr int kMaxEntries = 500;

    using QAbstractTableModel::QAbstractTableModel;

    // Adds a sent message at the top; returns its id for setOutcome().
    quint64 append(const QString &station, OcppVersion version, const QString &action, const QJsonObject &payload);
    void setOutcome(quint64 id, const CallOutcome &outcome);
    const Entry &entry(int row) const { return m_entries.at(size_t(row)); }
    int rowOf(quint64 id) const;

    // "Accepted (12 ms)", "CALLERROR NotSupported", "timed out", ... for the Outcome column.
    static QString summary(const CallOutcome &outcome);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::deque<Entry> m_entries;
    quint64 m_nextId = 1;
};

} // namespace cb
