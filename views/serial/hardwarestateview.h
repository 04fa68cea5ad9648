#pragma once

#include "hardwarestate.h"

#include <QHash>
#include <QWidget>

class QGridLayout;
class QLabel;

namespace cb {

class CpStateBadge;

// One connector's hardware at a glance: the CP state as a large coloured letter beside the
// readings (PP rating, contactor, lock, RCD, ground fault, temperatures, currents, energy,
// firmware, active faults). Values the source does not report show a dash, never a guess.
class HardwareStateView : public QWidget
{
    Q_OBJECT
public:
    explicit HardwareStateView(QWidget *parent = nullptr);

    void setState(const serial::HardwareState &state);
    void clear();
    // While the link is down the values are the last known ones; they are drawn faded.
    void setStale(bool stale);

    CpStateBadge *badge() const { return m_badge; }
    // The text shown for a field: "cp", "controller", "pp", "contactor", "lock", "rcd", "ground",
    // "temperatures", "current", "voltage", "power", "energy", "pilot", "firmware", "faults", "updated".
    QString fieldText(const QString &key) const;

private:
    void addField(QGridLayout *grid, int row, int column, const QString &key, const QString &label);
    void set(const QString &key, const QString &text, bool alarm = false);

    CpStateBadge *m_badge;
    QHash<QString, QLabel *> m_values;
};

} // namespace cb
