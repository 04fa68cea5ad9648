#pragma once

#include "common/result.h"
#include "link/serialsettings.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

namespace cb::serial::modbus {

// What a decoded value or bit means: a text for people, an optional fault key, and HardwareState
// targets to set (and, for bits, to set when the bit is clear).
struct ValueMeaning
{
    QString text;
    QString fault;
    QJsonObject set;
    QJsonObject clear;
    bool valid = true; // false: the value is a marker (e.g. 0xFFFF "shorted"), not a measurement
};

enum class RegisterType { UInt16, Int16, UInt32, Int32, Ascii };

// One value in the device's register map and where it goes in HardwareState.
struct FieldSpec
{
    QString name;
    quint16 address = 0;
    RegisterType type = RegisterType::UInt16;
    int count = 1;              // registers used (2 for 32-bit types, N for ascii)
    bool lowWordFirst = false;  // 32-bit word order; Modbus convention is high word first
    double scale = 1.0;
    QString unit;
    QString target;             // HardwareState target, e.g. "cpState", "currentL1"; empty = vendor only
    QMap<QString, ValueMeaning> values; // by decimal raw value, or by text for ascii
    QMap<int, ValueMeaning> bits;
    QString description;
};

// One read request issued on every poll.
struct ReadBlock
{
    int function = 3;           // 3 holding registers, 4 input registers
    int fallbackFunction = 0;   // used from then on when the device answers `function` with an exception
    quint16 start = 0;
    quint16 count = 1;
};

// A holding register a client may write, with its bounds in engineering units.
struct WriteSpec
{
    QString name;
    quint16 address = 0;
    double scale = 1.0;
    QString unit;
    std::optional<double> min;
    std::optional<double> max;
    QList<double> allowed;      // accepted besides [min, max] (e.g. 0 = off)
    QString description;

    QString describeBounds() const; // "0 or 6-16 A"
};

// A device's register map as shipped in resources/modbus/*.json (format: serial/PROFILES.md).
struct RegisterProfile
{
    QString id;
    QString name;
    QString description;
    SerialSettings serial;      // baud and framing; no port
    int serverId = 1;
    int requestDelayMs = 50;
    int timeoutMs = 500;
    int retries = 0;            // extra attempts after a timeout or CRC error
    QList<ReadBlock> reads;
    QList<FieldSpec> fields;
    QList<WriteSpec> writes;

    static Result<RegisterProfile> fromJson(const QByteArray &json, const QString &origin);
    // An embedded profile by id ("heidelberg-energy-control") or a JSON file by path.
    static Result<RegisterProfile> load(const QString &idOrPath);
    static QStringList builtinIds();

    const WriteSpec *writeSpec(const QString &name) const;
    // Checks the bounds and converts to the raw register value.
    Result<quint16> encodeWrite(const QString &name, double value) const;
};

// The HardwareState targets a profile may name.
bool isKnownTarget(const QString &target);

} // namespace cb::serial::modbus
