#include "energymeter.h"

#include <algorithm>
#include <cmath>

namespace cb::sim {

EnergyMeter::EnergyMeter(int phases, double nominalVoltage, double registerWh, quint32 seed)
    : m_phases(std::clamp(phases, 1, 3)), m_nominal(nominalVoltage), m_energyWh(registerWh), m_random(seed)
{
    m_clock.start();
    read();
}

void EnergyMeter::setDraw(double amps)
{
    update(); // energy so far at the old draw
    m_draw = amps;
    read();
}

void EnergyMeter::update()
{
    const double hours = double(m_clock.restart()) / 1000.0 * m_scale / 3600.0;
    m_energyWh += powerW() * hours;
    read();
}

void EnergyMeter::read()
{
    // A grid with a little ripple, and an EV whose draw wanders by about one percent.
    for (int p = 0; p < 3; ++p) {
        const bool used = p < m_phases;
        m_voltage[size_t(p)] = used ? std::round((m_nominal + (m_random.generateDouble() - 0.5) * 4.0) * 10) / 10 : 0;
        m_current[size_t(p)] = used && m_draw > 0 ? std::round(m_draw * (0.99 + m_random.generateDouble() * 0.02) * 100) / 100 : 0;
    }
    m_frequency = std::round((50.0 + (m_random.generateDouble() - 0.5) * 0.04) * 100) / 100;
}

double EnergyMeter::powerW() const
{
    double w = 0;
    for (int p = 0; p < m_phases; ++p)
        w += m_voltage[size_t(p)] * m_current[size_t(p)];
    return std::round(w);
}

double EnergyMeter::averageVoltage() const
{
    double v = 0;
    for (int p = 0; p < m_phases; ++p)
        v += m_voltage[size_t(p)];
    return std::round(v / m_phases * 10) / 10;
}

double EnergyMeter::totalCurrent() const
{
    double a = 0;
    for (int p = 0; p < m_phases; ++p)
        a += m_current[size_t(p)];
    return std::round(a * 100) / 100;
}

} // namespace cb::sim
