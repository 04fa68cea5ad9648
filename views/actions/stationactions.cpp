#include "stationactions.h"

#include "schema/schemacatalog.h"
#include "schema/schemanode.h"
#include "station/stationstate.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace cb::stationactions {

namespace {

QString tr(const char *s) { return QCoreApplication::translate("cb::stationactions", s); }

bool is16(OcppVersion v) { return v == OcppVersion::V16; }

QJsonObject requestNode(OcppVersion v, const QString &action, const QStringList &path)
{
    const QJsonObject schema = SchemaCatalog::instance().schema(v, action, PayloadKind::Request);
    return schemanode::at(schema, path);
}

QStringList enumOf(OcppVersion v, const QString &action, const QStringList &path)
{
    QStringList out;
    for (const QJsonValue &e : requestNode(v, action, path).value(QLatin1String("enum")).toArray())
        out << e.toString();
    return out;
}

QJsonObject evse(int id, std::optional<int> connectorId)
{
    QJsonObject e{{QStringLiteral("id"), id}};
    if (connectorId)
        e.insert(QStringLiteral("connectorId"), *connectorId);
    return e;
}

} // namespace

QStringList resetTypes(OcppVersion v) { return enumOf(v, QStringLiteral("Reset"), {QStringLiteral("type")}); }

QStringList triggerMessages(OcppVersion v)
{
    return enumOf(v, QStringLiteral("TriggerMessage"), {QStringLiteral("requestedMessage")});
}

QStringList idTokenTypes(OcppVersion v)
{
    if (is16(v))
        return {};
    const QStringList fromSchema =
        enumOf(v, QStringLiteral("RequestStartTransaction"), {QStringLiteral("idToken"), QStringLiteral("type")});
    if (!fromSchema.isEmpty())
        return fromSchema;
    // OCPP 2.1 part 2, appendix 7.1 IdTokenEnumStringType.
    return {QStringLiteral("Central"), QStringLiteral("DirectPayment"), QStringLiteral("eMAID"), QStringLiteral("EVCCID"),
            QStringLiteral("ISO14443"), QStringLiteral("ISO15693"), QStringLiteral("KeyCode"), QStringLiteral("Local"),
            QStringLiteral("MacAddress"), QStringLiteral("NoAuthorization"), QStringLiteral("VIN")};
}

int idTokenMaxLength(OcppVersion v)
{
    const QJsonObject node = is16(v) ? requestNode(v, QStringLiteral("RemoteStartTransaction"), {QStringLiteral("idTag")})
                                     : requestNode(v, QStringLiteral("RequestStartTransaction"),
                                                   {QStringLiteral("idToken"), QStringLiteral("idToken")});
    return node.value(QLatin1String("maxLength")).toInt(20);
}

Request reset(OcppVersion v, const QString &type, std::optional<int> evseId)
{
    QJsonObject p{{QStringLiteral("type"), type}};
    if (!is16(v) && evseId)
        p.insert(QStringLiteral("evseId"), *evseId);
    return {QStringLiteral("Reset"), p};
}

Request changeAvailability(OcppVersion v, bool operative, std::optional<int> evseId, std::optional<int> connectorId)
{
    const QString status = operative ? QStringLiteral("Operative") : QStringLiteral("Inoperative");
    if (is16(v))
        return {QStringLiteral("ChangeAvailability"),
                QJsonObject{{QStringLiteral("connectorId"), connectorId.value_or(0)}, {QStringLiteral("type"), status}}};
    QJsonObject p{{QStringLiteral("operationalStatus"), status}};
    if (evseId)
        p.insert(QStringLiteral("evse"), evse(*evseId, connectorId));
    return {QStringLiteral("ChangeAvailability"), p};
}

Request unlockConnector(OcppVersion v, int evseId, int connectorId)
{
    if (is16(v))
        return {QStringLiteral("UnlockConnector"), QJsonObject{{QStringLiteral("connectorId"), connectorId}}};
    return {QStringLiteral("UnlockConnector"),
            QJsonObject{{QStringLiteral("evseId"), evseId}, {QStringLiteral("connectorId"), connectorId}}};
}

Request triggerMessage(OcppVersion v, const QString &message, std::optional<int> evseId, std::optional<int> connectorId,
                       const QString &customTrigger)
{
    QJsonObject p{{QStringLiteral("requestedMessage"), message}};
    if (is16(v)) {
        if (connectorId)
            p.insert(QStringLiteral("connectorId"), *connectorId);
    } else {
        if (evseId)
            p.insert(QStringLiteral("evse"), evse(*evseId, connectorId));
        if (v == OcppVersion::V21 && message == QLatin1String("CustomTrigger") && !customTrigger.isEmpty())
            p.insert(QStringLiteral("customTrigger"), customTrigger);
    }
    return {QStringLiteral("TriggerMessage"), p};
}

Request startTransaction(OcppVersion v, const QString &idToken, const QString &tokenType, int remoteStartId,
                         std::optional<int> evseOrConnector)
{
    if (is16(v)) {
        QJsonObject p{{QStringLiteral("idTag"), idToken}};
        if (evseOrConnector)
            p.insert(QStringLiteral("connectorId"), *evseOrConnector);
        return {QStringLiteral("RemoteStartTransaction"), p};
    }
    QJsonObject p{{QStringLiteral("idToken"), QJsonObject{{QStringLiteral("idToken"), idToken}, {QStringLiteral("type"), tokenType}}},
                  {QStringLiteral("remoteStartId"), remoteStartId}};
    if (evseOrConnector)
        p.insert(QStringLiteral("evseId"), *evseOrConnector);
    return {QStringLiteral("RequestStartTransaction"), p};
}

Result<Request> stopTransaction(OcppVersion v, const QString &transactionId)
{
    const QString id = transactionId.trimmed();
    if (id.isEmpty())
        return Error{tr("No transaction id given."), tr("Pick a running transaction or type its id.")};
    if (is16(v)) {
        bool ok = false;
        const int n = id.toInt(&ok);
        if (!ok)
            return Error{tr("OCPP 1.6 transaction ids are integers; \"%1\" is not one.").arg(id),
                         tr("Use the id the station gave in StartTransaction.")};
        return Request{QStringLiteral("RemoteStopTransaction"), QJsonObject{{QStringLiteral("transactionId"), n}}};
    }
    return Request{QStringLiteral("RequestStopTransaction"), QJsonObject{{QStringLiteral("transactionId"), id}}};
}

Request clearCache(OcppVersion) { return {QStringLiteral("ClearCache"), QJsonObject{}}; }

Request dataTransfer(OcppVersion, const QString &vendorId, const QString &messageId, const QString &data)
{
    QJsonObject p{{QStringLiteral("vendorId"), vendorId}};
    if (!messageId.isEmpty())
        p.insert(QStringLiteral("messageId"), messageId);
    if (!data.isEmpty())
        p.insert(QStringLiteral("data"), data);
    return {QStringLiteral("DataTransfer"), p};
}

bool isDestructive(const Request &r)
{
    const QString &a = r.action;
    if (a == QLatin1String("ChangeAvailability"))
        return r.payload.value(QLatin1String("type")).toString() == QLatin1String("Inoperative")
            || r.payload.value(QLatin1String("operationalStatus")).toString() == QLatin1String("Inoperative");
    return a == QLatin1String("Reset") || a == QLatin1String("UnlockConnector") || a == QLatin1String("RemoteStopTransaction")
        || a == QLatin1String("RequestStopTransaction") || a == QLatin1String("ClearCache");
}

QStringList activeTransactionIds(const StationSnapshot &snapshot)
{
    QStringList out;
    // The snapshot lists the most recent last.
    for (auto it = snapshot.transactions.crbegin(); it != snapshot.transactions.crend(); ++it)
        if (it->active && !it->transactionId.isEmpty() && !out.contains(it->transactionId))
            out << it->transactionId;
    return out;
}

QString answerText(const CallOutcome &o)
{
    if (o.status != CallOutcome::Status::Result)
        return o.describe();
    QString text = o.payload.value(QLatin1String("status")).toString();
    if (text.isEmpty())
        text = tr("answered");
    const QJsonObject info = o.payload.value(QLatin1String("statusInfo")).toObject();
    if (!info.isEmpty()) {
        const QString reason = info.value(QLatin1String("reasonCode")).toString();
        const QString more = info.value(QLatin1String("additionalInfo")).toString();
        text += QStringLiteral(" (%1%2)").arg(reason, more.isEmpty() ? QString() : QStringLiteral(": ") + more);
    }
    if (o.payload.contains(QLatin1String("data"))) {
        const QJsonValue data = o.payload.value(QLatin1String("data"));
        QString shown = data.isString() ? data.toString()
                                        : QString::fromUtf8(QJsonDocument(QJsonArray{data}).toJson(QJsonDocument::Compact).mid(1).chopped(1));
        if (shown.size() > 200)
            shown = shown.left(200) + QStringLiteral("\u2026");
        text += tr(", data: %1").arg(shown);
    }
    if (o.latencyMs >= 0)
        text += tr(" \u2014 %1 ms").arg(o.latencyMs);
    return text;
}

Tone answerTone(const CallOutcome &o)
{
    if (o.status != CallOutcome::Status::Result)
        return Tone::Failed;
    static const QStringList good{QStringLiteral("Accepted"), QStringLiteral("Scheduled"), QStringLiteral("Unlocked")};
    const QString status = o.payload.value(QLatin1String("status")).toString();
    return status.isEmpty() || good.contains(status) ? Tone::Good : Tone::Refused;
}

} // namespace cb::stationactions
