#include "hardwarestate.h"

#include <QJsonArray>

namespace cb::serial {

namespace {

template<typename T>
void putOptional(QJsonObject &o, const QString &key, const std::optional<T> &v)
{
    o.insert(key, v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null));
}

QJsonArray phases(const std::array<std::optional<double>, 3> &v)
{
    QJsonArray a;
    for (const auto &x : v)
        a.append(x ? QJsonValue(*x) : QJsonValue(QJsonValue::Null));
    return a;
}

} // namespace

QString cpStateName(CpState s)
{
    switch (s) {
    case CpState::A: return QStringLiteral("A");
    case CpState::B: return QStringLiteral("B");
    case CpState::C: return QStringLiteral("C");
    case CpState::D: return QStringLiteral("D");
    case CpState::E: return QStringLiteral("E");
    case CpState::F: return QStringLiteral("F");
    case CpState::Unknown: break;
    }
    return QStringLiteral("unknown");
}

CpState cpStateFromLetter(QChar c)
{
    switch (c.toUpper().unicode()) {
    case 'A': return CpState::A;
    case 'B': return CpState::B;
    case 'C': return CpState::C;
    case 'D': return CpState::D;
    case 'E': return CpState::E;
    case 'F': return CpState::F;
    default: return CpState::Unknown;
    }
}

QString lockStateName(LockState s)
{
    switch (s) {
    case LockState::Unlocked: return QStringLiteral("unlocked");
    case LockState::Locked: return QStringLiteral("locked");
    case LockState::Fault: return QStringLiteral("fault");
    case LockState::Unknown: break;
    }
    return QStringLiteral("unknown");
}

std::optional<LockState> lockStateFromName(const QString &name)
{
    for (LockState s : {LockState::Unknown, LockState::Unlocked, LockState::Locked, LockState::Fault}) {
        if (lockStateName(s) == name)
            return s;
    }
    return std::nullopt;
}

void HardwareState::deriveFromCpState()
{
    if (!evConnected && cpState != CpState::Unknown && cpState != CpState::E && cpState != CpState::F)
        evConnected = cpState != CpState::A;
    if (contactorClosed)
        return;
    // IEC 61851: the contactor may only be closed in C/D with PWM on ("C2", "D2").
    if (cpState == CpState::A || cpState == CpState::B || cpState == CpState::E || cpState == CpState::F)
        contactorClosed = false;
    else if (cpDetail.size() == 2 && (cpState == CpState::C || cpState == CpState::D))
        contactorClosed = cpDetail.at(1) == QLatin1Char('2');
}

void HardwareState::addFault(const QString &key)
{
    if (!faults.contains(key))
        faults.append(key);
}

QJsonObject HardwareState::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("connector"), connector);
    o.insert(QStringLiteral("cpState"), cpStateName(cpState));
    o.insert(QStringLiteral("cpDetail"), cpDetail);
    o.insert(QStringLiteral("controllerState"), controllerState);
    putOptional(o, QStringLiteral("evConnected"), evConnected);
    putOptional(o, QStringLiteral("ppRatingA"), ppRatingA);
    putOptional(o, QStringLiteral("cpDutyPercent"), cpDutyPercent);
    putOptional(o, QStringLiteral("pilotCurrentA"), pilotCurrentA);
    putOptional(o, QStringLiteral("currentLimitA"), currentLimitA);
    putOptional(o, QStringLiteral("minCurrentA"), minCurrentA);
    putOptional(o, QStringLiteral("maxCurrentA"), maxCurrentA);
    putOptional(o, QStringLiteral("contactorClosed"), contactorClosed);
    o.insert(QStringLiteral("lock"), lockStateName(lock));
    putOptional(o, QStringLiteral("rcdTripped"), rcdTripped);
    putOptional(o, QStringLiteral("groundFault"), groundFault);
    QJsonObject temps;
    for (auto it = temperaturesC.cbegin(); it != temperaturesC.cend(); ++it)
        temps.insert(it.key(), it.value());
    o.insert(QStringLiteral("temperaturesC"), temps);
    o.insert(QStringLiteral("currentA"), phases(currentA));
    o.insert(QStringLiteral("voltageV"), phases(voltageV));
    putOptional(o, QStringLiteral("powerW"), powerW);
    putOptional(o, QStringLiteral("apparentPowerVA"), apparentPowerVA);
    putOptional(o, QStringLiteral("energyWh"), energyWh);
    putOptional(o, QStringLiteral("sessionEnergyWh"), sessionEnergyWh);
    QJsonObject counts;
    for (auto it = faultCounters.cbegin(); it != faultCounters.cend(); ++it)
        counts.insert(it.key(), it.value());
    o.insert(QStringLiteral("faultCounters"), counts);
    o.insert(QStringLiteral("faults"), QJsonArray::fromStringList(faults));
    o.insert(QStringLiteral("firmwareVersion"), firmwareVersion);
    o.insert(QStringLiteral("protocolVersion"), protocolVersion);
    o.insert(QStringLiteral("source"), source);
    o.insert(QStringLiteral("timestamp"), timestamp.isValid() ? timestamp.toUTC().toString(Qt::ISODateWithMs) : QString());
    o.insert(QStringLiteral("vendor"), vendor);
    o.insert(QStringLiteral("diagnostics"), counters.toJson());
    return o;
}

bool HardwareState::sameReading(const HardwareState &other) const
{
    QJsonObject a = toJson();
    QJsonObject b = other.toJson();
    for (const char *k : {"timestamp", "diagnostics"}) {
        a.remove(QLatin1String(k));
        b.remove(QLatin1String(k));
    }
    return a == b;
}

} // namespace cb::serial
