#include "variablevalue.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSet>

#include <cmath>

namespace cb::dm::VariableValue {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::dm::VariableValue)
};

bool isListType(const QString &type)
{
    return type == QLatin1String("SequenceList") || type == QLatin1String("MemberList");
}

} // namespace

QString decimalText(double value)
{
    QString text = QString::number(value, 'f', 6);
    while (text.contains(QLatin1Char('.')) && (text.endsWith(QLatin1Char('0')) || text.endsWith(QLatin1Char('.'))))
        text.chop(1);
    return text == QLatin1String("-0") ? QStringLiteral("0") : text;
}

QString limitsText(const VariableCharacteristics &c)
{
    const QString type = c.dataType;
    const bool numeric = type == QLatin1String("integer") || type == QLatin1String("decimal");
    if (numeric) {
        if (c.minLimit && c.maxLimit)
            return decimalText(*c.minLimit) + QStringLiteral(" \u2026 ") + decimalText(*c.maxLimit);
        if (c.minLimit)
            return QStringLiteral("\u2265 ") + decimalText(*c.minLimit);
        if (c.maxLimit)
            return QStringLiteral("\u2264 ") + decimalText(*c.maxLimit);
        return {};
    }
    // For strings and lists the limits are lengths (OCPP 2.x part 2, VariableCharacteristicsType).
    if (c.minLimit && c.maxLimit && *c.minLimit == *c.maxLimit)
        return QCoreApplication::translate("cb::dm::VariableValue", "exactly %n character(s)", nullptr, int(*c.maxLimit));
    QStringList parts;
    if (c.minLimit && *c.minLimit > 0)
        parts << QCoreApplication::translate("cb::dm::VariableValue", "at least %n character(s)", nullptr, int(*c.minLimit));
    if (c.maxLimit)
        parts << QCoreApplication::translate("cb::dm::VariableValue", "at most %n character(s)", nullptr, int(*c.maxLimit));
    if (c.maxElements)
        parts << QCoreApplication::translate("cb::dm::VariableValue", "at most %n element(s)", nullptr, *c.maxElements);
    return parts.join(QStringLiteral(", "));
}

QString problem(const VariableCharacteristics &c, const QString &value)
{
    const QString &type = c.dataType;
    if (type == QLatin1String("integer") || type == QLatin1String("decimal")) {
        bool ok = false;
        const double v = type == QLatin1String("integer") ? double(value.toLongLong(&ok)) : value.toDouble(&ok);
        if (!ok || !std::isfinite(v))
            return type == QLatin1String("integer") ? Text::tr("Enter a whole number.") : Text::tr("Enter a number (use a dot for decimals).");
        if ((c.minLimit && v < *c.minLimit) || (c.maxLimit && v > *c.maxLimit))
            return Text::tr("The station allows %1.").arg(limitsText(c));
        return {};
    }
    if (type == QLatin1String("boolean")) {
        if (value != QLatin1String("true") && value != QLatin1String("false"))
            return Text::tr("Enter true or false.");
        return {};
    }
    if (type == QLatin1String("dateTime")) {
        if (!QDateTime::fromString(value, Qt::ISODateWithMs).isValid())
            return Text::tr("Enter a date and time as 2026-01-31T12:00:00Z.");
        return {};
    }
    if (c.maxLimit && value.size() > *c.maxLimit)
        return Text::tr("The value is %1 characters long; the station allows %2.").arg(value.size()).arg(limitsText(c));
    if (c.minLimit && value.size() < *c.minLimit)
        return Text::tr("The value is %1 characters long; the station allows %2.").arg(value.size()).arg(limitsText(c));
    const QStringList allowed = c.values();
    if (type == QLatin1String("OptionList")) {
        if (!allowed.isEmpty() && !allowed.contains(value))
            return Text::tr("Choose one of: %1.").arg(allowed.join(QStringLiteral(", ")));
        return {};
    }
    if (isListType(type) && !value.isEmpty()) {
        const QStringList members = value.split(QLatin1Char(','));
        QSet<QString> seen;
        for (const QString &m : members) {
            if (!allowed.isEmpty() && !allowed.contains(m))
                return Text::tr("\u201c%1\u201d is not one of: %2.").arg(m, allowed.join(QStringLiteral(", ")));
            if (type == QLatin1String("MemberList") && seen.contains(m))
                return Text::tr("\u201c%1\u201d appears twice; a member list names each member once.").arg(m);
            seen.insert(m);
        }
        if (c.maxElements && members.size() > *c.maxElements)
            return Text::tr("The station takes at most %1 elements.").arg(*c.maxElements);
    }
    return {};
}

} // namespace cb::dm::VariableValue
