// The provisioning block's CSMS-initiated operations and their 1.6 / 2.0.1 / 2.1 mapping.
#include "provisioningblock.h"

#include "station/operations/operationhelpers.h"
#include "station/operations/variableselector.h"

namespace cb {

using namespace ops;

namespace {

const std::vector<WireName> kResetTypes{{"immediate", "Hard", "Immediate"},
                                        {"on-idle", "Soft", "OnIdle"},
                                        {"immediate-and-resume", nullptr, "ImmediateAndResume", true}};
const std::vector<WireName> kReportBases{{"full", "", "FullInventory"},
                                         {"configuration", nullptr, "ConfigurationInventory"},
                                         {"summary", nullptr, "SummaryInventory"}};
const std::vector<WireName> kComponentCriteria{{"active", nullptr, "Active"},
                                               {"available", nullptr, "Available"},
                                               {"enabled", nullptr, "Enabled"},
                                               {"problem", nullptr, "Problem"}};
const std::vector<WireName> kInterfaces{{"wired0", nullptr, "Wired0"},       {"wired1", nullptr, "Wired1"},
                                        {"wired2", nullptr, "Wired2"},       {"wired3", nullptr, "Wired3"},
                                        {"wireless0", nullptr, "Wireless0"}, {"wireless1", nullptr, "Wireless1"},
                                        {"wireless2", nullptr, "Wireless2"}, {"wireless3", nullptr, "Wireless3"},
                                        {"any", nullptr, "Any", true}};

OperationDefinition reset()
{
    OperationDefinition d = operation("reset", "provisioning", QT_TRANSLATE_NOOP("cb::operations", "Reset"),
                                           QT_TRANSLATE_NOOP("cb::operations",
        "immediate restarts now, ending transactions (1.6 Hard); on-idle once nothing is charging (1.6 Soft)."));
    OperationParameter type = choice(QStringLiteral("type"), QT_TRANSLATE_NOOP("cb::operations", "immediate or on-idle"), choicesOf(kResetTypes));
    type.defaultValue = QStringLiteral("on-idle"); // the gentle kind lets a running charge finish
    d.spec.parameters = {type, whenNotGiven(integer(QStringLiteral("evse"), QT_TRANSLATE_NOOP("cb::operations", "EVSE to reset (2.x); not given: the whole station"), kV2x, {}, 0, 999), QT_TRANSLATE_NOOP("cb::operations", "whole station"))};
    d.spec.destructive = [](const QJsonObject &) { return true; };
    d.build = [](OcppVersion v, const OperationArgs &a) -> Result<OcppRequest> {
        QJsonObject p{{QStringLiteral("type"), wireName(kResetTypes, a.string(QStringLiteral("type")), v)}};
        if (const auto e = a.integer(QStringLiteral("evse")))
            p.insert(QStringLiteral("evseId"), *e);
        return OcppRequest{QStringLiteral("Reset"), p};
    };
    return d;
}

// The version-neutral list of what a GetVariables / GetConfiguration answer said, and whether
// every variable was read.
void interpretGetVariables(OperationResult &r)
{
    if (r.outcome.status != CallOutcome::Status::Result)
        return;
    QJsonArray items;
    QStringList failed;
    if (r.action == QLatin1String("GetConfiguration")) {
        for (const QJsonValue &k : r.reply.value(QLatin1String("configurationKey")).toArray()) {
            const QJsonObject o = k.toObject();
            QJsonObject item{{QStringLiteral("variable"), o.value(QLatin1String("key"))},
                             {QStringLiteral("status"), QStringLiteral("accepted")},
                             {QStringLiteral("readonly"), o.value(QLatin1String("readonly")).toBool()}};
            if (o.contains(QLatin1String("value")))
                item.insert(QStringLiteral("value"), o.value(QLatin1String("value")));
            items.append(item);
        }
        for (const QJsonValue &k : r.reply.value(QLatin1String("unknownKey")).toArray()) {
            items.append(QJsonObject{{QStringLiteral("variable"), k}, {QStringLiteral("status"), QStringLiteral("unknown-variable")}});
            failed << k.toString() + QStringLiteral(": UnknownKey");
        }
    } else {
        for (const QJsonValue &x : r.reply.value(QLatin1String("getVariableResult")).toArray()) {
            const QJsonObject o = x.toObject();
            VariableSelector s = VariableSelector::fromWire(o);
            s.value.reset(); // the value read goes in "value" below, with the status
            if (s.attribute.isEmpty())
                s.attribute = QStringLiteral("actual");
            QJsonObject item = s.toJson();
            const QString status = o.value(QLatin1String("attributeStatus")).toString();
            item.insert(QStringLiteral("status"), status);
            if (o.contains(QLatin1String("attributeValue")))
                item.insert(QStringLiteral("value"), o.value(QLatin1String("attributeValue")));
            items.append(item);
            if (status != QLatin1String("Accepted"))
                failed << s.label() + QStringLiteral(": ") + status;
        }
    }
    r.data = items;
    if (!failed.isEmpty()) {
        r.kind = OperationResult::Kind::Rejected;
        r.reason = failed.join(QStringLiteral("; "));
        r.text = Text::tr("Not every variable was read: %1").arg(r.reason);
    } else {
        r.text = Text::tr("%n variable(s) read", nullptr, int(items.size()));
    }
}

OperationDefinition getVariables()
{
    OperationDefinition d = operation("get-variables", "provisioning", QT_TRANSLATE_NOOP("cb::operations", "Get variables"),
                                           QT_TRANSLATE_NOOP("cb::operations", "Reads variables (2.x GetVariables) or configuration keys (1.6 GetConfiguration)."));
    d.spec.parameters = {json(QStringLiteral("variables"),
                              QT_TRANSLATE_NOOP("cb::operations", "Component.Variable names (1.6: keys), comma-separated, or a JSON array of {component, evse, connector, variable, attribute}"),
                              "OCPPCommCtrlr.HeartbeatInterval,EVSE[1].Power@max-set", {}, kAll)};
    d.spec.parameters[0].type = OperationParameter::Type::Json;
    d.build = [](OcppVersion v, const OperationArgs &a) -> Result<OcppRequest> {
        auto list = VariableSelector::parseList(a.value(QStringLiteral("variables")), v, VariableSelector::Need::Variable);
        if (!list)
            return list.error();
        if (is16(v)) {
            QJsonArray keys;
            for (const VariableSelector &s : list.value())
                keys.append(s.variable);
            return OcppRequest{QStringLiteral("GetConfiguration"), QJsonObject{{QStringLiteral("key"), keys}}};
        }
        QJsonArray data;
        for (const VariableSelector &s : list.value())
            data.append(s.toGetVariableData());
        return OcppRequest{QStringLiteral("GetVariables"), QJsonObject{{QStringLiteral("getVariableData"), data}}};
    };
    d.interpret = interpretGetVariables;
    return d;
}

OperationDefinition setVariables()
{
    OperationDefinition d = operation("set-variables", "provisioning", QT_TRANSLATE_NOOP("cb::operations", "Set variables"),
                                           QT_TRANSLATE_NOOP("cb::operations",
        "Writes variables (2.x SetVariables) or one configuration key (1.6 ChangeConfiguration)."));
    d.spec.parameters = {json(QStringLiteral("variables"),
                              QT_TRANSLATE_NOOP("cb::operations", "Component.Variable=value pairs (1.6: Key=value), comma-separated, or a JSON array of {component, variable, value, ...}"),
                              "OCPPCommCtrlr.HeartbeatInterval=60", {}, kAll)};
    d.build = [](OcppVersion v, const OperationArgs &a) -> Result<OcppRequest> {
        auto list = VariableSelector::parseList(a.value(QStringLiteral("variables")), v, VariableSelector::Need::VariableAndValue);
        if (!list)
            return list.error();
        if (is16(v)) {
            if (list.value().size() != 1)
                return refuse(Text::tr("OCPP 1.6 changes one configuration key per ChangeConfiguration; %n were given.", nullptr,
                                       int(list.value().size())),
                              Text::tr("Run set-variables once per key."));
            const VariableSelector &s = list.value().constFirst();
            return OcppRequest{QStringLiteral("ChangeConfiguration"),
                               QJsonObject{{QStringLiteral("key"), s.variable}, {QStringLiteral("value"), s.value.value_or(QString())}}};
        }
        QJsonArray data;
        for (const VariableSelector &s : list.value())
            data.append(s.toSetVariableData());
        return OcppRequest{QStringLiteral("SetVariables"), QJsonObject{{QStringLiteral("setVariableData"), data}}};
    };
    d.interpret = [](OperationResult &r) {
        if (r.outcome.status != CallOutcome::Status::Result || r.action == QLatin1String("ChangeConfiguration"))
            return;
        QJsonArray items;
        QStringList failed;
        bool reboot = false;
        for (const QJsonValue &x : r.reply.value(QLatin1String("setVariableResult")).toArray()) {
            const QJsonObject o = x.toObject();
            const QString status = o.value(QLatin1String("attributeStatus")).toString();
            const QString label = o.value(QLatin1String("component")).toObject().value(QLatin1String("name")).toString() + QLatin1Char('.')
                                + o.value(QLatin1String("variable")).toObject().value(QLatin1String("name")).toString();
            items.append(QJsonObject{{QStringLiteral("variable"), label}, {QStringLiteral("status"), status}});
            reboot = reboot || status == QLatin1String("RebootRequired");
            if (status != QLatin1String("Accepted") && status != QLatin1String("RebootRequired"))
                failed << label + QStringLiteral(": ") + status;
        }
        r.data = items;
        if (!failed.isEmpty()) {
            r.kind = OperationResult::Kind::Rejected;
            r.reason = failed.join(QStringLiteral("; "));
            r.text = Text::tr("Not every variable was set: %1").arg(r.reason);
        } else {
            r.status = reboot ? QStringLiteral("RebootRequired") : QStringLiteral("Accepted");
            r.text = reboot ? Text::tr("Accepted; the station must reboot before the new values apply.") : Text::tr("Accepted");
        }
    };
    return d;
}

OperationDefinition getReport()
{
    OperationDefinition d = operation("get-report", "provisioning", QT_TRANSLATE_NOOP("cb::operations", "Get report"),
                                           QT_TRANSLATE_NOOP("cb::operations",
        "Asks for the device model (2.x GetBaseReport, or GetReport when criteria or components narrow it; answered by NotifyReport pages) "
        "or every configuration key (1.6 GetConfiguration)."));
    OperationParameter base = choice(QStringLiteral("base"), QT_TRANSLATE_NOOP("cb::operations", "full, configuration or summary (1.6: full)"),
                                     choicesOf(kReportBases));
    base.defaultValue = QStringLiteral("full");
    OperationParameter criteria = text(QStringLiteral("criteria"),
        QT_TRANSLATE_NOOP("cb::operations", "GetReport componentCriteria (2.x): active, available, enabled, problem; comma-separated"), 200, kV2x);
    criteria.example = "problem";
    d.spec.parameters = {base, whenNotGiven(integer(QStringLiteral("request-id"), QT_TRANSLATE_NOOP("cb::operations", "requestId (2.x); not given: a new one"), kV2x), QT_TRANSLATE_NOOP("cb::operations", "a new one")),
                         criteria,
                         json(QStringLiteral("components"),
                              QT_TRANSLATE_NOOP("cb::operations", "GetReport componentVariable (2.x): Component or Component.Variable, comma-separated, or a JSON array"),
                              "EVSE[1],OCPPCommCtrlr.HeartbeatInterval", kV2x)};
    d.build = [](OcppVersion v, const OperationArgs &a) -> Result<OcppRequest> {
        if (is16(v))
            return OcppRequest{QStringLiteral("GetConfiguration"), QJsonObject{}};
        const qint64 id = a.integer(QStringLiteral("request-id")).value_or(OperationTable::nextRequestId());
        if (!a.has(QStringLiteral("criteria")) && !a.has(QStringLiteral("components")))
            return OcppRequest{QStringLiteral("GetBaseReport"),
                               QJsonObject{{QStringLiteral("requestId"), id}, {QStringLiteral("reportBase"), wireName(kReportBases, a.string(QStringLiteral("base")), v)}}};
        QJsonObject p{{QStringLiteral("requestId"), id}};
        if (a.has(QStringLiteral("criteria"))) {
            QJsonArray criteria;
            for (const QString &c : a.string(QStringLiteral("criteria")).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                const QString wire = wireName(kComponentCriteria, c.trimmed().toLower(), v);
                if (wire.isEmpty())
                    return refuse(Text::tr("%1: \"%2\" is not a criterion.").arg(parameterDisplayName(QStringLiteral("criteria")), c.trimmed()),
                                  Text::tr("Use active, available, enabled or problem."));
                criteria.append(wire);
            }
            if (criteria.size() > 4)
                return refuse(Text::tr("%1 names %n criteria; OCPP allows at most 4.", nullptr, int(criteria.size())).arg(parameterDisplayName(QStringLiteral("criteria"))));
            p.insert(QStringLiteral("componentCriteria"), criteria);
        }
        if (a.has(QStringLiteral("components"))) {
            auto list = VariableSelector::parseList(a.value(QStringLiteral("components")), v, VariableSelector::Need::Component);
            if (!list)
                return list.error();
            QJsonArray cv;
            for (const VariableSelector &s : list.value())
                cv.append(s.toComponentVariable());
            p.insert(QStringLiteral("componentVariable"), cv);
        }
        return OcppRequest{QStringLiteral("GetReport"), p};
    };
    d.interpret = [](OperationResult &r) {
        if (r.outcome.status != CallOutcome::Status::Result)
            return;
        if (r.action == QLatin1String("GetConfiguration")) {
            interpretGetVariables(r);
            return;
        }
        r.data = QJsonObject{{QStringLiteral("requestId"), r.request.value(QLatin1String("requestId"))}};
    };
    return d;
}

OperationDefinition setNetworkProfile()
{
    OperationDefinition d = operation("set-network-profile", "provisioning", QT_TRANSLATE_NOOP("cb::operations", "Set network profile"),
                                           QT_TRANSLATE_NOOP("cb::operations",
        "Stores a connection profile (CSMS URL, security profile, interface) in a configuration slot of the station."), kV2x);
    OperationParameter iface = choice(QStringLiteral("interface"), QT_TRANSLATE_NOOP("cb::operations", "network interface"), choicesOf(kInterfaces));
    iface.defaultValue = QStringLiteral("wired0");
    OperationParameter timeout = integer(QStringLiteral("message-timeout"), QT_TRANSLATE_NOOP("cb::operations", "seconds before a message times out"), {}, {}, 1, 3600);
    timeout.defaultValue = 30;
    d.spec.parameters = {
        integer(QStringLiteral("slot"), QT_TRANSLATE_NOOP("cb::operations", "configuration slot"), {}, kV2x, 0, 999),
        text(QStringLiteral("url"), QT_TRANSLATE_NOOP("cb::operations", "CSMS URL, e.g. wss://csms.example.com/ocpp/"), 2000, {}, kV2x),
        integer(QStringLiteral("security-profile"), QT_TRANSLATE_NOOP("cb::operations", "security profile 0-3"), {}, kV2x, 0, 3),
        iface,
        timeout,
        text(QStringLiteral("identity"), QT_TRANSLATE_NOOP("cb::operations", "identity to use as the Basic-auth user name (2.1)"), 48, kV21),
        json(QStringLiteral("apn"), QT_TRANSLATE_NOOP("cb::operations", "APN settings as OCPP's APNType (JSON)"),
             R"({"apn":"internet","apnAuthentication":"AUTO"})"),
        json(QStringLiteral("vpn"), QT_TRANSLATE_NOOP("cb::operations", "VPN settings as OCPP's VPNType (JSON)"),
             R"({"server":"vpn.example.com","user":"u","password":"...","key":"...","type":"IPSec"})"),
    };
    d.spec.parameters[1].example = "wss://csms.example.com/ocpp/";
    d.build = [](OcppVersion v, const OperationArgs &a) -> Result<OcppRequest> {
        const QString url = a.string(QStringLiteral("url"));
        if (v == OcppVersion::V201 && url.size() > 512)
            return refuse(Text::tr("%1 is %2 characters long.").arg(parameterDisplayName(QStringLiteral("url"))).arg(url.size()), Text::tr("OCPP 2.0.1 allows at most 512."));
        QJsonObject data{{QStringLiteral("ocppTransport"), QStringLiteral("JSON")},
                         {QStringLiteral("ocppCsmsUrl"), url},
                         {QStringLiteral("messageTimeout"), *a.integer(QStringLiteral("message-timeout"))},
                         {QStringLiteral("securityProfile"), *a.integer(QStringLiteral("security-profile"))},
                         {QStringLiteral("ocppInterface"), wireName(kInterfaces, a.string(QStringLiteral("interface")), v)}};
        // 2.0.1 requires the version, which for OCPP-J over WebSocket is OCPP20; 2.1 ignores it.
        if (v == OcppVersion::V201)
            data.insert(QStringLiteral("ocppVersion"), QStringLiteral("OCPP20"));
        if (a.has(QStringLiteral("identity")))
            data.insert(QStringLiteral("identity"), a.string(QStringLiteral("identity")));
        for (const char *key : {"apn", "vpn"}) {
            const QString k = QString::fromLatin1(key);
            if (!a.has(k))
                continue;
            if (!a.value(k).isObject())
                return refuse(Text::tr("%1 must be a JSON object.").arg(parameterDisplayName(k)));
            data.insert(k, a.value(k));
        }
        return OcppRequest{QStringLiteral("SetNetworkProfile"),
                           QJsonObject{{QStringLiteral("configurationSlot"), *a.integer(QStringLiteral("slot"))}, {QStringLiteral("connectionData"), data}}};
    };
    return d;
}

} // namespace

QList<OperationDefinition> ProvisioningBlock::operations()
{
    return {reset(), getVariables(), setVariables(), getReport(), setNetworkProfile()};
}

void ProvisioningBlock::operationFinished(const OperationResult &result)
{
    // A reset the station accepted is expected to end the connection; it is remembered so the
    // next boot can be told apart from a crash.
    if (result.operation == QLatin1String("reset") && result.accepted())
        m_resetAcceptedAt = QDateTime::currentDateTimeUtc();
}

} // namespace cb
