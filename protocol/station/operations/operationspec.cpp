#include "operationspec.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace cb {

QString operationText(const char *english) { return QCoreApplication::translate("cb::operations", english); }

namespace {

// One label per parameter name, so "evse" reads the same in every operation's form.
struct Label
{
    const char *name;
    const char *label;
};
constexpr Label kLabels[] = {
    {"apn", QT_TRANSLATE_NOOP("cb::operations", "APN")},
    {"base", QT_TRANSLATE_NOOP("cb::operations", "Report base")},
    {"components", QT_TRANSLATE_NOOP("cb::operations", "Components")},
    {"connector", QT_TRANSLATE_NOOP("cb::operations", "Connector")},
    {"criteria", QT_TRANSLATE_NOOP("cb::operations", "Criteria")},
    {"custom", QT_TRANSLATE_NOOP("cb::operations", "Custom trigger")},
    {"data", QT_TRANSLATE_NOOP("cb::operations", "Data")},
    {"entries", QT_TRANSLATE_NOOP("cb::operations", "Entries")},
    {"evse", QT_TRANSLATE_NOOP("cb::operations", "EVSE")},
    {"extended", QT_TRANSLATE_NOOP("cb::operations", "Extended trigger")},
    {"id-token", QT_TRANSLATE_NOOP("cb::operations", "ID token")},
    {"identity", QT_TRANSLATE_NOOP("cb::operations", "Identity")},
    {"interface", QT_TRANSLATE_NOOP("cb::operations", "Interface")},
    {"message", QT_TRANSLATE_NOOP("cb::operations", "Message")},
    {"message-id", QT_TRANSLATE_NOOP("cb::operations", "Message ID")},
    {"message-timeout", QT_TRANSLATE_NOOP("cb::operations", "Message timeout (s)")},
    {"remote-start-id", QT_TRANSLATE_NOOP("cb::operations", "Remote start ID")},
    {"request-id", QT_TRANSLATE_NOOP("cb::operations", "Request ID")},
    {"security-profile", QT_TRANSLATE_NOOP("cb::operations", "Security profile")},
    {"slot", QT_TRANSLATE_NOOP("cb::operations", "Slot")},
    {"status", QT_TRANSLATE_NOOP("cb::operations", "Status")},
    {"token-type", QT_TRANSLATE_NOOP("cb::operations", "Token type")},
    {"transaction", QT_TRANSLATE_NOOP("cb::operations", "Transaction")},
    {"type", QT_TRANSLATE_NOOP("cb::operations", "Type")},
    {"update-type", QT_TRANSLATE_NOOP("cb::operations", "Update type")},
    {"url", QT_TRANSLATE_NOOP("cb::operations", "CSMS URL")},
    {"variables", QT_TRANSLATE_NOOP("cb::operations", "Variables")},
    {"vendor-id", QT_TRANSLATE_NOOP("cb::operations", "Vendor ID")},
    {"version", QT_TRANSLATE_NOOP("cb::operations", "List version")},
    {"vpn", QT_TRANSLATE_NOOP("cb::operations", "VPN")},
};

QString labelOf(const QString &name)
{
    for (const Label &l : kLabels)
        if (name == QLatin1String(l.name))
            return operationText(l.label);
    return name;
}

} // namespace

QString parameterDisplayName(const QString &name)
{
    const QString label = labelOf(name);
    return label == name ? name : QCoreApplication::translate("cb::operations", "%1 (%2)").arg(label, name);
}

QString operationBlockTitle(const QString &block)
{
    static const Label kBlocks[] = {
        {"provisioning", QT_TRANSLATE_NOOP("cb::operations", "Provisioning")},
        {"availability", QT_TRANSLATE_NOOP("cb::operations", "Availability")},
        {"remote-control", QT_TRANSLATE_NOOP("cb::operations", "Remote control")},
        {"authorization", QT_TRANSLATE_NOOP("cb::operations", "Authorization")},
        {"data-transfer", QT_TRANSLATE_NOOP("cb::operations", "Data transfer")},
        {"security", QT_TRANSLATE_NOOP("cb::operations", "Security")},
        {"firmware", QT_TRANSLATE_NOOP("cb::operations", "Firmware")},
        {"diagnostics", QT_TRANSLATE_NOOP("cb::operations", "Diagnostics")},
    };
    for (const Label &l : kBlocks)
        if (block == QLatin1String(l.name))
            return operationText(l.label);
    return block; // a block added to the table later still gets a heading
}

QString OperationParameter::label() const { return labelOf(name); }

QString OperationParameter::displayName() const { return parameterDisplayName(name); }

QString OperationParameter::notGivenText() const
{
    return *whenNotGiven ? operationText(whenNotGiven) : QCoreApplication::translate("cb::operations", "not set");
}

QString OperationSpec::displayTitle() const { return operationText(title); }

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
