#include "meterchart.h"

#include <QDateTimeAxis>
#include <QLegend>
#include <QLineSeries>
#include <QValueAxis>

namespace cb {

namespace {
constexpr qint64 kWindowMs = 3600 * 1000;

double toKilo(const MeterSample &s)
{
    const QString u = s.unit.toLower();
    return (u.startsWith(QLatin1Char('k'))) ? s.value : s.value / 1000.0;
}

void trim(QLineSeries *s, qint64 oldest)
{
    int n = 0;
    while (n < s->count() && s->at(n).x() < double(oldest))
        ++n;
    if (n)
        s->removePoints(0, n);
}
} // namespace

// The chart is handed to the base class: QChartView() would make a default chart that
// setChart() later orphans (a leak LeakSanitizer reports).
MeterChart::MeterChart(QWidget *parent) : QChartView(new QChart, parent)
{
    QChart *chart = this->chart();
    chart->setTitle(tr("Meter values"));
    chart->legend()->setAlignment(Qt::AlignBottom);
    m_power = new QLineSeries;
    m_power->setName(tr("Power (kW)"));
    const char *phases[] = {"L1", "L2", "L3"};
    for (int i = 0; i < 3; ++i) {
        m_current[i] = new QLineSeries;
        m_current[i]->setName(tr("Current %1 (A)").arg(QLatin1String(phases[i])));
    }
    m_energy = new QLineSeries;
    m_energy->setName(tr("Energy (kWh)"));
    m_time = new QDateTimeAxis;
    m_time->setFormat(QStringLiteral("HH:mm:ss"));
    m_left = new QValueAxis;
    m_left->setTitleText(tr("kW / A"));
    m_right = new QValueAxis;
    m_right->setTitleText(tr("kWh"));
    chart->addAxis(m_time, Qt::AlignBottom);
    chart->addAxis(m_left, Qt::AlignLeft);
    chart->addAxis(m_right, Qt::AlignRight);
    for (QLineSeries *s : {m_power, m_current[0], m_current[1], m_current[2], m_energy}) {
        s->setPointsVisible(true); // a transaction's first sample is a single point
        chart->addSeries(s);
        s->attachAxis(m_time);
        s->attachAxis(s == m_energy ? m_right : m_left);
    }
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(220);
    const QDateTime now = QDateTime::currentDateTime();
    m_time->setRange(now.addSecs(-60), now);
    m_left->setRange(0, 1);
    m_right->setRange(0, 1);
}

int MeterChart::pointCount() const
{
    return m_power->count() + m_current[0]->count() + m_current[1]->count() + m_current[2]->count() + m_energy->count();
}

void MeterChart::clearSamples()
{
    for (QLineSeries *s : {m_power, m_current[0], m_current[1], m_current[2], m_energy})
        s->clear();
    m_transaction.clear();
}

void MeterChart::addSamples(const QList<MeterSample> &samples)
{
    for (const MeterSample &s : samples) {
        // A new transaction starts a new chart.
        if (!s.transactionId.isEmpty() && s.transactionId != m_transaction) {
            if (!m_transaction.isEmpty())
                clearSamples();
            m_transaction = s.transactionId;
        }
        const double x = double(s.timestamp.isValid() ? s.timestamp.toMSecsSinceEpoch() : QDateTime::currentMSecsSinceEpoch());
        if (s.measurand == QLatin1String("Power.Active.Import") && s.phase.isEmpty())
            m_power->append(x, toKilo(s));
        else if (s.measurand == QLatin1String("Current.Import")) {
            const int phase = s.phase.startsWith(QLatin1String("L2")) ? 1 : s.phase.startsWith(QLatin1String("L3")) ? 2 : 0;
            m_current[phase]->append(x, s.value);
        } else if (s.measurand == QLatin1String("Energy.Active.Import.Register") && s.phase.isEmpty())
            m_energy->append(x, toKilo(s));
    }
    rescale();
}

void MeterChart::rescale()
{
    qint64 newest = 0;
    double leftMax = 1, rightMax = 0.1;
    for (QLineSeries *s : {m_power, m_current[0], m_current[1], m_current[2], m_energy})
        if (s->count())
            newest = std::max(newest, qint64(s->at(s->count() - 1).x()));
    if (!newest)
        return;
    for (QLineSeries *s : {m_power, m_current[0], m_current[1], m_current[2], m_energy}) {
        trim(s, newest - kWindowMs);
        for (const QPointF &p : s->points())
            (s == m_energy ? rightMax : leftMax) = std::max(s == m_energy ? rightMax : leftMax, p.y());
    }
    qint64 oldest = newest;
    for (QLineSeries *s : {m_power, m_current[0], m_current[1], m_current[2], m_energy})
        if (s->count())
            oldest = std::min(oldest, qint64(s->at(0).x()));
    m_time->setRange(QDateTime::fromMSecsSinceEpoch(std::min(oldest, newest - 60000)), QDateTime::fromMSecsSinceEpoch(newest));
    m_left->setRange(0, leftMax * 1.15);
    m_right->setRange(0, rightMax * 1.15);
}

} // namespace cb
