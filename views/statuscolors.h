#pragma once

#include <QColor>
#include <QString>

namespace cb {

// One colour per connector status of OCPP 1.6 (ChargePointStatus) and 2.x (ConnectorStatusEnumType),
// so a technician reads a tile at a glance: green free, blue in use, amber suspended, red fault.
QColor connectorStatusColor(const QString &status);
// Connection state colours for the station list.
QColor connectionColor(bool connected);

} // namespace cb
