#include "violation.h"

#include <QJsonArray>

namespace cb {

QJsonObject Violation::toJson() const
{
    return QJsonObject{{QStringLiteral("path"), path},
                       {QStringLiteral("rule"), rule},
                       {QStringLiteral("code"), canonicalName(code)}};
}

QString describe(const Violations &violations)
{
    QStringList parts;
    for (const Violation &v : violations)
        parts << v.text();
    return parts.join(QStringLiteral("; "));
}

QJsonObject violationDetails(const Violations &violations)
{
    QJsonArray a;
    for (const Violation &v : violations)
        a.append(v.toJson());
    return QJsonObject{{QStringLiteral("violations"), a}};
}

} // namespace cb
