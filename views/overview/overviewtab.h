#pragma once

#include "devicemodel/hardwarepoller.h"
#include "station/stationstate.h"

#include <QHash>
#include <QTimer>
#include <QWidget>

class QFormLayout;
class QGridLayout;
class QLabel;

namespace cb {

class ConnectorTile;
class MeterChart;

// What a technician wants at a glance: who the charger is, how it is connected, each connector's
// status, and the meter values of the running transaction.
class OverviewTab : public QWidget
{
    Q_OBJECT
public:
    explicit OverviewTab(QWidget *parent = nullptr);

    void setSnapshot(const StationSnapshot &snapshot);
    void addMeterSamples(const QList<MeterSample> &samples);
    // Hardware states per EVSE/connector (device model); shown on the matching tiles.
    void setHardware(const QList<ConnectorHardware> &hardware);
    void clear();

    // For tests and screenshots.
    QList<ConnectorTile *> tiles() const;
    MeterChart *chart() const { return m_chart; }
    QString fieldText(const QString &name) const;

private:
    void refreshAges();
    QLabel *addField(QFormLayout *form, const QString &name, const QString &label);

    StationSnapshot m_snapshot;
    QHash<QString, QLabel *> m_fields;
    QGridLayout *m_tiles;
    QHash<QPair<int, int>, ConnectorTile *> m_tileByConnector;
    QHash<QPair<int, int>, ConnectorHardware> m_hardware;
    QLabel *m_noConnectors;
    MeterChart *m_chart;
    QTimer m_ageTimer;
};

} // namespace cb
