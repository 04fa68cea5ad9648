#include "authorizationblock.h"

#include "station/operations/operationhelpers.h"
#include "station/stationsession.h"

namespace cb {

void AuthorizationBlock::attach(RpcEndpoint &rpc)
{
    const OcppVersion v = rpc.version();
    rpc.setHandler(QStringLiteral("Authorize"), [this, v](const RpcCall &c, RpcResponder r) {
        // "Invalid" exists in the AuthorizationStatus of every version.
        if (v == OcppVersion::V16) {
            const bool ok = session().policy().accepts(c.payload.value(QLatin1String("idTag")).toString());
            r.result(QJsonObject{{QStringLiteral("idTagInfo"),
                                  QJsonObject{{QStringLiteral("status"), ok ? QStringLiteral("Accepted") : QStringLiteral("Invalid")}}}});
        } else {
            const QString token = c.payload.value(QLatin1String("idToken")).toObject().value(QLatin1String("idToken")).toString();
            const bool ok = session().policy().accepts(token);
            r.result(QJsonObject{{QStringLiteral("idTokenInfo"),
                                  QJsonObject{{QStringLiteral("status"), ok ? QStringLiteral("Accepted") : QStringLiteral("Invalid")}}}});
        }
    });
}

} // namespace cb

namespace cb {

using namespace ops;

namespace {

const std::vector<WireName> kStatuses{{"accepted", "Accepted", "Accepted"},     {"blocked", "Blocked", "Blocked"},
                                      {"expired", "Expired", "Expired"},        {"invalid", "Invalid", "Invalid"},
                                      {"concurrent-tx", "ConcurrentTx", "ConcurrentTx"}, {"no-credit", nullptr, "NoCredit"},
                                      {"not-allowed-type-evse", nullptr, "NotAllowedTypeEVSE"},
                                      {"not-at-this-location", nullptr, "NotAtThisLocation"},
                                      {"not-at-this-time", nullptr, "NotAtThisTime"}, {"unknown", nullptr, "Unknown"}};

// One version-neutral list entry {"idToken","type","status","expiry","parent"} on the wire.
Result<QJsonObject> listEntry(OcppVersion v, const QJsonValue &value, bool differential)
{
    const QJsonObject e = value.isString() ? QJsonObject{{QStringLiteral("idToken"), value}} : value.toObject();
    const QString token = e.value(QLatin1String("idToken")).toString();
    if (token.isEmpty())
        return refuse(Text::tr("A local list entry has no idToken."),
                      Text::tr("Write entries as {\"idToken\": \"04A2B3C4\", \"status\": \"accepted\"}."));
    const QString status = e.value(QLatin1String("status")).toString().toLower();
    if (status.isEmpty() && !differential)
        return refuse(Text::tr("Entry %1 has no status; a full list needs one for every entry.").arg(token));
    QJsonObject info;
    if (!status.isEmpty()) {
        const QString wire = wireName(kStatuses, status, v);
        if (wire.isEmpty()) {
            QStringList allowed;
            for (const WireName &n : kStatuses)
                if (is16(v) ? n.v16 != nullptr : n.v2x != nullptr)
                    allowed << QString::fromLatin1(n.neutral);
            return refuse(Text::tr("Entry %1: status \"%2\" does not exist in OCPP %3.").arg(token, status, versionName(v)),
                          Text::tr("Allowed values: %1.").arg(allowed.join(QStringLiteral(", "))));
        }
        info.insert(QStringLiteral("status"), wire);
        const QString expiry = e.value(QLatin1String("expiry")).toString();
        if (!expiry.isEmpty())
            info.insert(is16(v) ? QStringLiteral("expiryDate") : QStringLiteral("cacheExpiryDateTime"), expiry);
        if (is16(v) && e.contains(QLatin1String("parent")))
            info.insert(QStringLiteral("parentIdTag"), e.value(QLatin1String("parent")).toString());
    }
    if (is16(v)) {
        QJsonObject out{{QStringLiteral("idTag"), token}};
        if (!info.isEmpty())
            out.insert(QStringLiteral("idTagInfo"), info);
        return out;
    }
    const QString type = e.value(QLatin1String("type")).toString(QStringLiteral("iso14443"));
    const QString wireType = wireName(kIdTokenTypes, type.toLower(), v);
    QJsonObject out{{QStringLiteral("idToken"), QJsonObject{{QStringLiteral("idToken"), token},
                                                            {QStringLiteral("type"), wireType.isEmpty() ? type : wireType}}}};
    if (!info.isEmpty())
        out.insert(QStringLiteral("idTokenInfo"), info);
    return out;
}

} // namespace

QList<OperationDefinition> AuthorizationBlock::operations()
{
    OperationDefinition clear = operation("clear-cache", "authorization", QT_TRANSLATE_NOOP("cb::operations", "Clear cache"),
                                           QT_TRANSLATE_NOOP("cb::operations", "Removes every cached id token from the station."));
    clear.spec.destructive = [](const QJsonObject &) { return true; };
    clear.build = [](OcppVersion, const OperationArgs &) -> Result<OcppRequest> { return OcppRequest{QStringLiteral("ClearCache"), {}}; };

    OperationDefinition send = operation("send-local-list", "authorization", QT_TRANSLATE_NOOP("cb::operations", "Send local list"),
                                           QT_TRANSLATE_NOOP("cb::operations",
        "Replaces (full) or edits (differential) the station's local authorization list; an entry without status is removed."));
    OperationParameter updateType = choice(QStringLiteral("update-type"), QT_TRANSLATE_NOOP("cb::operations", "full or differential"),
                                           {{QStringLiteral("full"), {}}, {QStringLiteral("differential"), {}}});
    updateType.defaultValue = QStringLiteral("full");
    OperationParameter entries = json(QStringLiteral("entries"), QT_TRANSLATE_NOOP("cb::operations",
        "JSON array of {idToken, type (2.x), status, expiry}"), R"([{"idToken":"04A2B3C4","status":"accepted"}])");
    entries.defaultValue = QJsonArray{};
    send.spec.parameters = {integer(QStringLiteral("version"), QT_TRANSLATE_NOOP("cb::operations", "the list version after this update"), {}, kAll, 1),
                            updateType, entries};
    send.spec.destructive = [](const QJsonObject &a) { return a.value(QLatin1String("update-type")).toString(QStringLiteral("full")) == QLatin1String("full"); };
    send.build = [](OcppVersion v, const OperationArgs &a) -> Result<OcppRequest> {
        const bool differential = a.string(QStringLiteral("update-type")) == QLatin1String("differential");
        const QJsonValue given = a.value(QStringLiteral("entries"));
        if (!given.isArray())
            return refuse(Text::tr("%1 must be a JSON array.").arg(parameterDisplayName(QStringLiteral("entries"))),
                          Text::tr("For example: [{\"idToken\":\"04A2B3C4\",\"status\":\"accepted\"}]"));
        QJsonArray list;
        for (const QJsonValue &e : given.toArray()) {
            auto entry = listEntry(v, e, differential);
            if (!entry)
                return entry.error();
            list.append(entry.value());
        }
        // The same number is listVersion in 1.6 and versionNumber in 2.x.
        QJsonObject p{{is16(v) ? QStringLiteral("listVersion") : QStringLiteral("versionNumber"), *a.integer(QStringLiteral("version"))},
                      {QStringLiteral("updateType"), differential ? QStringLiteral("Differential") : QStringLiteral("Full")}};
        if (!list.isEmpty())
            p.insert(QStringLiteral("localAuthorizationList"), list);
        return OcppRequest{QStringLiteral("SendLocalList"), p};
    };

    OperationDefinition version = operation("get-local-list-version", "authorization", QT_TRANSLATE_NOOP("cb::operations", "Get local list version"),
                                           QT_TRANSLATE_NOOP("cb::operations", "Reads the version of the station's local authorization list."));
    version.build = [](OcppVersion, const OperationArgs &) -> Result<OcppRequest> {
        return OcppRequest{QStringLiteral("GetLocalListVersion"), {}};
    };
    version.interpret = [](OperationResult &r) {
        if (r.outcome.status != CallOutcome::Status::Result)
            return;
        const qint64 n = r.reply.value(r.reply.contains(QLatin1String("listVersion")) ? QLatin1String("listVersion") : QLatin1String("versionNumber"))
                             .toInteger();
        r.data = QJsonObject{{QStringLiteral("listVersion"), n}};
        r.text = Text::tr("List version %1").arg(n);
    };
    return {clear, send, version};
}

void AuthorizationBlock::operationFinished(const OperationResult &result)
{
    if (result.operation == QLatin1String("get-local-list-version") && result.accepted())
        m_localListVersion = result.data.toObject().value(QLatin1String("listVersion")).toInteger();
    else if (result.operation == QLatin1String("send-local-list") && result.accepted())
        m_localListVersion = result.request.value(result.request.contains(QLatin1String("listVersion")) ? QLatin1String("listVersion")
                                                                                                       : QLatin1String("versionNumber"))
                                 .toInteger();
}

} // namespace cb
