#include "devicemodel/reportrequest.h"

#include <QJsonArray>

namespace cb::dm {

QJsonObject ComponentVariable::toJson() const
{
    QJsonObject o{{QStringLiteral("component"), component.toJson()}};
    if (variable)
        o.insert(QStringLiteral("variable"), variable->toJson());
    return o;
}

QString ReportRequest::action() const
{
    switch (kind) {
    case Kind::BaseReport: return QStringLiteral("GetBaseReport");
    case Kind::Report: return QStringLiteral("GetReport");
    case Kind::Configuration: return QStringLiteral("GetConfiguration");
    }
    return {};
}

QJsonObject ReportRequest::payload(int requestId) const
{
    switch (kind) {
    case Kind::BaseReport:
        return QJsonObject{{QStringLiteral("requestId"), requestId}, {QStringLiteral("reportBase"), reportBase}};
    case Kind::Report: {
        QJsonObject o{{QStringLiteral("requestId"), requestId}};
        if (!componentCriteria.isEmpty())
            o.insert(QStringLiteral("componentCriteria"), QJsonArray::fromStringList(componentCriteria));
        if (!componentVariables.isEmpty()) {
            QJsonArray cv;
            for (const ComponentVariable &c : componentVariables)
                cv.append(c.toJson());
            o.insert(QStringLiteral("componentVariable"), cv);
        }
        return o;
    }
    case Kind::Configuration:
        return keys.isEmpty() ? QJsonObject{} : QJsonObject{{QStringLiteral("key"), QJsonArray::fromStringList(keys)}};
    }
    return {};
}

QString ReportRequest::sourceName() const
{
    switch (kind) {
    case Kind::BaseReport: return reportBase;
    case Kind::Report: return QStringLiteral("GetReport");
    case Kind::Configuration: return QStringLiteral("GetConfiguration");
    }
    return {};
}

} // namespace cb::dm
