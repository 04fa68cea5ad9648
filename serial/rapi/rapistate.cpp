#include "rapistate.h"

#include <QCoreApplication>

namespace cb::serial::rapi {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::serial::rapi)
};

Error malformed(const QByteArray &command, const QList<QByteArray> &tokens)
{
    return Error{Text::tr("The controller's reply to %1 is malformed: \"%2\".")
                     .arg(QString::fromLatin1(command), QString::fromLatin1(tokens.join(' '))),
                 Text::tr("Check that the controller runs OpenEVSE firmware with RAPI and that the baud rate is right.")};
}

// Reads token i as an int, or fails the whole reply.
struct Tokens
{
    const QList<QByteArray> &t;
    bool ok = true;
    int at(qsizetype i, int base)
    {
        if (i >= t.size()) {
            ok = false;
            return 0;
        }
        const auto v = parseInt(t.at(i), base);
        if (!v)
            ok = false;
        return v.value_or(0);
    }
};

struct StateName
{
    int code;
    const char *name;
};
constexpr StateName kStates[] = {
    {0x00, "unknown"},
    {0x01, "notConnected"},
    {0x02, "connected"},
    {0x03, "charging"},
    {0x04, "ventilationRequired"},
    {0x05, "diodeCheckFailed"},
    {0x06, "gfciFault"},
    {0x07, "noGround"},
    {0x08, "stuckRelay"},
    {0x09, "gfiSelfTestFailed"},
    {0x0A, "overTemperature"},
    {0x0B, "overCurrent"},
    {0x0E, "relayClosureFault"},
    {0xFE, "sleeping"},
    {0xFF, "disabled"},
};

} // namespace

std::optional<int> parseInt(const QByteArray &token, int base)
{
    QByteArray t = token.trimmed();
    if (base == 16 && (t.startsWith("0x") || t.startsWith("0X")))
        t = t.mid(2);
    bool ok = false;
    const int v = t.toInt(&ok, base);
    return ok ? std::optional<int>(v) : std::nullopt;
}

QString evseStateName(int code)
{
    for (const auto &s : kStates) {
        if (s.code == code)
            return QLatin1String(s.name);
    }
    return QStringLiteral("unknown");
}

bool isFaultState(int code)
{
    return code >= 0x05 && code <= 0x0E;
}

void applyEvseState(HardwareState &s, int evseState, int pilotState, int vflags)
{
    s.vendor.insert(QStringLiteral("evseState"), evseState);
    s.controllerState = evseStateName(evseState);
    // Pilot states use the same codes 1-4 as the EVSE states A-D.
    auto letter = [](int code) { return code >= 1 && code <= 4 ? CpState(int(CpState::A) + code - 1) : CpState::Unknown; };
    s.cpState = letter(pilotState) != CpState::Unknown ? letter(pilotState) : letter(evseState);
    if (pilotState >= 0)
        s.vendor.insert(QStringLiteral("pilotState"), pilotState);

    // Faults come from the state and the flags; both are rebuilt from scratch on every state.
    s.faults.clear();
    if (isFaultState(evseState))
        s.addFault(evseStateName(evseState));
    s.rcdTripped = evseState == 0x06;
    s.groundFault = evseState == 0x07;
    if (vflags >= 0) {
        s.vendor.insert(QStringLiteral("vflags"), vflags);
        s.contactorClosed = (vflags & VFlag::RelayClosed) != 0;
        s.rcdTripped = *s.rcdTripped || (vflags & VFlag::GfiTripped);
        s.groundFault = *s.groundFault || (vflags & VFlag::NoGroundTripped);
        s.evConnected = (vflags & VFlag::EvConnected) != 0;
        if (vflags & VFlag::HardFault)
            s.addFault(QStringLiteral("hardFault"));
    } else if (s.cpState != CpState::Unknown) {
        s.evConnected.reset();
        s.contactorClosed.reset();
        s.deriveFromCpState();
    }
}

Status<> applyReply(HardwareState &s, const QByteArray &command, const QList<QByteArray> &tokens)
{
    Tokens t{tokens};
    const QByteArray c = command.toUpper();
    if (c == "GS") {
        const int state = t.at(0, 16);
        const int elapsed = t.at(1, 10);
        if (!t.ok)
            return malformed(command, tokens);
        // Firmware before RAPI 3 answers only "state elapsed".
        const int pilot = tokens.size() > 2 ? t.at(2, 16) : -1;
        const int vflags = tokens.size() > 3 ? t.at(3, 16) : -1;
        if (!t.ok)
            return malformed(command, tokens);
        applyEvseState(s, state, pilot, vflags);
        s.vendor.insert(QStringLiteral("elapsedS"), elapsed);
    } else if (c == "GG") {
        const int ma = t.at(0, 10);
        const int mv = t.at(1, 10);
        if (!t.ok)
            return malformed(command, tokens);
        s.currentA[0] = ma < 0 ? std::nullopt : std::optional<double>(ma / 1000.0);
        s.voltageV[0] = mv < 0 ? std::nullopt : std::optional<double>(mv / 1000.0);
    } else if (c == "GP") {
        static const char *names[] = {"rtc", "ambient", "infrared"};
        for (int i = 0; i < 3; ++i) {
            const int v = t.at(i, 10);
            if (!t.ok)
                return malformed(command, tokens);
            const QString name = QLatin1String(names[i]);
            if (v == -2560)
                s.temperaturesC.remove(name);
            else
                s.temperaturesC.insert(name, v / 10.0);
        }
    } else if (c == "GF") {
        const int gfi = t.at(0, 16);
        const int noGround = t.at(1, 16);
        const int stuck = t.at(2, 16);
        if (!t.ok)
            return malformed(command, tokens);
        s.faultCounters.insert(QStringLiteral("gfiTrips"), gfi);
        s.faultCounters.insert(QStringLiteral("noGroundTrips"), noGround);
        s.faultCounters.insert(QStringLiteral("stuckRelayTrips"), stuck);
    } else if (c == "GE") {
        const int amps = t.at(0, 10);
        const int flags = t.at(1, 16);
        if (!t.ok)
            return malformed(command, tokens);
        s.currentLimitA = amps;
        s.vendor.insert(QStringLiteral("settingsFlags"), flags);
    } else if (c == "GC") {
        const int minA = t.at(0, 10);
        const int hmax = t.at(1, 10);
        const int pilot = t.at(2, 10);
        const int cmax = t.at(3, 10);
        if (!t.ok)
            return malformed(command, tokens);
        s.minCurrentA = minA;
        s.maxCurrentA = hmax;
        s.pilotCurrentA = pilot;
        s.vendor.insert(QStringLiteral("configuredMaxA"), cmax);
    } else if (c == "GV") {
        if (tokens.size() < 2)
            return malformed(command, tokens);
        s.firmwareVersion = QString::fromLatin1(tokens.at(0));
        s.protocolVersion = QString::fromLatin1(tokens.at(1));
    } else if (c == "GU") {
        const int ws = t.at(0, 10);
        const int wh = t.at(1, 10);
        if (!t.ok)
            return malformed(command, tokens);
        s.sessionEnergyWh = ws / 3600.0;
        s.energyWh = wh;
    } else if (c == "G0") {
        const int st = t.at(0, 10);
        if (!t.ok || st < 0 || st > 2)
            return malformed(command, tokens);
        if (st == 2)
            s.evConnected.reset();
        else
            s.evConnected = st == 1;
    } else {
        return Error{Text::tr("RAPI command %1 is not a read this client understands.").arg(QString::fromLatin1(command)), {}};
    }
    return success();
}

Status<> applyAsync(HardwareState &s, const QByteArray &type, const QList<QByteArray> &tokens)
{
    Tokens t{tokens};
    if (type == "AT") {
        const int state = t.at(0, 16);
        const int pilot = t.at(1, 16);
        const int capacity = t.at(2, 10);
        const int vflags = t.at(3, 16);
        if (!t.ok)
            return malformed("$AT", tokens);
        applyEvseState(s, state, pilot, vflags);
        s.pilotCurrentA = capacity;
        return success();
    }
    if (type == "AB") {
        if (tokens.size() < 2)
            return malformed("$AB", tokens);
        s.vendor.insert(QStringLiteral("postCode"), QString::fromLatin1(tokens.at(0)));
        s.firmwareVersion = QString::fromLatin1(tokens.at(1));
        return success();
    }
    return success(); // other notifications ($WF, $AN, ...) carry nothing for the picture
}

} // namespace cb::serial::rapi
