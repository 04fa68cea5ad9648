#include "configurationblock.h"

#include "simulator/virtualstation.h"

#include <QCoreApplication>

namespace cb::sim {

namespace {
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::sim::ConfigurationBlock)
};
} // namespace

void ConfigurationBlock::attach(RpcEndpoint &rpc)
{
    station().handle(rpc, QStringLiteral("GetConfiguration"), [this](const RpcCall &c, RpcResponder r) {
        const auto reply = station().configurationKeys()->getConfiguration(c.payload);
        if (!reply) {
            r.error(RpcErrorCode::OccurrenceConstraintViolation, reply.error().message);
            return;
        }
        r.result(reply.value());
    });
    station().handle(rpc, QStringLiteral("ChangeConfiguration"), [this](const RpcCall &c, RpcResponder r) {
        const QString key = c.payload.value(QLatin1String("key")).toString();
        const QString value = c.payload.value(QLatin1String("value")).toString();
        if (key == QLatin1String("SecurityProfile")) {
            // A05.FR.01-04: never lowered; raising needs credentials (password, CSMS root
            // certificate, client certificate) this station was not given over OCPP.
            station().note(Text::tr("SecurityProfile %1 requested (now %2): Rejected").arg(value).arg(int(station().config().profile)));
            r.result(QJsonObject{{QStringLiteral("status"), QStringLiteral("Rejected")}});
            return;
        }
        const ConfigurationKeys::ChangeOutcome out = station().configurationKeys()->change(key, value);
        const bool secret = out.changed && out.changed->writeOnly;
        station().note(Text::tr("ChangeConfiguration %1 = \"%2\": %3%4")
                           .arg(key, secret ? QStringLiteral("***") : value, out.status,
                                out.why.isEmpty() ? QString() : QStringLiteral(" (") + out.why + QLatin1Char(')')));
        r.result(QJsonObject{{QStringLiteral("status"), out.status}});
        if (out.changed)
            station().afterReply([this, key] { station().settingChanged(key); });
    });
}

} // namespace cb::sim
