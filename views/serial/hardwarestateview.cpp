#include "hardwarestateview.h"

#include "cpstatebadge.h"
#include "cpstatestyle.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>

namespace cb {

namespace {
const QString kDash = QStringLiteral("\u2014");

QString number(double v, int decimals)
{
    return QLocale().toString(v, 'f', decimals);
}

// "notConnected" -> "not connected", "gfciFault" -> "gfci fault": the library's keys, readable.
QString words(const QString &key)
{
    QString out;
    for (QChar c : key) {
        if (c.isUpper() && !out.isEmpty())
            out += QLatin1Char(' ');
        out += c.toLower();
    }
    return out;
}

QString optionalText(const std::optional<double> &v, int decimals, const QString &unit)
{
    if (!v)
        return kDash;
    return number(*v, decimals) + QStringLiteral("\u00a0") + unit;
}
} // namespace

HardwareStateView::HardwareStateView(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_badge = new CpStateBadge(this);
    layout->addWidget(m_badge, 0, Qt::AlignTop);

    auto *grid = new QGridLayout;
    grid->setHorizontalSpacing(10);
    grid->setVerticalSpacing(3);
    // Two columns of label/value pairs: state and safety on the left, measurements on the right.
    addField(grid, 0, 0, QStringLiteral("cp"), tr("CP state"));
    addField(grid, 1, 0, QStringLiteral("controller"), tr("Controller"));
    addField(grid, 2, 0, QStringLiteral("pp"), tr("PP rating"));
    addField(grid, 3, 0, QStringLiteral("contactor"), tr("Contactor"));
    addField(grid, 4, 0, QStringLiteral("lock"), tr("Lock"));
    addField(grid, 5, 0, QStringLiteral("rcd"), tr("RCD"));
    addField(grid, 6, 0, QStringLiteral("ground"), tr("Ground fault"));
    addField(grid, 7, 0, QStringLiteral("faults"), tr("Faults"));
    addField(grid, 0, 2, QStringLiteral("current"), tr("Current L1/L2/L3"));
    addField(grid, 1, 2, QStringLiteral("voltage"), tr("Voltage L1/L2/L3"));
    addField(grid, 2, 2, QStringLiteral("pilot"), tr("Pilot / limit"));
    addField(grid, 3, 2, QStringLiteral("power"), tr("Power"));
    addField(grid, 4, 2, QStringLiteral("energy"), tr("Energy"));
    addField(grid, 5, 2, QStringLiteral("temperatures"), tr("Temperatures"));
    addField(grid, 6, 2, QStringLiteral("firmware"), tr("Firmware"));
    addField(grid, 7, 2, QStringLiteral("updated"), tr("Updated"));
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(3, 1);
    grid->setColumnMinimumWidth(1, 140);
    layout->addLayout(grid, 1);
    clear();
}

void HardwareStateView::addField(QGridLayout *grid, int row, int column, const QString &key, const QString &label)
{
    auto *name = new QLabel(label + QLatin1Char(':'), this);
    name->setForegroundRole(QPalette::PlaceholderText);
    auto *value = new QLabel(kDash, this);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    value->setAccessibleName(label);
    name->setBuddy(value);
    grid->addWidget(name, row, column);
    grid->addWidget(value, row, column + 1);
    m_values.insert(key, value);
}

void HardwareStateView::set(const QString &key, const QString &text, bool alarm)
{
    QLabel *l = m_values.value(key);
    if (!l)
        return;
    l->setText(text);
    l->setStyleSheet(alarm ? QStringLiteral("color:#c62828;font-weight:bold") : QString());
}

QString HardwareStateView::fieldText(const QString &key) const
{
    const QLabel *l = m_values.value(key);
    return l ? l->text() : QString();
}

void HardwareStateView::clear()
{
    m_badge->setState(serial::CpState::Unknown);
    for (auto it = m_values.begin(); it != m_values.end(); ++it)
        set(it.key(), kDash);
}

void HardwareStateView::setStale(bool stale)
{
    m_badge->setStale(stale);
    for (QLabel *l : std::as_const(m_values))
        l->setEnabled(!stale);
}

void HardwareStateView::setState(const serial::HardwareState &s)
{
    m_badge->setState(s.cpState, s.cpDetail);
    QString cp = cpStateLetter(s.cpState) + QStringLiteral(" \u2013 ") + cpStateMeaning(s.cpState);
    if (s.cpDutyPercent)
        cp += tr(", duty %1 %").arg(number(*s.cpDutyPercent, 1));
    set(QStringLiteral("cp"), cp, s.cpState == serial::CpState::E || s.cpState == serial::CpState::F);
    set(QStringLiteral("controller"), s.controllerState.isEmpty() ? kDash : words(s.controllerState));

    if (!s.ppRatingA)
        set(QStringLiteral("pp"), kDash);
    else if (*s.ppRatingA <= 0)
        set(QStringLiteral("pp"), tr("no cable"));
    else
        set(QStringLiteral("pp"), tr("%1 A cable").arg(number(*s.ppRatingA, 0)));

    set(QStringLiteral("contactor"), !s.contactorClosed ? kDash : *s.contactorClosed ? tr("closed") : tr("open"));
    const QString lock = s.lock == serial::LockState::Unknown ? kDash
                         : s.lock == serial::LockState::Locked ? tr("locked")
                         : s.lock == serial::LockState::Unlocked ? tr("unlocked")
                                                                 : tr("fault");
    set(QStringLiteral("lock"), lock, s.lock == serial::LockState::Fault);
    set(QStringLiteral("rcd"), !s.rcdTripped ? kDash : *s.rcdTripped ? tr("TRIPPED") : tr("ok"), s.rcdTripped.value_or(false));
    set(QStringLiteral("ground"), !s.groundFault ? kDash : *s.groundFault ? tr("YES") : tr("no"), s.groundFault.value_or(false));
    QStringList faults;
    for (const QString &f : s.faults)
        faults << words(f);
    set(QStringLiteral("faults"), faults.isEmpty() ? tr("none") : faults.join(QStringLiteral(", ")), !faults.isEmpty());

    auto triple = [](const std::array<std::optional<double>, 3> &v, int decimals, const QString &unit) -> QString {
        if (!v[0] && !v[1] && !v[2])
            return kDash;
        QStringList parts;
        for (const auto &x : v)
            parts << (x ? number(*x, decimals) : kDash);
        return parts.join(QStringLiteral(" / ")) + QStringLiteral("\u00a0") + unit;
    };
    set(QStringLiteral("current"), triple(s.currentA, 1, QStringLiteral("A")));
    set(QStringLiteral("voltage"), triple(s.voltageV, 0, QStringLiteral("V")));

    QString pilot = optionalText(s.pilotCurrentA, 0, QStringLiteral("A")) + QStringLiteral(" / ") +
                    optionalText(s.currentLimitA, 0, QStringLiteral("A"));
    if (s.minCurrentA && s.maxCurrentA)
        pilot += tr(" (%1\u2013%2 A)").arg(number(*s.minCurrentA, 0), number(*s.maxCurrentA, 0));
    set(QStringLiteral("pilot"), pilot);

    if (s.powerW)
        set(QStringLiteral("power"), optionalText(*s.powerW / 1000.0, 2, QStringLiteral("kW")));
    else if (s.apparentPowerVA)
        set(QStringLiteral("power"), optionalText(*s.apparentPowerVA / 1000.0, 2, QStringLiteral("kVA")));
    else
        set(QStringLiteral("power"), kDash);

    QString energy = s.energyWh ? tr("%1 kWh total").arg(number(*s.energyWh / 1000.0, 2)) : kDash;
    if (s.sessionEnergyWh)
        energy += tr(", %1 kWh session").arg(number(*s.sessionEnergyWh / 1000.0, 3));
    set(QStringLiteral("energy"), energy);

    QStringList temps;
    for (auto it = s.temperaturesC.cbegin(); it != s.temperaturesC.cend(); ++it)
        temps << QStringLiteral("%1 %2\u00a0\u00b0C").arg(it.key(), number(it.value(), 1));
    set(QStringLiteral("temperatures"), temps.isEmpty() ? kDash : temps.join(QStringLiteral(", ")));

    QString fw = s.firmwareVersion.isEmpty() ? kDash : s.firmwareVersion;
    if (!s.protocolVersion.isEmpty())
        fw += tr(" (protocol %1)").arg(s.protocolVersion);
    set(QStringLiteral("firmware"), fw);
    set(QStringLiteral("updated"), s.timestamp.isValid() ? s.timestamp.toLocalTime().toString(QStringLiteral("HH:mm:ss")) : kDash);
}

} // namespace cb
