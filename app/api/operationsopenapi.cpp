#include "operationsopenapi.h"

#include "station/operations/operationtable.h"

#include <QJsonArray>

namespace cb {

namespace {

QJsonObject parameterSchema(const OperationSpec &spec, const OperationParameter &p)
{
    QJsonObject s;
    QStringList versions;
    for (OcppVersion v : kAllVersions)
        if (spec.supports(v) && p.existsIn(v))
            versions << versionName(v);
    QString description = operationText(p.description) + QStringLiteral(" (OCPP %1").arg(versions.join(QStringLiteral(", ")));
    QStringList required;
    for (OcppVersion v : p.requiredIn)
        required << versionName(v);
    description += required.isEmpty() ? QStringLiteral(")") : QStringLiteral("; required in %1)").arg(required.join(QStringLiteral(", ")));
    s.insert(QStringLiteral("description"), description);
    switch (p.type) {
    case OperationParameter::Type::Integer:
        s.insert(QStringLiteral("type"), QStringLiteral("integer"));
        s.insert(QStringLiteral("minimum"), p.minimum);
        s.insert(QStringLiteral("maximum"), p.maximum);
        break;
    case OperationParameter::Type::String:
        s.insert(QStringLiteral("type"), QStringLiteral("string"));
        if (p.maxLength > 0)
            s.insert(QStringLiteral("maxLength"), p.maxLength);
        break;
    case OperationParameter::Type::Choice: {
        QStringList all;
        for (const OperationChoice &c : p.choices)
            all << c.value;
        s.insert(QStringLiteral("type"), QStringLiteral("string"));
        s.insert(QStringLiteral("enum"), QJsonArray::fromStringList(all));
        break;
    }
    case OperationParameter::Type::Boolean: s.insert(QStringLiteral("type"), QStringLiteral("boolean")); break;
    case OperationParameter::Type::Json: break; // any JSON (or text in the short form)
    }
    if (!p.defaultValue.isUndefined() && !p.defaultValue.isNull())
        s.insert(QStringLiteral("default"), p.defaultValue);
    return s;
}

QJsonObject response(const QString &description)
{
    return QJsonObject{{QStringLiteral("description"), description},
                       {QStringLiteral("content"),
                        QJsonObject{{QStringLiteral("application/json"),
                                     QJsonObject{{QStringLiteral("schema"),
                                                  QJsonObject{{QStringLiteral("$ref"), QStringLiteral("#/components/schemas/OperationResult")}}}}}}}};
}

} // namespace

QJsonObject operationPaths()
{
    QJsonObject paths;
    for (const OperationDefinition &d : OperationTable::instance().definitions()) {
        const OperationSpec &spec = d.spec;
        QJsonObject properties;
        for (const OperationParameter &p : spec.parameters)
            properties.insert(p.name, parameterSchema(spec, p));
        properties.insert(QStringLiteral("timeoutMs"), QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")},
                                                                   {QStringLiteral("minimum"), 100},
                                                                   {QStringLiteral("maximum"), 600000},
                                                                   {QStringLiteral("description"), QStringLiteral("how long to wait for the answer")}});
        const QJsonObject body{{QStringLiteral("type"), QStringLiteral("object")},
                               {QStringLiteral("additionalProperties"), false},
                               {QStringLiteral("properties"), properties}};
        const QJsonObject post{
            {QStringLiteral("summary"), QStringLiteral("%1 (OCPP %2)").arg(operationText(spec.title), spec.versionList())},
            {QStringLiteral("description"), operationText(spec.description)},
            {QStringLiteral("requestBody"),
             QJsonObject{{QStringLiteral("required"), false},
                         {QStringLiteral("content"), QJsonObject{{QStringLiteral("application/json"), QJsonObject{{QStringLiteral("schema"), body}}}}}}},
            {QStringLiteral("responses"),
             QJsonObject{{QStringLiteral("200"), response(QStringLiteral("The station answered: result accepted or rejected"))},
                         {QStringLiteral("400"), response(QStringLiteral("Unknown operation, bad parameter, or the station's version cannot do it; nothing was sent"))},
                         {QStringLiteral("404"), response(QStringLiteral("No such station has ever connected"))},
                         {QStringLiteral("409"), response(QStringLiteral("The station is not connected; nothing was sent"))},
                         {QStringLiteral("502"), response(QStringLiteral("CALLERROR, or an answer that breaks the schema"))},
                         {QStringLiteral("504"), response(QStringLiteral("No answer in time"))}}}};
        paths.insert(QStringLiteral("/api/stations/{id}/operations/") + spec.name,
                     QJsonObject{{QStringLiteral("parameters"),
                                  QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("id")},
                                                         {QStringLiteral("in"), QStringLiteral("path")},
                                                         {QStringLiteral("required"), true},
                                                         {QStringLiteral("schema"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}}}},
                                 {QStringLiteral("post"), post}});
    }
    return paths;
}

} // namespace cb
