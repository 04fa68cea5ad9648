#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace cb::sim {

// Why a value was refused: an OCPP 2.x reason code (Part 2, Appendix 5) and words for people.
struct ValueProblem
{
    QString reasonCode;
    QString text;
};

// What a variable or configuration key accepts: its data type, limits and list of values.
// Limits bound numbers; for strings they bound the length.
struct ValueRules
{
    // 2.x DataEnumType (string, decimal, integer, dateTime, boolean, OptionList, SequenceList,
    // MemberList); 1.6 keys use boolean, integer, string and CSL.
    QString dataType = QStringLiteral("string");
    std::optional<double> minLimit;
    std::optional<double> maxLimit;
    QStringList valuesList; // allowed options or list members; empty: anything
    std::optional<int> maxItems;

    std::optional<ValueProblem> check(const QString &value) const;
};

} // namespace cb::sim
