#pragma once

#include "devicemodel/hardwarepoller.h"
#include "station/stationstate.h"

#include <QFrame>

class QLabel;

namespace cb {

// One EVSE/connector: its number, status in colour, and error code when there is one.
class ConnectorTile : public QFrame
{
    Q_OBJECT
public:
    explicit ConnectorTile(QWidget *parent = nullptr);
    void setStatus(const ConnectorStatus &status);
    const ConnectorStatus &status() const { return m_status; }
    // The hardware state read from the device model (2.x); an empty one hides the line.
    void setHardware(const ConnectorHardware &hardware);
    const ConnectorHardware &hardware() const { return m_hardware; }
    QString hardwareText() const;
    QColor color() const;

private:
    ConnectorStatus m_status;
    ConnectorHardware m_hardware;
    QLabel *m_title;
    QLabel *m_state;
    QLabel *m_detail;
    QLabel *m_hardwareLine;
};

} // namespace cb
