#pragma once

#include "linkcounters.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

#include <array>
#include <optional>

namespace cb::serial {

// IEC 61851 control pilot state as seen by the controller.
enum class CpState { Unknown, A, B, C, D, E, F };
enum class LockState { Unknown, Unlocked, Locked, Fault };

QString cpStateName(CpState s);          // "A".."F", "unknown"
CpState cpStateFromLetter(QChar c);      // 'A'..'F' (either case), else Unknown
QString lockStateName(LockState s);      // "unknown", "unlocked", "locked", "fault"
std::optional<LockState> lockStateFromName(const QString &name);

// One version-neutral picture of a connector's hardware, whatever protocol it came from. Values the
// source does not report stay empty (std::nullopt, empty map) rather than guessed, so "unknown" and
// "false" never mix.
struct HardwareState
{
    int connector = 1;
    CpState cpState = CpState::Unknown;
    QString cpDetail;            // vendor text for the state, e.g. "C2", "B1"
    QString controllerState;     // controller's own state, e.g. "sleeping", "disabled", "derating"
    std::optional<bool> evConnected;
    std::optional<double> ppRatingA;     // cable rating from the proximity pin; 0 = no cable
    std::optional<double> cpDutyPercent;
    std::optional<double> pilotCurrentA; // current advertised on the control pilot now
    std::optional<double> currentLimitA; // configured limit (what a client set)
    std::optional<double> minCurrentA;
    std::optional<double> maxCurrentA;   // hardware maximum
    std::optional<bool> contactorClosed;
    LockState lock = LockState::Unknown;
    std::optional<bool> rcdTripped;      // RCD / GFI / RCM
    std::optional<bool> groundFault;
    QMap<QString, double> temperaturesC; // sensor name -> degrees Celsius
    std::array<std::optional<double>, 3> currentA;
    std::array<std::optional<double>, 3> voltageV;
    std::optional<double> powerW;
    std::optional<double> apparentPowerVA;
    std::optional<double> energyWh;        // total (since installation or power-on, see source)
    std::optional<double> sessionEnergyWh;
    QMap<QString, qint64> faultCounters;   // e.g. gfiTrips, noGroundTrips, stuckRelayTrips
    QStringList faults;                    // active faults, camelCase keys, e.g. "rcmTrip"
    QString firmwareVersion;
    QString protocolVersion;
    QString source;                        // "rapi", "modbus:heidelberg-energy-control"
    QDateTime timestamp;                   // when the reading completed (UTC)
    QJsonObject vendor;                    // raw vendor values (RAPI codes, decoded registers)
    LinkCounters counters;

    // Fills evConnected and contactorClosed from the CP state where the source gave nothing better.
    void deriveFromCpState();
    void addFault(const QString &key);

    QJsonObject toJson() const;
    // True when every reading matches; ignores the timestamp and link counters, so `serial watch`
    // prints a line only when the hardware changed.
    bool sameReading(const HardwareState &other) const;
};

} // namespace cb::serial
