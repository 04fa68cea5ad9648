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

ReportRequest::Operation ReportRequest::operation(int requestId) const
{
    switch (kind) {
    case Kind::BaseReport: {
        // The operation's version-neutral report bases ("full" for FullInventory, ...).
        QString base = reportBase;
        base.remove(QLatin1String("Inventory"));
        return {QStringLiteral("get-report"), QJsonObject{{QStringLiteral("request-id"), requestId}, {QStringLiteral("base"), base.toLower()}}};
    }
    case Kind::Report: {
        QJsonObject args{{QStringLiteral("request-id"), requestId}};
        if (!componentCriteria.isEmpty())
            args.insert(QStringLiteral("criteria"), componentCriteria.join(QLatin1Char(',')).toLower());
        if (!componentVariables.isEmpty()) {
            QJsonArray cv;
            for (const ComponentVariable &c : componentVariables)
                cv.append(c.toJson());
            args.insert(QStringLiteral("components"), cv);
        }
        return {QStringLiteral("get-report"), args};
    }
    case Kind::Configuration:
        if (keys.isEmpty())
            return {QStringLiteral("get-report"), QJsonObject{}};
        return {QStringLiteral("get-variables"), QJsonObject{{QStringLiteral("variables"), QJsonArray::fromStringList(keys)}}};
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
