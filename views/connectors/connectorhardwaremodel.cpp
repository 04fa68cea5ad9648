#include "connectorhardwaremodel.h"

#include "hardwaretext.h"

#include <QBrush>
#include <QColor>

namespace cb {

namespace {

const char *keyOf(int column)
{
    switch (column) {
    case ConnectorHardwareModel::CpState: return "CPPWMController.State";
    case ConnectorHardwareModel::CpVoltage: return "CPPWMController.DCVoltage";
    case ConnectorHardwareModel::Contactor: return "PowerContactor.Active";
    case ConnectorHardwareModel::Lock: return "ConnectorPlugRetentionLock.Active";
    case ConnectorHardwareModel::Rcd: return "RCD.Tripped";
    case ConnectorHardwareModel::Temperature: return "TemperatureSensor.Temperature";
    default: return nullptr;
    }
}

QString availability(const ConnectorHardware &h)
{
    const QString connector = h.value(QStringLiteral("Connector.AvailabilityState"));
    const QString evse = h.value(QStringLiteral("EVSE.AvailabilityState"));
    if (connector.isEmpty())
        return evse.isEmpty() ? QString() : ConnectorHardwareModel::tr("EVSE %1").arg(evse);
    if (evse.isEmpty() || evse == connector)
        return connector;
    return ConnectorHardwareModel::tr("%1 (EVSE %2)").arg(connector, evse);
}

QString connectedEv(const ConnectorHardware &h)
{
    QStringList parts;
    for (auto it = h.values.cbegin(); it != h.values.cend(); ++it) {
        if (!it.key().startsWith(QLatin1String("ConnectedEV.")) || it->value.isEmpty())
            continue;
        parts << it.key().mid(12) + QLatin1Char('=') + hw::valueText(it.key(), *it);
    }
    return parts.join(QStringLiteral(", "));
}

} // namespace

ConnectorHardwareModel::ConnectorHardwareModel(QObject *parent) : QAbstractTableModel(parent) {}

void ConnectorHardwareModel::setConnectors(const QList<ConnectorHardware> &connectors)
{
    bool same = connectors.size() == m_rows.size();
    for (qsizetype i = 0; same && i < connectors.size(); ++i)
        same = connectors.at(i).evseId == m_rows.at(i).evseId && connectors.at(i).connectorId == m_rows.at(i).connectorId;
    if (!same) {
        beginResetModel();
        m_rows = connectors;
        endResetModel();
        return;
    }
    m_rows = connectors;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

int ConnectorHardwareModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

int ConnectorHardwareModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ConnectorHardwareModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const ConnectorHardware &h = m_rows.at(index.row());
    const char *key = keyOf(index.column());
    if (role == Qt::ToolTipRole)
        return hw::details(h);
    if (role == Qt::ForegroundRole && index.column() == Rcd
        && h.value(QStringLiteral("RCD.Tripped")).compare(QLatin1String("true"), Qt::CaseInsensitive) == 0)
        return QBrush(QColor(183, 28, 28));
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Connector:
        return tr("EVSE %1 / connector %2").arg(h.evseId).arg(h.connectorId);
    case Availability:
        return availability(h);
    case ConnectedEv:
        return connectedEv(h);
    case Updated: {
        QDateTime latest;
        for (const HardwareValue &v : h.values)
            if (v.updated > latest)
                latest = v.updated;
        return latest.isValid() ? latest.toLocalTime().toString(QStringLiteral("HH:mm:ss")) : QString();
    }
    default: {
        const auto it = h.values.constFind(QLatin1String(key));
        if (it == h.values.constEnd())
            return QString(); // the station does not have this variable (or it was not read yet)
        return hw::valueText(it.key(), *it);
    }
    }
}

QVariant ConnectorHardwareModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Connector: return tr("Connector");
    case Availability: return tr("Availability");
    case CpState: return tr("Control pilot");
    case CpVoltage: return tr("CP voltage");
    case Contactor: return tr("Contactor");
    case Lock: return tr("Plug lock");
    case Rcd: return tr("RCD");
    case Temperature: return tr("Temperature");
    case ConnectedEv: return tr("Connected EV");
    case Updated: return tr("Updated");
    default: return {};
    }
}

} // namespace cb
