#pragma once

#include <QWidget>

class QAction;
class QLabel;
class QTableView;

namespace cb {

class ConnectorHardwareModel;
class HardwarePoller;

// The Connectors tab: per EVSE/connector the hardware state from the device model (control
// pilot, contactor, plug lock, RCD, temperature, availability, connected EV), refreshed by the
// workspace's HardwarePoller (GetVariables every interval, NotifyEvent in between).
class ConnectorsTab : public QWidget
{
    Q_OBJECT
public:
    explicit ConnectorsTab(HardwarePoller &poller, QWidget *parent = nullptr);

    ConnectorHardwareModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QString statusText() const;
    // 1.6 stations have no device model; the tab says so instead of showing empty rows.
    void setDeviceModelAvailable(bool available);

private:
    void refresh();

    HardwarePoller &m_poller;
    ConnectorHardwareModel *m_model;
    QTableView *m_view;
    QLabel *m_status;
    QLabel *m_note;
    QAction *m_pollNow;
    bool m_available = true;
};

} // namespace cb
