#include "operationargs.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace cb {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::OperationArgs)
};

QString allowedNames(const OperationSpec &spec, OcppVersion v)
{
    QStringList names;
    for (const OperationParameter &p : spec.parameters)
        if (p.existsIn(v))
            names << p.displayName();
    return names.isEmpty() ? Text::tr("It takes no parameters.") : Text::tr("Its parameters are: %1.").arg(names.join(QStringLiteral(", ")));
}

Result<QJsonValue> checkValue(const OperationSpec &spec, const OperationParameter &p, OcppVersion v, const QJsonValue &value)
{
    const QString where = Text::tr("%1: %2").arg(spec.displayTitle(), p.displayName());
    switch (p.type) {
    case OperationParameter::Type::Integer: {
        // JSON numbers, and text holding a whole number (forms, query strings).
        double d = 0;
        bool ok = false;
        if (value.isDouble()) {
            d = value.toDouble();
            ok = std::isfinite(d) && std::floor(d) == d;
        } else if (value.isString()) {
            const qint64 n = value.toString().trimmed().toLongLong(&ok);
            d = double(n);
        }
        if (!ok)
            return Error{Text::tr("%1 must be a whole number.").arg(where), Text::tr("Give a number from %1 to %2.").arg(p.minimum).arg(p.maximum)};
        if (d < double(p.minimum) || d > double(p.maximum))
            return Error{Text::tr("%1 is %2, out of range.").arg(where).arg(qint64(d)),
                         Text::tr("Give a number from %1 to %2.").arg(p.minimum).arg(p.maximum)};
        return QJsonValue(qint64(d));
    }
    case OperationParameter::Type::String: {
        if (!value.isString())
            return Error{Text::tr("%1 must be text.").arg(where), QString()};
        const QString s = value.toString();
        if (p.maxLength > 0 && s.size() > p.maxLength)
            return Error{Text::tr("%1 is %2 characters long.").arg(where).arg(s.size()),
                         Text::tr("OCPP %1 allows at most %2.").arg(versionName(v)).arg(p.maxLength)};
        return QJsonValue(s);
    }
    case OperationParameter::Type::Choice: {
        const QStringList allowed = p.choicesFor(v);
        const QString s = value.toString().trimmed().toLower();
        if (value.isString() && !allowed.contains(s) && p.freeTextIn.contains(v) && !s.isEmpty()
            && (p.maxLength <= 0 || value.toString().trimmed().size() <= p.maxLength))
            return QJsonValue(value.toString().trimmed()); // a value of the station's own, sent as given
        if (!value.isString() || !allowed.contains(s))
            return Error{Text::tr("%1 cannot be \"%2\" for OCPP %3.")
                             .arg(where, value.isString() ? value.toString() : QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact)),
                                  versionName(v)),
                         Text::tr("Allowed values: %1.").arg(allowed.join(QStringLiteral(", ")))};
        return QJsonValue(s);
    }
    case OperationParameter::Type::Boolean: {
        if (value.isBool())
            return value;
        const QString s = value.toString().trimmed().toLower();
        if (s == QLatin1String("true") || s == QLatin1String("yes") || s == QLatin1String("1"))
            return QJsonValue(true);
        if (s == QLatin1String("false") || s == QLatin1String("no") || s == QLatin1String("0"))
            return QJsonValue(false);
        return Error{Text::tr("%1 must be true or false.").arg(where), QString()};
    }
    case OperationParameter::Type::Json:
        if (value.isNull() || value.isUndefined())
            return Error{Text::tr("%1 is empty.").arg(where), Text::tr("For example: %1").arg(QString::fromUtf8(p.example))};
        return value;
    }
    return value;
}

} // namespace

Result<OperationArgs> OperationArgs::check(const OperationSpec &spec, OcppVersion v, const QJsonObject &raw)
{
    for (auto it = raw.begin(); it != raw.end(); ++it) {
        const OperationParameter *p = spec.parameter(it.key());
        if (!p)
            return Error{Text::tr("%1 has no parameter \"%2\".").arg(spec.displayTitle(), it.key()), allowedNames(spec, v)};
        if (!p->existsIn(v)) {
            QStringList where;
            for (OcppVersion x : kAllVersions)
                if (spec.supports(x) && p->existsIn(x))
                    where << versionName(x);
            return Error{Text::tr("%1: %2 does not exist in OCPP %3 (only in %4).")
                             .arg(spec.displayTitle(), p->displayName(), versionName(v), where.join(QStringLiteral(", "))),
                         allowedNames(spec, v)};
        }
    }
    OperationArgs args;
    for (const OperationParameter &p : spec.parameters) {
        if (!p.existsIn(v))
            continue;
        QJsonValue value = raw.value(p.name);
        if (value.isUndefined() || value.isNull() || (value.isString() && value.toString().isEmpty() && p.type != OperationParameter::Type::String)) {
            if (p.isRequiredIn(v))
                return Error{Text::tr("%1 needs %2 for OCPP %3.").arg(spec.displayTitle(), p.displayName(), versionName(v)),
                             p.type == OperationParameter::Type::Choice
                                 ? Text::tr("Allowed values: %1.").arg(p.choicesFor(v).join(QStringLiteral(", ")))
                                 : operationText(p.description)};
            if (p.defaultValue.isUndefined() || p.defaultValue.isNull())
                continue;
            value = p.defaultValue;
        }
        auto checked = checkValue(spec, p, v, value);
        if (!checked)
            return checked.error();
        args.m_values.insert(p.name, checked.value());
    }
    return args;
}

Result<QJsonObject> OperationArgs::fromStrings(const OperationSpec &spec, const QHash<QString, QString> &text)
{
    QJsonObject out;
    for (auto it = text.begin(); it != text.end(); ++it) {
        const OperationParameter *p = spec.parameter(it.key());
        // check() converts numbers, choices and booleans; JSON parameters also take a short text
        // form (e.g. "OCPPCommCtrlr.HeartbeatInterval=60"), which their operation reads.
        const QString trimmed = it.value().trimmed();
        if (!p || p->type != OperationParameter::Type::Json || !(trimmed.startsWith(QLatin1Char('[')) || trimmed.startsWith(QLatin1Char('{')))) {
            out.insert(it.key(), it.value());
            continue;
        }
        QJsonParseError e;
        const QJsonDocument doc = QJsonDocument::fromJson(it.value().toUtf8(), &e);
        if (e.error != QJsonParseError::NoError)
            return Error{Text::tr("%1: %2 is not valid JSON (%3 at offset %4).").arg(spec.displayTitle(), p->displayName(), e.errorString()).arg(e.offset),
                         Text::tr("For example: %1").arg(QString::fromUtf8(p->example))};
        out.insert(it.key(), doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object()));
    }
    return out;
}

std::optional<qint64> OperationArgs::integer(const QString &name) const
{
    const QJsonValue v = m_values.value(name);
    if (!v.isDouble())
        return std::nullopt;
    return v.toInteger();
}

QString OperationArgs::string(const QString &name) const { return m_values.value(name).toString(); }

} // namespace cb
