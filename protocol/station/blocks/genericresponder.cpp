#include "genericresponder.h"

#include "schema/actiondirection.h"
#include "schema/samplegenerator.h"
#include "schema/schemacatalog.h"
#include "station/stationsession.h"

namespace cb {

void GenericResponder::attach(RpcEndpoint &rpc)
{
    const OcppVersion v = rpc.version();
    const SchemaCatalog &catalog = SchemaCatalog::instance();
    for (const QString &action : stationInitiatedActions(v)) {
        if (rpc.hasHandler(action))
            continue;
        const QJsonObject schema = catalog.schema(v, action, PayloadKind::Response);
        rpc.setHandler(action, [this, schema](const RpcCall &c, RpcResponder r) {
            session().mutableState().lastNotifications.insert(c.action, c.payload);
            session().touch();
            SampleGenerator::Options o;
            o.preferredEnumValues = {QStringLiteral("Accepted")};
            o.dateTime = now();
            r.result(SampleGenerator::generate(schema, o));
        });
    }
    for (const QString &action : catalog.sendActions(v)) {
        rpc.setSendHandler(action, [this](const RpcCall &c) {
            session().mutableState().lastNotifications.insert(c.action, c.payload);
            session().touch();
        });
    }
}

} // namespace cb
