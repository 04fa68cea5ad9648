#include "registerdecoder.h"

#include <QJsonArray>
#include <QJsonObject>

namespace cb::serial::modbus {

namespace {

std::optional<double> number(const QJsonValue &v)
{
    if (v.isDouble())
        return v.toDouble();
    if (v.isBool())
        return v.toBool() ? 1.0 : 0.0;
    if (v.isString()) {
        bool ok = false;
        const double d = v.toString().toDouble(&ok);
        if (ok)
            return d;
    }
    return std::nullopt;
}

QString text(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toDouble());
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return {};
}

void applyMeaning(HardwareState &s, const ValueMeaning &m, bool active)
{
    const QJsonObject &targets = active ? m.set : m.clear;
    for (auto it = targets.begin(); it != targets.end(); ++it)
        RegisterDecoder::setTarget(s, it.key(), it.value());
    if (active && !m.fault.isEmpty())
        s.addFault(m.fault);
}

} // namespace

std::optional<QJsonValue> RegisterDecoder::rawValue(const FieldSpec &f, const QHash<quint16, quint16> &regs)
{
    QList<quint16> words;
    for (int i = 0; i < f.count; ++i) {
        const auto it = regs.constFind(quint16(f.address + i));
        if (it == regs.cend())
            return std::nullopt;
        words.append(it.value());
    }
    switch (f.type) {
    case RegisterType::UInt16:
        return QJsonValue(double(words[0]));
    case RegisterType::Int16:
        return QJsonValue(double(qint16(words[0])));
    case RegisterType::UInt32:
    case RegisterType::Int32: {
        const quint32 hi = f.lowWordFirst ? words[1] : words[0];
        const quint32 lo = f.lowWordFirst ? words[0] : words[1];
        const quint32 v = (hi << 16) | lo;
        return QJsonValue(f.type == RegisterType::Int32 ? double(qint32(v)) : double(v));
    }
    case RegisterType::Ascii: {
        // Two characters per register, high byte first; NUL and spaces pad the end.
        QByteArray bytes;
        for (quint16 w : words) {
            bytes.append(char(w >> 8));
            bytes.append(char(w & 0xFF));
        }
        const qsizetype nul = bytes.indexOf('\0');
        if (nul >= 0)
            bytes.truncate(nul);
        return QJsonValue(QString::fromLatin1(bytes).trimmed());
    }
    }
    return std::nullopt;
}

void RegisterDecoder::apply(const RegisterProfile &profile, const QHash<quint16, quint16> &regs, HardwareState &s)
{
    for (const FieldSpec &f : profile.fields) {
        const auto raw = rawValue(f, regs);
        if (!raw)
            continue;
        QJsonObject vendor{{QStringLiteral("raw"), *raw}};
        const QString key = f.type == RegisterType::Ascii ? raw->toString() : QString::number(qint64(raw->toDouble()));
        const ValueMeaning *meaning = nullptr;
        if (auto it = f.values.constFind(key); it != f.values.cend())
            meaning = &it.value();
        QJsonValue value = *raw;
        if (f.type != RegisterType::Ascii) {
            value = raw->toDouble() * f.scale;
            vendor.insert(QStringLiteral("value"), value);
        }
        if (!f.unit.isEmpty())
            vendor.insert(QStringLiteral("unit"), f.unit);
        QString shown = meaning ? meaning->text : QString();
        if (!f.values.isEmpty() && !meaning)
            shown = QStringLiteral("unknown (%1)").arg(key);
        if (!shown.isEmpty())
            vendor.insert(QStringLiteral("text"), shown);

        if (!f.target.isEmpty() && (!meaning || meaning->valid)) {
            if (f.target == QLatin1String("cpState")) {
                // The vendor text ("C2", "derating") is kept; its first letter names the CP state.
                const QString t = meaning ? meaning->text : text(value);
                s.cpDetail = t;
                s.cpState = t.size() <= 2 && !t.isEmpty() ? cpStateFromLetter(t.at(0)) : CpState::Unknown;
            } else {
                setTarget(s, f.target, meaning && !meaning->text.isEmpty() && !number(value) ? QJsonValue(meaning->text) : value);
            }
        }
        if (meaning)
            applyMeaning(s, *meaning, true);
        if (!f.bits.isEmpty()) {
            const auto bits = quint64(raw->toDouble());
            QJsonArray active;
            for (auto it = f.bits.cbegin(); it != f.bits.cend(); ++it) {
                const bool on = (bits >> it.key()) & 1U;
                if (on)
                    active.append(it.value().text.isEmpty() ? QString::number(it.key()) : it.value().text);
                applyMeaning(s, it.value(), on);
            }
            vendor.insert(QStringLiteral("bits"), active);
        }
        s.vendor.insert(f.name, vendor);
    }
    s.deriveFromCpState();
}

void RegisterDecoder::setTarget(HardwareState &s, const QString &target, const QJsonValue &v)
{
    const auto n = number(v);
    auto boolean = [&]() -> std::optional<bool> { return n ? std::optional<bool>(*n != 0) : std::nullopt; };
    if (target == QLatin1String("cpState")) {
        const QString t = text(v);
        s.cpState = t.isEmpty() ? CpState::Unknown : cpStateFromLetter(t.at(0));
    } else if (target == QLatin1String("controllerState")) {
        s.controllerState = text(v);
    } else if (target == QLatin1String("evConnected")) {
        s.evConnected = boolean();
    } else if (target == QLatin1String("contactorClosed")) {
        s.contactorClosed = boolean();
    } else if (target == QLatin1String("rcdTripped")) {
        s.rcdTripped = boolean();
    } else if (target == QLatin1String("groundFault")) {
        s.groundFault = boolean();
    } else if (target == QLatin1String("lock")) {
        s.lock = lockStateFromName(text(v)).value_or(LockState::Unknown);
    } else if (target == QLatin1String("firmwareVersion")) {
        s.firmwareVersion = text(v);
    } else if (target == QLatin1String("protocolVersion")) {
        s.protocolVersion = text(v);
    } else if (target.startsWith(QLatin1String("temperature."))) {
        if (n)
            s.temperaturesC.insert(target.mid(12), *n);
    } else if (target.startsWith(QLatin1String("faultCounter."))) {
        if (n)
            s.faultCounters.insert(target.mid(13), qint64(*n));
    } else {
        static const QHash<QString, std::optional<double> HardwareState::*> numbers{
            {QStringLiteral("ppRatingA"), &HardwareState::ppRatingA},
            {QStringLiteral("cpDutyPercent"), &HardwareState::cpDutyPercent},
            {QStringLiteral("pilotCurrentA"), &HardwareState::pilotCurrentA},
            {QStringLiteral("currentLimitA"), &HardwareState::currentLimitA},
            {QStringLiteral("minCurrentA"), &HardwareState::minCurrentA},
            {QStringLiteral("maxCurrentA"), &HardwareState::maxCurrentA},
            {QStringLiteral("powerW"), &HardwareState::powerW},
            {QStringLiteral("apparentPowerVA"), &HardwareState::apparentPowerVA},
            {QStringLiteral("energyWh"), &HardwareState::energyWh},
            {QStringLiteral("sessionEnergyWh"), &HardwareState::sessionEnergyWh},
        };
        if (auto it = numbers.constFind(target); it != numbers.cend()) {
            s.*(it.value()) = n;
            return;
        }
        for (int i = 0; i < 3; ++i) {
            if (target == QStringLiteral("currentL%1").arg(i + 1))
                s.currentA[size_t(i)] = n;
            else if (target == QStringLiteral("voltageL%1").arg(i + 1))
                s.voltageV[size_t(i)] = n;
        }
    }
}

} // namespace cb::serial::modbus
