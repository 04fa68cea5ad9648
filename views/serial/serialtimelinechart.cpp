#include "serialtimelinechart.h"

#include "cpstatestyle.h"

#include <QCategoryAxis>
#include <QDateTimeAxis>
#include <QLegend>
#include <QLineSeries>
#include <QPen>
#include <QValueAxis>

namespace cb {

namespace {
int level(serial::CpState s)
{
    return s == serial::CpState::Unknown ? 0 : int(s) - int(serial::CpState::A) + 1;
}

void trim(QLineSeries *s, qint64 oldest)
{
    int n = 0;
    // Keep one point older than the window so a line still enters from the left edge.
    while (n + 1 < s->count() && s->at(n + 1).x() < double(oldest))
        ++n;
    if (n)
        s->removePoints(0, n);
}
} // namespace

// The chart is handed to the base constructor: QChartView() would make a chart of its own that
// setChart() then releases without deleting (a leak).
SerialTimelineChart::SerialTimelineChart(QWidget *parent) : QChartView(new QChart, parent)
{
    QChart *chart = this->chart();
    // No title and the legend on top: every pixel of height goes to the plot, so the six CP
    // letters on the left axis keep room enough not to be elided.
    chart->legend()->setAlignment(Qt::AlignTop);
    chart->setMargins(QMargins(4, 4, 4, 4));

    m_cp = new QLineSeries;
    m_cp->setName(tr("CP state"));
    m_cp->setPen(QPen(QColor(0x37, 0x37, 0x37), 2.5));
    m_current = new QLineSeries;
    m_current->setName(tr("Current L1 (A)"));
    m_current->setPen(QPen(cpStateColor(serial::CpState::C), 2));
    m_pilot = new QLineSeries;
    m_pilot->setName(tr("Pilot (A)"));
    m_pilot->setPen(QPen(cpStateColor(serial::CpState::B), 1.5, Qt::DashLine));

    m_time = new QDateTimeAxis;
    m_time->setFormat(QStringLiteral("HH:mm:ss"));
    m_time->setTickCount(5);
    m_cpAxis = new QCategoryAxis;
    m_cpAxis->setTitleText(tr("CP"));
    m_cpAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_cpAxis->append(QStringLiteral("?"), 0);
    for (serial::CpState s : {serial::CpState::A, serial::CpState::B, serial::CpState::C, serial::CpState::D,
                              serial::CpState::E, serial::CpState::F})
        m_cpAxis->append(cpStateLetter(s), level(s));
    m_cpAxis->setRange(-0.3, 6.3);
    m_amps = new QValueAxis;
    m_amps->setTitleText(tr("A"));
    m_amps->setLabelFormat(QStringLiteral("%.0f"));

    chart->addAxis(m_time, Qt::AlignBottom);
    chart->addAxis(m_cpAxis, Qt::AlignLeft);
    chart->addAxis(m_amps, Qt::AlignRight);
    for (QLineSeries *s : {m_cp, m_current, m_pilot}) {
        chart->addSeries(s);
        s->attachAxis(m_time);
        s->attachAxis(s == m_cp ? static_cast<QAbstractAxis *>(m_cpAxis) : m_amps);
    }
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(230);
    setAccessibleName(tr("Timeline of CP state and current"));
    const QDateTime now = QDateTime::currentDateTime();
    m_time->setRange(now.addSecs(-60), now);
    m_amps->setRange(0, 2);
    m_amps->setTickCount(3);
}

int SerialTimelineChart::cpPointCount() const { return m_cp->count(); }
int SerialTimelineChart::currentPointCount() const { return m_current->count(); }

int SerialTimelineChart::lastCpLevel() const
{
    return m_cp->count() ? int(m_cp->at(m_cp->count() - 1).y()) : 0;
}

void SerialTimelineChart::clearHistory()
{
    for (QLineSeries *s : {m_cp, m_current, m_pilot})
        s->clear();
    m_ampsMax = 1;
}

void SerialTimelineChart::addState(const serial::HardwareState &state)
{
    const qint64 x = state.timestamp.isValid() ? state.timestamp.toMSecsSinceEpoch() : QDateTime::currentMSecsSinceEpoch();
    const int y = level(state.cpState);
    if (m_cp->count() && int(m_cp->at(m_cp->count() - 1).y()) != y)
        m_cp->append(double(x), m_cp->at(m_cp->count() - 1).y()); // the vertical step
    m_cp->append(double(x), y);
    if (state.currentA[0]) {
        m_current->append(double(x), *state.currentA[0]);
        m_ampsMax = std::max(m_ampsMax, *state.currentA[0]);
    }
    if (state.pilotCurrentA) {
        m_pilot->append(double(x), *state.pilotCurrentA);
        m_ampsMax = std::max(m_ampsMax, *state.pilotCurrentA);
    }
    // A lone sample would be invisible as a line: show it as a dot until the line has a length.
    for (QLineSeries *series : {m_cp, m_current, m_pilot})
        series->setPointsVisible(series->count() == 1);
    rescale(x);
}

void SerialTimelineChart::rescale(qint64 newestMs)
{
    const qint64 oldest = newestMs - m_windowMs;
    for (QLineSeries *s : {m_cp, m_current, m_pilot})
        trim(s, oldest);
    qint64 first = newestMs;
    for (QLineSeries *s : {m_cp, m_current, m_pilot})
        if (s->count())
            first = std::min(first, qint64(s->at(0).x()));
    // At least a minute wide, so the first seconds do not stretch over the whole chart.
    m_time->setRange(QDateTime::fromMSecsSinceEpoch(std::max(oldest, std::min(first, newestMs - 60000))),
                     QDateTime::fromMSecsSinceEpoch(newestMs));
    // Round numbers on the ampere axis: 0-20 in steps of 5 rather than 0-19 in steps of 4.75.
    const double top = m_ampsMax * 1.1;
    const double step = top <= 5 ? 1 : top <= 20 ? 5 : top <= 50 ? 10 : top <= 100 ? 20 : 50;
    const int ticks = int(std::ceil(top / step));
    m_amps->setRange(0, ticks * step);
    m_amps->setTickCount(ticks + 1);
}

} // namespace cb
