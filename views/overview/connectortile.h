#pragma once

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
    QColor color() const;

private:
    ConnectorStatus m_status;
    QLabel *m_title;
    QLabel *m_state;
    QLabel *m_detail;
};

} // namespace cb
