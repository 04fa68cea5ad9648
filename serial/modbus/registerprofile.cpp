#include "registerprofile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cmath>

namespace cb::serial::modbus {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::serial::modbus::RegisterProfile)
};

const QStringList &scalarTargets()
{
    static const QStringList t{
        QStringLiteral("cpState"), QStringLiteral("controllerState"), QStringLiteral("evConnected"),
        QStringLiteral("ppRatingA"), QStringLiteral("cpDutyPercent"), QStringLiteral("pilotCurrentA"),
        QStringLiteral("currentLimitA"), QStringLiteral("minCurrentA"), QStringLiteral("maxCurrentA"),
        QStringLiteral("contactorClosed"), QStringLiteral("lock"), QStringLiteral("rcdTripped"),
        QStringLiteral("groundFault"), QStringLiteral("currentL1"), QStringLiteral("currentL2"),
        QStringLiteral("currentL3"), QStringLiteral("voltageL1"), QStringLiteral("voltageL2"),
        QStringLiteral("voltageL3"), QStringLiteral("powerW"), QStringLiteral("apparentPowerVA"),
        QStringLiteral("energyWh"), QStringLiteral("sessionEnergyWh"), QStringLiteral("firmwareVersion"),
        QStringLiteral("protocolVersion"),
    };
    return t;
}

struct Parser
{
    QString origin;
    QString problem;

    bool fail(const QString &what)
    {
        if (problem.isEmpty())
            problem = what;
        return false;
    }

    bool meaning(const QJsonValue &v, const QString &where, ValueMeaning &out)
    {
        if (v.isString()) {
            out.text = v.toString();
            return true;
        }
        if (!v.isObject())
            return fail(Text::tr("%1: a value meaning must be a text or an object.").arg(where));
        const QJsonObject o = v.toObject();
        out.text = o.value(QLatin1String("text")).toString();
        out.fault = o.value(QLatin1String("fault")).toString();
        out.set = o.value(QLatin1String("set")).toObject();
        out.clear = o.value(QLatin1String("clear")).toObject();
        out.valid = o.value(QLatin1String("valid")).toBool(true);
        for (const QJsonObject &targets : {out.set, out.clear}) {
            for (auto it = targets.begin(); it != targets.end(); ++it) {
                if (!isKnownTarget(it.key()))
                    return fail(Text::tr("%1: unknown target \"%2\".").arg(where, it.key()));
            }
        }
        return true;
    }

    bool field(const QJsonObject &o, FieldSpec &f)
    {
        f.name = o.value(QLatin1String("name")).toString();
        const QString where = Text::tr("register \"%1\"").arg(f.name);
        if (f.name.isEmpty())
            return fail(Text::tr("A register has no name."));
        const int address = o.value(QLatin1String("address")).toInt(-1);
        if (address < 0 || address > 0xFFFF)
            return fail(Text::tr("%1: address must be 0-65535.").arg(where));
        f.address = quint16(address);
        const QString type = o.value(QLatin1String("type")).toString(QStringLiteral("uint16"));
        if (type == QLatin1String("uint16"))
            f.type = RegisterType::UInt16;
        else if (type == QLatin1String("int16"))
            f.type = RegisterType::Int16;
        else if (type == QLatin1String("uint32"))
            f.type = RegisterType::UInt32;
        else if (type == QLatin1String("int32"))
            f.type = RegisterType::Int32;
        else if (type == QLatin1String("ascii"))
            f.type = RegisterType::Ascii;
        else
            return fail(Text::tr("%1: unknown type \"%2\" (uint16, int16, uint32, int32, ascii).").arg(where, type));
        const bool wide = f.type == RegisterType::UInt32 || f.type == RegisterType::Int32;
        f.count = wide ? 2 : o.value(QLatin1String("count")).toInt(1);
        if (f.count < 1 || f.count > 64)
            return fail(Text::tr("%1: count must be 1-64.").arg(where));
        const QString order = o.value(QLatin1String("wordOrder")).toString(QStringLiteral("high-first"));
        if (order != QLatin1String("high-first") && order != QLatin1String("low-first"))
            return fail(Text::tr("%1: wordOrder is high-first or low-first.").arg(where));
        f.lowWordFirst = order == QLatin1String("low-first");
        f.scale = o.value(QLatin1String("scale")).toDouble(1.0);
        f.unit = o.value(QLatin1String("unit")).toString();
        f.target = o.value(QLatin1String("to")).toString();
        f.description = o.value(QLatin1String("description")).toString();
        if (!f.target.isEmpty() && !isKnownTarget(f.target))
            return fail(Text::tr("%1: unknown target \"%2\".").arg(where, f.target));
        const QJsonObject values = o.value(QLatin1String("enum")).toObject();
        for (auto it = values.begin(); it != values.end(); ++it) {
            ValueMeaning m;
            if (!meaning(it.value(), where, m))
                return false;
            f.values.insert(it.key(), m);
        }
        const QJsonObject bits = o.value(QLatin1String("bits")).toObject();
        for (auto it = bits.begin(); it != bits.end(); ++it) {
            bool ok = false;
            const int bit = it.key().toInt(&ok);
            if (!ok || bit < 0 || bit >= 16 * f.count || f.type == RegisterType::Ascii)
                return fail(Text::tr("%1: bit \"%2\" is outside the register.").arg(where, it.key()));
            ValueMeaning m;
            if (!meaning(it.value(), where, m))
                return false;
            f.bits.insert(bit, m);
        }
        return true;
    }

    bool block(const QJsonObject &o, ReadBlock &b)
    {
        b.function = o.value(QLatin1String("function")).toInt(3);
        b.fallbackFunction = o.value(QLatin1String("fallbackFunction")).toInt(0);
        const int start = o.value(QLatin1String("start")).toInt(-1);
        const int count = o.value(QLatin1String("count")).toInt(0);
        if ((b.function != 3 && b.function != 4) || (b.fallbackFunction != 0 && b.fallbackFunction != 3 && b.fallbackFunction != 4))
            return fail(Text::tr("Read blocks use function 3 (holding) or 4 (input registers)."));
        if (start < 0 || count < 1 || count > 125 || start + count > 0x10000)
            return fail(Text::tr("Read block at %1: start 0-65535 and count 1-125 (the Modbus limit).").arg(start));
        b.start = quint16(start);
        b.count = quint16(count);
        return true;
    }

    bool write(const QJsonObject &o, WriteSpec &w)
    {
        w.name = o.value(QLatin1String("name")).toString();
        const int address = o.value(QLatin1String("address")).toInt(-1);
        if (w.name.isEmpty() || address < 0 || address > 0xFFFF)
            return fail(Text::tr("A write needs a name and an address 0-65535."));
        w.address = quint16(address);
        w.scale = o.value(QLatin1String("scale")).toDouble(1.0);
        w.unit = o.value(QLatin1String("unit")).toString();
        w.description = o.value(QLatin1String("description")).toString();
        if (o.contains(QLatin1String("min")))
            w.min = o.value(QLatin1String("min")).toDouble();
        if (o.contains(QLatin1String("max")))
            w.max = o.value(QLatin1String("max")).toDouble();
        for (const QJsonValue &v : o.value(QLatin1String("allowed")).toArray())
            w.allowed.append(v.toDouble());
        if (w.min.has_value() != w.max.has_value() || (w.min && *w.min > *w.max))
            return fail(Text::tr("Write \"%1\": give both min and max, min not above max.").arg(w.name));
        if (!w.min && w.allowed.isEmpty())
            return fail(Text::tr("Write \"%1\" has no bounds: give min/max or allowed values.").arg(w.name));
        if (w.scale <= 0)
            return fail(Text::tr("Write \"%1\": scale must be positive.").arg(w.name));
        return true;
    }
};

} // namespace

bool isKnownTarget(const QString &target)
{
    if (scalarTargets().contains(target))
        return true;
    for (const char *prefix : {"temperature.", "faultCounter."}) {
        if (target.startsWith(QLatin1String(prefix)) && target.size() > qsizetype(qstrlen(prefix)))
            return true;
    }
    return false;
}

QString WriteSpec::describeBounds() const
{
    QStringList parts;
    for (double a : allowed)
        parts.append(QString::number(a));
    if (min)
        parts.append(QString::number(*min) + QLatin1Char('-') + QString::number(*max));
    QString s = parts.join(Text::tr(" or "));
    if (!unit.isEmpty())
        s += QLatin1Char(' ') + unit;
    return s;
}

Result<RegisterProfile> RegisterProfile::fromJson(const QByteArray &json, const QString &origin)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return Error{Text::tr("Register profile %1 is not a JSON object (%2).").arg(origin, pe.errorString()),
                     Text::tr("Fix the file; serial/PROFILES.md describes the format.")};
    const QJsonObject o = doc.object();
    RegisterProfile p;
    Parser parser{origin, {}};
    p.id = o.value(QLatin1String("id")).toString();
    p.name = o.value(QLatin1String("name")).toString(p.id);
    p.description = o.value(QLatin1String("description")).toString();
    const QJsonObject serial = o.value(QLatin1String("serial")).toObject();
    p.serial.baudRate = serial.value(QLatin1String("baud")).toInt(9600);
    if (auto st = p.serial.setFraming(serial.value(QLatin1String("framing")).toString(QStringLiteral("8N1"))); !st)
        parser.fail(st.error().message);
    p.serverId = o.value(QLatin1String("serverId")).toInt(1);
    p.requestDelayMs = o.value(QLatin1String("requestDelayMs")).toInt(50);
    p.timeoutMs = o.value(QLatin1String("timeoutMs")).toInt(500);
    p.retries = o.value(QLatin1String("retries")).toInt(0);
    if (p.id.isEmpty())
        parser.fail(Text::tr("The profile has no id."));
    if (p.serverId < 1 || p.serverId > 247)
        parser.fail(Text::tr("serverId must be 1-247."));
    if (p.requestDelayMs < 0 || p.timeoutMs < 10)
        parser.fail(Text::tr("requestDelayMs must be 0 or more and timeoutMs at least 10."));
    if (p.retries < 0 || p.retries > 5)
        parser.fail(Text::tr("retries must be 0-5."));
    for (const QJsonValue &v : o.value(QLatin1String("reads")).toArray()) {
        ReadBlock b;
        if (parser.block(v.toObject(), b))
            p.reads.append(b);
    }
    if (p.reads.isEmpty())
        parser.fail(Text::tr("The profile reads nothing: add \"reads\" blocks."));
    for (const QJsonValue &v : o.value(QLatin1String("registers")).toArray()) {
        FieldSpec f;
        if (!parser.field(v.toObject(), f))
            continue;
        const bool covered = std::any_of(p.reads.cbegin(), p.reads.cend(), [&](const ReadBlock &b) {
            return f.address >= b.start && f.address + f.count <= b.start + b.count;
        });
        if (!covered)
            parser.fail(Text::tr("Register \"%1\" at %2 is not inside any read block.").arg(f.name).arg(f.address));
        p.fields.append(f);
    }
    for (const QJsonValue &v : o.value(QLatin1String("writes")).toArray()) {
        WriteSpec w;
        if (parser.write(v.toObject(), w))
            p.writes.append(w);
    }
    if (!parser.problem.isEmpty())
        return Error{Text::tr("Register profile %1: %2").arg(origin, parser.problem),
                     Text::tr("Fix the file; serial/PROFILES.md describes the format.")};
    return p;
}

QStringList RegisterProfile::builtinIds()
{
    QStringList ids;
    const auto files = QDir(QStringLiteral(":/modbus")).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString &f : files)
        ids.append(QFileInfo(f).completeBaseName());
    return ids;
}

Result<RegisterProfile> RegisterProfile::load(const QString &idOrPath)
{
    const bool isPath = idOrPath.contains(QLatin1Char('/')) || idOrPath.endsWith(QLatin1String(".json"));
    const QString path = isPath ? idOrPath : QStringLiteral(":/modbus/") + idOrPath + QStringLiteral(".json");
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (!isPath)
            return Error{Text::tr("No built-in register profile \"%1\".").arg(idOrPath),
                         Text::tr("Built-in profiles: %1; or give the path of a profile JSON file.").arg(builtinIds().join(QStringLiteral(", ")))};
        return Error{Text::tr("Cannot read register profile %1: %2.").arg(path, f.errorString()), {}};
    }
    return fromJson(f.readAll(), isPath ? path : idOrPath);
}

const WriteSpec *RegisterProfile::writeSpec(const QString &name) const
{
    for (const WriteSpec &w : writes) {
        if (w.name == name)
            return &w;
    }
    return nullptr;
}

Result<quint16> RegisterProfile::encodeWrite(const QString &name, double value) const
{
    const WriteSpec *w = writeSpec(name);
    if (!w) {
        QStringList names;
        for (const WriteSpec &x : writes)
            names.append(x.name);
        return Error{Text::tr("Profile %1 has no writable value \"%2\".").arg(id, name),
                     Text::tr("Writable: %1.").arg(names.join(QStringLiteral(", ")))};
    }
    const bool inRange = w->min && value >= *w->min - 1e-9 && value <= *w->max + 1e-9;
    const bool listed = std::any_of(w->allowed.cbegin(), w->allowed.cend(), [&](double a) { return std::abs(a - value) < 1e-9; });
    if ((!inRange && !listed) || !std::isfinite(value))
        return Error{Text::tr("%1 = %2 is out of bounds for %3.").arg(w->name, QString::number(value), this->name),
                     Text::tr("Allowed: %1.").arg(w->describeBounds())};
    const double raw = std::round(value / w->scale);
    if (raw < 0 || raw > 0xFFFF)
        return Error{Text::tr("%1 = %2 does not fit a 16-bit register.").arg(w->name, QString::number(value)), {}};
    return quint16(raw);
}

} // namespace cb::serial::modbus
