#include "operationspec.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace cb {

QString operationText(const char *english) { return QCoreApplication::translate("cb::operations", english); }

QStringList OperationParameter::choicesFor(OcppVersion v) const
{
    QStringList out;
    for (const OperationChoice &c : choices)
        if (c.versions.isEmpty() || c.versions.contains(v))
            out << c.value;
    return out;
}

QString OperationParameter::typeName() const
{
    switch (type) {
    case Type::Integer: return QStringLiteral("integer");
    case Type::String: return QStringLiteral("string");
    case Type::Choice: return QStringLiteral("choice");
    case Type::Boolean: return QStringLiteral("boolean");
    case Type::Json: return QStringLiteral("json");
    }
    return {};
}

const OperationParameter *OperationSpec::parameter(const QString &name) const
{
    for (const OperationParameter &p : parameters)
        if (p.name == name)
            return &p;
    return nullptr;
}

namespace {

QJsonArray versionNames(const QList<OcppVersion> &versions)
{
    QJsonArray out;
    for (OcppVersion v : kAllVersions)
        if (versions.isEmpty() || versions.contains(v))
            out.append(versionName(v));
    return out;
}

} // namespace

QString OperationSpec::versionList() const
{
    QStringList out;
    for (const QJsonValue &v : versionNames(versions))
        out << v.toString();
    return out.join(QStringLiteral(", "));
}

QJsonObject OperationSpec::toJson() const
{
    QJsonArray params;
    for (const OperationParameter &p : parameters) {
        QList<OcppVersion> own;
        for (OcppVersion v : kAllVersions)
            if (supports(v) && p.existsIn(v))
                own << v;
        QJsonObject o{{QStringLiteral("name"), p.name},
                      {QStringLiteral("type"), p.typeName()},
                      {QStringLiteral("description"), operationText(p.description)},
                      {QStringLiteral("versions"), versionNames(own)},
                      {QStringLiteral("requiredIn"), p.requiredIn.isEmpty() ? QJsonArray{} : versionNames(p.requiredIn)}};
        if (p.type == OperationParameter::Type::Choice) {
            QJsonObject perVersion;
            for (OcppVersion v : own)
                perVersion.insert(versionName(v), QJsonArray::fromStringList(p.choicesFor(v)));
            o.insert(QStringLiteral("values"), perVersion);
        }
        if (p.type == OperationParameter::Type::Integer) {
            o.insert(QStringLiteral("minimum"), p.minimum);
            o.insert(QStringLiteral("maximum"), p.maximum);
        }
        if (p.maxLength > 0)
            o.insert(QStringLiteral("maxLength"), p.maxLength);
        if (!p.defaultValue.isUndefined() && !p.defaultValue.isNull())
            o.insert(QStringLiteral("default"), p.defaultValue);
        if (*p.example)
            o.insert(QStringLiteral("example"), QString::fromUtf8(p.example));
        params.append(o);
    }
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("block"), block},
                       {QStringLiteral("title"), operationText(title)},
                       {QStringLiteral("description"), operationText(description)},
                       {QStringLiteral("versions"), versionNames(versions)},
                       {QStringLiteral("parameters"), params}};
}

} // namespace cb
