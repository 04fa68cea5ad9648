#include "stationlistmodel.h"

#include "statuscolors.h"

namespace cb {

StationListModel::StationListModel(QObject *parent) : QAbstractTableModel(parent) {}

int StationListModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }
int StationListModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant StationListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    if (role == IdentityRole)
        return r.identity;
    if (role == ConnectedRole)
        return r.connected;
    if (role == VersionRole)
        return r.version;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Identity: return r.identity;
        case VendorModel:
            return r.vendor.isEmpty() && r.model.isEmpty() ? QString() : r.vendor + QStringLiteral(" / ") + r.model;
        case Version: return r.version;
        case State: return r.connected ? tr("connected") : tr("offline");
        case Profile: return r.profile < 0 ? QString() : QString::number(r.profile);
        case LastSeen: return r.lastSeen.isValid() ? r.lastSeen.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString();
        }
        break;
    case Qt::ForegroundRole:
        if (index.column() == State)
            return connectionColor(r.connected);
        break;
    case Qt::ToolTipRole:
        if (index.column() == Profile)
            return tr("OCPP security profile: 0 none, 1 Basic auth, 2 TLS + Basic auth, 3 mutual TLS");
        break;
    case Qt::AccessibleTextRole:
        return data(index, Qt::DisplayRole);
    }
    return {};
}

QVariant StationListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Identity: return tr("Station");
    case VendorModel: return tr("Vendor / model");
    case Version: return tr("OCPP");
    case State: return tr("State");
    case Profile: return tr("Profile");
    case LastSeen: return tr("Last seen");
    }
    return {};
}

void StationListModel::setKnownStations(const QList<StationRecord> &records)
{
    for (const StationRecord &rec : records) {
        if (rowOf(rec.id) >= 0)
            continue;
        Row r;
        r.identity = rec.id;
        r.vendor = rec.vendor;
        r.model = rec.model;
        r.version = rec.ocppVersion;
        r.profile = rec.securityProfile;
        r.lastSeen = QDateTime::fromMSecsSinceEpoch(rec.lastSeenUs / 1000, Qt::UTC);
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size()));
        m_rows.append(r);
        endInsertRows();
    }
}

void StationListModel::updateStation(const StationSnapshot &s)
{
    int row = rowOf(s.identity);
    if (row < 0) {
        row = int(m_rows.size());
        beginInsertRows({}, row, row);
        m_rows.append(Row{s.identity, {}, {}, {}, false, -1, {}});
        endInsertRows();
    }
    Row &r = m_rows[row];
    if (s.boot.receivedAt.isValid()) {
        r.vendor = s.boot.vendor;
        r.model = s.boot.model;
    }
    if (s.version)
        r.version = versionName(*s.version);
    r.connected = s.connected;
    r.profile = int(s.connection.profile);
    r.lastSeen = s.lastSeen;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int StationListModel::rowOf(const QString &identity) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).identity == identity)
            return i;
    return -1;
}

QString StationListModel::identityAt(int row) const { return row >= 0 && row < m_rows.size() ? m_rows.at(row).identity : QString(); }

int StationListModel::connectedCount() const
{
    return int(std::count_if(m_rows.begin(), m_rows.end(), [](const Row &r) { return r.connected; }));
}

} // namespace cb
