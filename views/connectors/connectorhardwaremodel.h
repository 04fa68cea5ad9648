#pragma once

#include "devicemodel/hardwarepoller.h"

#include <QAbstractTableModel>

namespace cb {

// One row per EVSE/connector with its hardware state: availability, control pilot, contactor,
// plug lock, RCD, temperature and the connected EV, as last polled or reported by NotifyEvent.
class ConnectorHardwareModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Connector, Availability, CpState, CpVoltage, Contactor, Lock, Rcd, Temperature, ConnectedEv, Updated, ColumnCount
    };
    Q_ENUM(Column)

    explicit ConnectorHardwareModel(QObject *parent = nullptr);

    // Keeps rows where the set of connectors did not change (no reset on every poll).
    void setConnectors(const QList<ConnectorHardware> &connectors);
    const QList<ConnectorHardware> &connectors() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<ConnectorHardware> m_rows;
};

} // namespace cb
