#include "lintreport.h"

#include <QJsonArray>

namespace cb {

QMap<QString, QMap<LintRule, int>> LintReport::summary() const
{
    QMap<QString, QMap<LintRule, int>> s;
    for (const QString &station : stations)
        s[station];
    for (const LintFinding &f : findings)
        ++s[f.stationId][f.rule];
    return s;
}

int LintReport::count(LintRule rule) const
{
    int n = 0;
    for (const LintFinding &f : findings)
        n += f.rule == rule ? 1 : 0;
    return n;
}

QJsonObject LintReport::toJson() const
{
    QJsonArray list;
    for (const LintFinding &f : findings) {
        QJsonArray ids;
        for (qint64 id : f.frameIds)
            ids.append(id);
        list.append(QJsonObject{
            {QStringLiteral("rule"), ruleName(f.rule)},
            {QStringLiteral("severity"), severityName(f.severity)},
            {QStringLiteral("station"), f.stationId},
            {QStringLiteral("connection"), f.connectionId},
            {QStringLiteral("tsUs"), f.timestampUs},
            {QStringLiteral("frameIds"), ids},
            {QStringLiteral("message"), f.message},
        });
    }
    QJsonObject summaryJson;
    const auto s = summary();
    for (auto it = s.begin(); it != s.end(); ++it) {
        QJsonObject perRule;
        for (auto r = it.value().begin(); r != it.value().end(); ++r)
            perRule.insert(ruleName(r.key()), r.value());
        summaryJson.insert(it.key(), perRule);
    }
    return QJsonObject{
        {QStringLiteral("format"), QStringLiteral("chargebench-lint")},
        {QStringLiteral("version"), 1},
        {QStringLiteral("records"), recordCount},
        {QStringLiteral("findings"), list},
        {QStringLiteral("summary"), summaryJson},
    };
}

} // namespace cb
