#include "cpstatestyle.h"

#include <QCoreApplication>

namespace cb {

namespace {
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::CpStateStyle)
};
} // namespace

QColor cpStateColor(serial::CpState state)
{
    switch (state) {
    case serial::CpState::A: return QColor(0x2e, 0x9d, 0x4a);  // green: ready, no vehicle
    case serial::CpState::B: return QColor(0xe0, 0xa1, 0x00);  // amber: vehicle connected, waiting
    case serial::CpState::C: return QColor(0x12, 0x8a, 0x96);  // teal: charging
    case serial::CpState::D: return QColor(0x1f, 0x5f, 0xbf);  // blue: charging, ventilation
    case serial::CpState::E: return QColor(0xe0, 0x56, 0x1b);  // orange-red: no pilot / short
    case serial::CpState::F: return QColor(0xc6, 0x28, 0x28);  // red: EVSE fault
    case serial::CpState::Unknown: break;
    }
    return QColor(0x90, 0x90, 0x90);
}

QColor cpStateTextColor(serial::CpState state)
{
    const QColor c = cpStateColor(state);
    // Relative luminance (sRGB weights): dark text on light backgrounds such as amber.
    const double y = 0.2126 * c.redF() + 0.7152 * c.greenF() + 0.0722 * c.blueF();
    return y > 0.55 ? QColor(0x20, 0x20, 0x20) : QColor(Qt::white);
}

QString cpStateLetter(serial::CpState state)
{
    return state == serial::CpState::Unknown ? QStringLiteral("?") : serial::cpStateName(state);
}

QString cpStateMeaning(serial::CpState state)
{
    switch (state) {
    case serial::CpState::A: return Text::tr("no vehicle");
    case serial::CpState::B: return Text::tr("vehicle connected");
    case serial::CpState::C: return Text::tr("charging");
    case serial::CpState::D: return Text::tr("charging, ventilation required");
    case serial::CpState::E: return Text::tr("no pilot (short or no power)");
    case serial::CpState::F: return Text::tr("EVSE fault");
    case serial::CpState::Unknown: break;
    }
    return Text::tr("unknown");
}

} // namespace cb
