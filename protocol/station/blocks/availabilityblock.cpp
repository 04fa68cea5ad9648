#include "availabilityblock.h"

#include "station/operations/operationhelpers.h"
#include "station/stationsession.h"

namespace cb {

void AvailabilityBlock::attach(RpcEndpoint &rpc)
{
    const OcppVersion v = rpc.version();
    rpc.setHandler(QStringLiteral("StatusNotification"), [this, v](const RpcCall &c, RpcResponder r) {
        const QJsonObject &p = c.payload;
        ConnectorStatus s;
        if (v == OcppVersion::V16) {
            s.connectorId = p.value(QLatin1String("connectorId")).toInt();
            s.evseId = s.connectorId;
            s.status = p.value(QLatin1String("status")).toString();
            s.errorCode = p.value(QLatin1String("errorCode")).toString();
            s.info = p.value(QLatin1String("info")).toString();
            s.vendorErrorCode = p.value(QLatin1String("vendorErrorCode")).toString();
        } else {
            s.evseId = p.value(QLatin1String("evseId")).toInt();
            s.connectorId = p.value(QLatin1String("connectorId")).toInt();
            s.status = p.value(QLatin1String("connectorStatus")).toString();
        }
        const QString ts = p.value(QLatin1String("timestamp")).toString();
        s.timestamp = ts.isEmpty() ? QDateTime::currentDateTimeUtc() : QDateTime::fromString(ts, Qt::ISODateWithMs);
        auto &list = session().mutableState().connectors;
        auto it = std::find_if(list.begin(), list.end(),
                               [&](const ConnectorStatus &x) { return x.evseId == s.evseId && x.connectorId == s.connectorId; });
        if (it == list.end()) {
            list.append(s);
            std::sort(list.begin(), list.end(), [](const ConnectorStatus &a, const ConnectorStatus &b) {
                return std::pair(a.evseId, a.connectorId) < std::pair(b.evseId, b.connectorId);
            });
        } else {
            *it = s;
        }
        session().touch();
        r.result({});
    });
}

} // namespace cb

namespace cb {

using namespace ops;

QList<OperationDefinition> AvailabilityBlock::operations()
{
    OperationDefinition change = operation("change-availability", "availability", QT_TRANSLATE_NOOP("cb::operations", "Change availability"),
                                           QT_TRANSLATE_NOOP("cb::operations",
        "Inoperative takes the charger (or one EVSE/connector) out of service; Operative brings it back."));
    change.spec.parameters = {
        choice(QStringLiteral("status"), QT_TRANSLATE_NOOP("cb::operations", "operative or inoperative"),
               choicesOf({{"operative", "Operative", "Operative"}, {"inoperative", "Inoperative", "Inoperative"}}), {}, kAll),
        whenNotGiven(integer(QStringLiteral("evse"), QT_TRANSLATE_NOOP("cb::operations", "EVSE id (2.x); not given: the whole station"), kV2x, {}, 0, 999), QT_TRANSLATE_NOOP("cb::operations", "whole station")),
        integer(QStringLiteral("connector"),
                QT_TRANSLATE_NOOP("cb::operations", "1.6: connectorId (0 or not given: the whole charge point); 2.x: connector of the EVSE"),
                {}, {}, 0, 999),
    };
    change.spec.destructive = [](const QJsonObject &a) { return a.value(QLatin1String("status")).toString() == QLatin1String("inoperative"); };
    change.build = [](OcppVersion v, const OperationArgs &a) -> Result<OcppRequest> {
        const QString status = a.string(QStringLiteral("status")) == QLatin1String("operative") ? QStringLiteral("Operative")
                                                                                                 : QStringLiteral("Inoperative");
        if (is16(v))
            return OcppRequest{QStringLiteral("ChangeAvailability"),
                               QJsonObject{{QStringLiteral("connectorId"), a.integer(QStringLiteral("connector")).value_or(0)},
                                           {QStringLiteral("type"), status}}};
        QJsonObject p{{QStringLiteral("operationalStatus"), status}};
        if (const auto e = a.integer(QStringLiteral("evse")))
            p.insert(QStringLiteral("evse"), evse(*e, a.integer(QStringLiteral("connector"))));
        else if (a.has(QStringLiteral("connector")))
            return refuse(Text::tr("%1 needs %2 in OCPP %3.").arg(parameterDisplayName(QStringLiteral("connector")), parameterDisplayName(QStringLiteral("evse")), versionName(v)),
                          Text::tr("Connectors are numbered within their EVSE; give the EVSE too."));
        return OcppRequest{QStringLiteral("ChangeAvailability"), p};
    };

    OperationDefinition unlock = operation("unlock", "availability", QT_TRANSLATE_NOOP("cb::operations", "Unlock connector"),
                                           QT_TRANSLATE_NOOP("cb::operations", "Releases the cable lock of a connector."));
    unlock.spec.parameters = {
        integer(QStringLiteral("evse"), QT_TRANSLATE_NOOP("cb::operations", "EVSE id"), kV2x, kV2x, 1, 999),
        integer(QStringLiteral("connector"), QT_TRANSLATE_NOOP("cb::operations", "connector id (1.6: connectorId; 2.x: within the EVSE)"),
                {}, kAll, 1, 999),
    };
    unlock.spec.destructive = [](const QJsonObject &) { return true; };
    unlock.build = [](OcppVersion v, const OperationArgs &a) -> Result<OcppRequest> {
        const qint64 connector = *a.integer(QStringLiteral("connector"));
        if (is16(v))
            return OcppRequest{QStringLiteral("UnlockConnector"), QJsonObject{{QStringLiteral("connectorId"), connector}}};
        return OcppRequest{QStringLiteral("UnlockConnector"),
                           QJsonObject{{QStringLiteral("evseId"), *a.integer(QStringLiteral("evse"))},
                                       {QStringLiteral("connectorId"), connector}}};
    };
    return {change, unlock};
}

} // namespace cb
