#include "hardwaretext.h"

#include <QCoreApplication>
#include <QLocale>

namespace cb::hw {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::hw)
};

bool isTrue(const QString &v) { return v.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0; }
bool isBool(const QString &v) { return isTrue(v) || v.compare(QLatin1String("false"), Qt::CaseInsensitive) == 0; }

QString unitText(const QString &unit)
{
    if (unit == QLatin1String("Celsius"))
        return QStringLiteral("\u00b0C");
    if (unit == QLatin1String("Percent"))
        return QStringLiteral("%");
    return unit;
}

} // namespace

QString cpStateText(const QString &state)
{
    const QString s = state.trimmed().toUpper();
    if (s == QLatin1String("A"))
        return Text::tr("A \u2013 no vehicle");
    if (s == QLatin1String("B"))
        return Text::tr("B \u2013 vehicle connected");
    if (s == QLatin1String("C"))
        return Text::tr("C \u2013 charging");
    if (s == QLatin1String("D"))
        return Text::tr("D \u2013 charging, ventilation");
    if (s == QLatin1String("E"))
        return Text::tr("E \u2013 no power (short)");
    if (s == QLatin1String("F"))
        return Text::tr("F \u2013 fault");
    return state;
}

QString valueText(const QString &key, const HardwareValue &v)
{
    if (!v.problem.isEmpty())
        return Text::tr("(%1)").arg(v.problem);
    if (v.value.isEmpty())
        return QStringLiteral("\u2014");
    if (key.startsWith(QLatin1String("CPPWMController")) && key.endsWith(QLatin1String(".State")))
        return cpStateText(v.value);
    if (isBool(v.value)) {
        const bool on = isTrue(v.value);
        if (key.startsWith(QLatin1String("PowerContactor")) && key.endsWith(QLatin1String(".Active")))
            return on ? Text::tr("closed") : Text::tr("open");
        if (key.startsWith(QLatin1String("ConnectorPlugRetentionLock")) && key.endsWith(QLatin1String(".Active")))
            return on ? Text::tr("locked") : Text::tr("unlocked");
        if (key.endsWith(QLatin1String(".Tripped")))
            return on ? Text::tr("TRIPPED") : Text::tr("not tripped");
        return on ? Text::tr("yes") : Text::tr("no");
    }
    const QString unit = unitText(v.unit);
    return unit.isEmpty() ? v.value : v.value + QStringLiteral(" ") + unit;
}

QString summary(const ConnectorHardware &h)
{
    QStringList parts;
    const auto add = [&](const char *key, const QString &label) {
        const auto it = h.values.constFind(QLatin1String(key));
        if (it == h.values.constEnd() || it->value.isEmpty())
            return;
        parts << (label.isEmpty() ? valueText(QLatin1String(key), *it) : label.arg(valueText(QLatin1String(key), *it)));
    };
    const auto cp = h.values.constFind(QStringLiteral("CPPWMController.State"));
    if (cp != h.values.constEnd() && !cp->value.isEmpty())
        parts << Text::tr("CP %1").arg(cp->value);
    add("CPPWMController.DCVoltage", {});
    add("PowerContactor.Active", Text::tr("contactor %1"));
    add("ConnectorPlugRetentionLock.Active", {});
    const auto rcd = h.values.constFind(QStringLiteral("RCD.Tripped"));
    if (rcd != h.values.constEnd() && isTrue(rcd->value))
        parts << Text::tr("RCD TRIPPED");
    add("TemperatureSensor.Temperature", {});
    add("ConnectedEV.StateOfCharge", Text::tr("EV %1"));
    return parts.join(QStringLiteral(" \u00b7 "));
}

QString details(const ConnectorHardware &h)
{
    QStringList lines;
    for (auto it = h.values.cbegin(); it != h.values.cend(); ++it) {
        QString line = it.key() + QStringLiteral(": ") + valueText(it.key(), *it);
        if (it->updated.isValid())
            line += Text::tr(" (%1 %2)").arg(it->fromEvent ? Text::tr("event") : Text::tr("read"), it->updated.toLocalTime().toString(QStringLiteral("HH:mm:ss")));
        lines << line;
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace cb::hw
