#pragma once

#include "station/stationstate.h"

#include <QChartView>

class QLineSeries;
class QValueAxis;
class QDateTimeAxis;

namespace cb {

// Live chart of the meter values of the running transaction: active power (kW) and current per
// phase (A) on the left axis, energy (kWh) on the right. Keeps the last hour of samples.
class MeterChart : public QChartView
{
    Q_OBJECT
public:
    explicit MeterChart(QWidget *parent = nullptr);
    void addSamples(const QList<MeterSample> &samples);
    void clearSamples();
    int pointCount() const;

private:
    void rescale();

    QLineSeries *m_power;
    QLineSeries *m_current[3];
    QLineSeries *m_energy;
    QDateTimeAxis *m_time;
    QValueAxis *m_left;
    QValueAxis *m_right;
    QString m_transaction;
};

} // namespace cb
