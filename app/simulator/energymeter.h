#pragma once

#include <QElapsedTimer>
#include <QRandomGenerator>

#include <array>

namespace cb::sim {

// The simulated electricity meter of one EVSE: per-phase voltage and current with a little
// noise, power, and an energy register that rises with the power drawn over (scaled) time.
class EnergyMeter
{
public:
    EnergyMeter(int phases, double nominalVoltage, double registerWh, quint32 seed);

    // Protocol seconds per real second (1000 / VirtualStationConfig::secondMs).
    void setTimeScale(double scale) { m_scale = scale; }
    // Current the EV draws per phase; 0 when not charging.
    void setDraw(double amps);
    double draw() const { return m_draw; }
    // Integrates the energy since the last update and takes a fresh reading.
    void update();

    int phases() const { return m_phases; }
    double energyWh() const { return m_energyWh; }
    double powerW() const;
    double current(int phase) const { return m_current[size_t(phase)]; }   // phase 0..2
    double voltage(int phase) const { return m_voltage[size_t(phase)]; }   // phase 0..2
    double averageVoltage() const;
    double totalCurrent() const;
    double frequency() const { return m_frequency; }

private:
    void read();

    int m_phases;
    double m_nominal;
    double m_energyWh;
    double m_draw = 0;
    double m_scale = 1;
    double m_frequency = 50;
    std::array<double, 3> m_current{};
    std::array<double, 3> m_voltage{};
    QRandomGenerator m_random;
    QElapsedTimer m_clock;
};

} // namespace cb::sim
