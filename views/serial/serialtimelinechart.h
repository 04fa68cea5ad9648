#pragma once

#include "hardwarestate.h"

#include <QChartView>

class QCategoryAxis;
class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace cb {

// The last minutes of a connector as a chart: the CP state as a step line (A at the bottom, F at
// the top, left axis) and the measured current L1 and the advertised pilot current (amperes, right
// axis). A state change draws a vertical step at the moment it was reported.
class SerialTimelineChart : public QChartView
{
    Q_OBJECT
public:
    explicit SerialTimelineChart(QWidget *parent = nullptr);

    void addState(const serial::HardwareState &state);
    void clearHistory();
    void setWindow(std::chrono::seconds window) { m_windowMs = window.count() * 1000; }

    int cpPointCount() const;
    int currentPointCount() const;
    // The CP level last drawn (0 unknown, 1 A ... 6 F).
    int lastCpLevel() const;

private:
    void rescale(qint64 newestMs);

    QLineSeries *m_cp;
    QLineSeries *m_current;
    QLineSeries *m_pilot;
    QDateTimeAxis *m_time;
    QCategoryAxis *m_cpAxis;
    QValueAxis *m_amps;
    qint64 m_windowMs = 10 * 60 * 1000;
    double m_ampsMax = 1;
};

} // namespace cb
