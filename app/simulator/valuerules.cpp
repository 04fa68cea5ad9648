#include "valuerules.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSet>

namespace cb::sim {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::sim::ValueRules)
};

ValueProblem invalid(const QString &text) { return ValueProblem{QStringLiteral("InvalidValue"), text}; }
ValueProblem outOfRange(const QString &text) { return ValueProblem{QStringLiteral("ValueOutOfRange"), text}; }

std::optional<ValueProblem> checkNumber(double n, const ValueRules &r)
{
    if (r.minLimit && n < *r.minLimit)
        return outOfRange(Text::tr("%1 is below the minimum %2.").arg(n).arg(*r.minLimit));
    if (r.maxLimit && n > *r.maxLimit)
        return outOfRange(Text::tr("%1 is above the maximum %2.").arg(n).arg(*r.maxLimit));
    return std::nullopt;
}

std::optional<ValueProblem> checkList(const QString &value, const ValueRules &r, bool unique)
{
    if (value.isEmpty())
        return std::nullopt;
    const QStringList items = value.split(QLatin1Char(','));
    if (r.maxItems && items.size() > *r.maxItems)
        return outOfRange(Text::tr("%1 items given, at most %2 allowed.").arg(items.size()).arg(*r.maxItems));
    QSet<QString> seen;
    for (const QString &raw : items) {
        const QString item = raw.trimmed();
        if (item.isEmpty())
            return invalid(Text::tr("The list has an empty item."));
        if (!r.valuesList.isEmpty() && !r.valuesList.contains(item))
            return invalid(Text::tr("\"%1\" is not one of: %2.").arg(item, r.valuesList.join(QStringLiteral(", "))));
        if (unique && seen.contains(item))
            return invalid(Text::tr("\"%1\" appears twice.").arg(item));
        seen.insert(item);
    }
    return std::nullopt;
}

} // namespace

std::optional<ValueProblem> ValueRules::check(const QString &value) const
{
    const QString &t = dataType;
    if (t == QLatin1String("boolean")) {
        if (value != QLatin1String("true") && value != QLatin1String("false"))
            return invalid(Text::tr("\"%1\" is not a boolean; use true or false.").arg(value));
        return std::nullopt;
    }
    if (t == QLatin1String("integer")) {
        bool ok = false;
        const qlonglong n = value.toLongLong(&ok);
        if (!ok || value.trimmed() != value)
            return invalid(Text::tr("\"%1\" is not an integer.").arg(value));
        return checkNumber(double(n), *this);
    }
    if (t == QLatin1String("decimal")) {
        bool ok = false;
        const double n = value.toDouble(&ok);
        if (!ok)
            return invalid(Text::tr("\"%1\" is not a decimal number.").arg(value));
        return checkNumber(n, *this);
    }
    if (t == QLatin1String("dateTime")) {
        if (!QDateTime::fromString(value, Qt::ISODateWithMs).isValid())
            return invalid(Text::tr("\"%1\" is not an RFC 3339 date and time.").arg(value));
        return std::nullopt;
    }
    if (t == QLatin1String("OptionList")) {
        if (!valuesList.isEmpty() && !valuesList.contains(value))
            return invalid(Text::tr("\"%1\" is not one of: %2.").arg(value, valuesList.join(QStringLiteral(", "))));
        return std::nullopt;
    }
    if (t == QLatin1String("MemberList") || t == QLatin1String("CSL"))
        return checkList(value, *this, false);
    if (t == QLatin1String("SequenceList"))
        return checkList(value, *this, true);
    // string (and 1.6 string keys): limits bound the length.
    if (minLimit && value.size() < *minLimit)
        return outOfRange(Text::tr("%1 characters given, at least %2 needed.").arg(value.size()).arg(*minLimit));
    if (maxLimit && value.size() > *maxLimit)
        return outOfRange(Text::tr("%1 characters given, at most %2 allowed.").arg(value.size()).arg(*maxLimit));
    return std::nullopt;
}

} // namespace cb::sim
