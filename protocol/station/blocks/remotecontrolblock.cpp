#include "remotecontrolblock.h"

#include "station/operations/operationhelpers.h"
#include "station/stationsession.h"

namespace cb {

using namespace ops;

namespace {

// 1.6 names are those of TriggerMessage; the two only ExtendedTriggerMessage has are marked there.
const std::vector<WireName> kTriggers{
    {"boot", "BootNotification", "BootNotification"},
    {"heartbeat", "Heartbeat", "Heartbeat"},
    {"status", "StatusNotification", "StatusNotification"},
    {"meter-values", "MeterValues", "MeterValues"},
    {"firmware-status", "FirmwareStatusNotification", "FirmwareStatusNotification"},
    {"diagnostics-status", "DiagnosticsStatusNotification", nullptr},
    {"log-status", "LogStatusNotification", "LogStatusNotification"},
    {"sign-charging-station-certificate", "SignChargePointCertificate", "SignChargingStationCertificate"},
    {"sign-v2g-certificate", nullptr, "SignV2GCertificate"},
    {"sign-v2g20-certificate", nullptr, "SignV2G20Certificate", true},
    {"sign-combined-certificate", nullptr, "SignCombinedCertificate"},
    {"transaction-event", nullptr, "TransactionEvent"},
    {"publish-firmware-status", nullptr, "PublishFirmwareStatusNotification"},
    {"custom", nullptr, "CustomTrigger", true},
};

// 1.6 TriggerMessage knows these; the rest need ExtendedTriggerMessage (security extension).
bool inPlainTrigger16(const QString &neutral)
{
    static const QStringList plain{QStringLiteral("boot"), QStringLiteral("heartbeat"), QStringLiteral("status"),
                                   QStringLiteral("meter-values"), QStringLiteral("firmware-status"), QStringLiteral("diagnostics-status")};
    return plain.contains(neutral);
}

OperationDefinition start()
{
    OperationDefinition d = operation("start", "remote-control", QT_TRANSLATE_NOOP("cb::operations", "Start transaction"),
                                           QT_TRANSLATE_NOOP("cb::operations",
        "Asks the station to start a transaction for this token (1.6 RemoteStartTransaction, 2.x RequestStartTransaction)."));
    OperationParameter token = text(QStringLiteral("id-token"), QT_TRANSLATE_NOOP("cb::operations", "the token (1.6 idTag), e.g. 04A2B3C4D5E6F7"), 255);
    token.example = "04A2B3C4D5E6F7";
    OperationParameter type = choice(QStringLiteral("token-type"), QT_TRANSLATE_NOOP("cb::operations", "type of the token (2.x)"),
                                     choicesOf(kIdTokenTypes), kV2x);
    type.defaultValue = QStringLiteral("iso14443");
    // 2.1 made the type a string of up to 20 characters; its appendix lists the standard values.
    type.freeTextIn = kV21;
    type.maxLength = 20;
    OperationParameter remoteStartId = whenNotGiven(integer(QStringLiteral("remote-start-id"),
                                               QT_TRANSLATE_NOOP("cb::operations", "remoteStartId (2.x); not given: a new one"), kV2x, {}, 1), QT_TRANSLATE_NOOP("cb::operations", "a new one"));
    remoteStartId.hint = OperationParameter::Hint::RemoteStartId;
    d.spec.parameters = {token, type, remoteStartId,
                         whenNotGiven(integer(QStringLiteral("evse"), QT_TRANSLATE_NOOP("cb::operations", "EVSE (2.x); not given: the station chooses"), kV2x, {}, 1, 999), QT_TRANSLATE_NOOP("cb::operations", "station chooses")),
                         whenNotGiven(integer(QStringLiteral("connector"), QT_TRANSLATE_NOOP("cb::operations", "connector (1.6); not given: the station chooses"), kV16, {}, 1, 999), QT_TRANSLATE_NOOP("cb::operations", "station chooses"))};
    d.build = [](OcppVersion v, const OperationArgs &a) -> Result<OcppRequest> {
        const QString token = a.string(QStringLiteral("id-token")).trimmed();
        const QString type = a.string(QStringLiteral("token-type"));
        if (token.isEmpty() && (is16(v) || type != QLatin1String("no-authorization")))
            return refuse(Text::tr("Start needs %1.").arg(parameterDisplayName(QStringLiteral("id-token"))), Text::tr("Give the token the transaction is for."));
        const int maxLength = v == OcppVersion::V16 ? 20 : v == OcppVersion::V201 ? 36 : 255;
        if (token.size() > maxLength)
            return refuse(Text::tr("%1 is %2 characters long.").arg(parameterDisplayName(QStringLiteral("id-token"))).arg(token.size()),
                          Text::tr("OCPP %1 allows at most %2.").arg(versionName(v)).arg(maxLength));
        if (is16(v)) {
            QJsonObject p{{QStringLiteral("idTag"), token}};
            if (const auto c = a.integer(QStringLiteral("connector")))
                p.insert(QStringLiteral("connectorId"), *c);
            return OcppRequest{QStringLiteral("RemoteStartTransaction"), p};
        }
        QJsonObject p{{QStringLiteral("idToken"), QJsonObject{{QStringLiteral("idToken"), token},
                                                              {QStringLiteral("type"), wireNameOrText(kIdTokenTypes, type, v)}}},
                      {QStringLiteral("remoteStartId"), a.integer(QStringLiteral("remote-start-id")).value_or(OperationTable::nextRequestId())}};
        if (const auto e = a.integer(QStringLiteral("evse")))
            p.insert(QStringLiteral("evseId"), *e);
        return OcppRequest{QStringLiteral("RequestStartTransaction"), p};
    };
    d.interpret = [](OperationResult &r) {
        if (r.outcome.status == CallOutcome::Status::Result && r.reply.contains(QLatin1String("transactionId")))
            r.data = QJsonObject{{QStringLiteral("transactionId"), r.reply.value(QLatin1String("transactionId"))}};
    };
    return d;
}

OperationDefinition stop()
{
    OperationDefinition d = operation("stop", "remote-control", QT_TRANSLATE_NOOP("cb::operations", "Stop transaction"),
                                           QT_TRANSLATE_NOOP("cb::operations",
        "Asks the station to stop a running transaction (1.6 RemoteStopTransaction, 2.x RequestStopTransaction)."));
    OperationParameter tx = text(QStringLiteral("transaction"), QT_TRANSLATE_NOOP("cb::operations", "the transaction id (1.6: an integer)"), 36, {}, kAll);
    tx.hint = OperationParameter::Hint::TransactionId;
    d.spec.parameters = {tx};
    d.spec.destructive = [](const QJsonObject &) { return true; };
    d.build = [](OcppVersion v, const OperationArgs &a) -> Result<OcppRequest> {
        const QString id = a.string(QStringLiteral("transaction")).trimmed();
        if (id.isEmpty())
            return refuse(Text::tr("No transaction id given."), Text::tr("Pick a running transaction or type its id."));
        if (is16(v)) {
            bool ok = false;
            const int n = id.toInt(&ok);
            if (!ok)
                return refuse(Text::tr("OCPP 1.6 transaction ids are integers; \"%1\" is not one.").arg(id),
                              Text::tr("Use the id the station gave in StartTransaction."));
            return OcppRequest{QStringLiteral("RemoteStopTransaction"), QJsonObject{{QStringLiteral("transactionId"), n}}};
        }
        return OcppRequest{QStringLiteral("RequestStopTransaction"), QJsonObject{{QStringLiteral("transactionId"), id}}};
    };
    return d;
}

OperationDefinition trigger()
{
    OperationDefinition d = operation("trigger", "remote-control", QT_TRANSLATE_NOOP("cb::operations", "Trigger message"),
                                           QT_TRANSLATE_NOOP("cb::operations",
        "Asks the station to send one of its messages now (1.6 TriggerMessage or ExtendedTriggerMessage, 2.x TriggerMessage)."));
    OperationParameter custom = text(QStringLiteral("custom"), QT_TRANSLATE_NOOP("cb::operations", "the custom trigger, with --message custom (2.1)"), 50, kV21);
    OperationParameter extended;
    extended.name = QStringLiteral("extended");
    extended.type = OperationParameter::Type::Boolean;
    extended.description = QT_TRANSLATE_NOOP("cb::operations", "1.6: send ExtendedTriggerMessage even where TriggerMessage has the message");
    extended.versions = kV16;
    d.spec.parameters = {choice(QStringLiteral("message"), QT_TRANSLATE_NOOP("cb::operations", "the message to send"), choicesOf(kTriggers), {}, kAll),
                         whenNotGiven(integer(QStringLiteral("evse"), QT_TRANSLATE_NOOP("cb::operations", "EVSE (2.x); not given: the whole station"), kV2x, {}, 0, 999), QT_TRANSLATE_NOOP("cb::operations", "whole station")),
                         integer(QStringLiteral("connector"), QT_TRANSLATE_NOOP("cb::operations", "connector (1.6 connectorId; 2.x within --evse)"), {}, {}, 0, 999),
                         custom, extended};
    d.build = [](OcppVersion v, const OperationArgs &a) -> Result<OcppRequest> {
        const QString message = a.string(QStringLiteral("message"));
        QJsonObject p{{QStringLiteral("requestedMessage"), wireName(kTriggers, message, v)}};
        const auto connector = a.integer(QStringLiteral("connector"));
        if (is16(v)) {
            if (connector)
                p.insert(QStringLiteral("connectorId"), *connector);
            const bool extended = a.boolean(QStringLiteral("extended")) || !inPlainTrigger16(message);
            if (extended && message == QLatin1String("diagnostics-status"))
                return refuse(Text::tr("ExtendedTriggerMessage has no diagnostics-status."), Text::tr("Leave out %1.").arg(parameterDisplayName(QStringLiteral("extended"))));
            return OcppRequest{extended ? QStringLiteral("ExtendedTriggerMessage") : QStringLiteral("TriggerMessage"), p};
        }
        if (const auto e = a.integer(QStringLiteral("evse")))
            p.insert(QStringLiteral("evse"), evse(*e, connector));
        else if (connector)
            return refuse(Text::tr("%1 needs %2 in OCPP %3.").arg(parameterDisplayName(QStringLiteral("connector")), parameterDisplayName(QStringLiteral("evse")), versionName(v)),
                          Text::tr("Connectors are numbered within their EVSE; give the EVSE too."));
        if (message == QLatin1String("custom")) {
            if (a.string(QStringLiteral("custom")).isEmpty())
                return refuse(Text::tr("%1 \"custom\" needs %2.").arg(parameterDisplayName(QStringLiteral("message")), parameterDisplayName(QStringLiteral("custom"))), Text::tr("Name the custom trigger the station supports."));
            p.insert(QStringLiteral("customTrigger"), a.string(QStringLiteral("custom")));
        } else if (a.has(QStringLiteral("custom"))) {
            return refuse(Text::tr("%1 goes with %2 \"custom\" only.").arg(parameterDisplayName(QStringLiteral("custom")), parameterDisplayName(QStringLiteral("message"))));
        }
        return OcppRequest{QStringLiteral("TriggerMessage"), p};
    };
    return d;
}

} // namespace

QList<OperationDefinition> RemoteControlBlock::operations() { return {start(), stop(), trigger()}; }

void RemoteControlBlock::operationFinished(const OperationResult &result)
{
    if (result.operation == QLatin1String("start") && result.accepted() && result.request.contains(QLatin1String("remoteStartId")))
        m_lastRemoteStartId = result.request.value(QLatin1String("remoteStartId")).toInteger();
}

} // namespace cb
