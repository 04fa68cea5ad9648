#pragma once

#include "station/stationstate.h"
#include "storage/stationrecord.h"

#include <QAbstractTableModel>

namespace cb {

// The station list: every station seen now or before (from the database), with its live state
// when connected. Rows update in place; new stations are appended.
class StationListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Identity, VendorModel, Version, State, Profile, LastSeen, ColumnCount };
    enum Role { IdentityRole = Qt::UserRole + 1, ConnectedRole, VersionRole };

    explicit StationListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void setKnownStations(const QList<StationRecord> &records);
    void updateStation(const StationSnapshot &snapshot);
    int rowOf(const QString &identity) const;
    QString identityAt(int row) const;
    int connectedCount() const;

private:
    struct Row
    {
        QString identity;
        QString vendor;
        QString model;
        QString version;
        bool connected = false;
        int profile = -1;
        QDateTime lastSeen;
    };
    QList<Row> m_rows;
};

} // namespace cb
