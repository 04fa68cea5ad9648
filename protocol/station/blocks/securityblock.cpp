#include "securityblock.h"

#include "station/stationsession.h"

namespace cb {

void SecurityBlock::attach(RpcEndpoint &rpc)
{
    const OcppVersion v = rpc.version();
    rpc.setHandler(QStringLiteral("SecurityEventNotification"), [this](const RpcCall &c, RpcResponder r) {
        session().mutableState().lastNotifications.insert(c.action, c.payload);
        session().touch();
        r.result({});
    });
    // Accepting would promise a CertificateSigned that cannot come without a configured CA.
    rpc.setHandler(QStringLiteral("SignCertificate"), [this, v](const RpcCall &c, RpcResponder r) {
        session().mutableState().lastNotifications.insert(c.action, c.payload);
        session().touch();
        QJsonObject reply{{QStringLiteral("status"), QStringLiteral("Rejected")}};
        if (v != OcppVersion::V16)
            reply.insert(QStringLiteral("statusInfo"), QJsonObject{{QStringLiteral("reasonCode"), QStringLiteral("NoCA")},
                                                                   {QStringLiteral("additionalInfo"),
                                                                    QStringLiteral("No CA is configured in ChargeBench.")}});
        r.result(reply);
    });
    if (v == OcppVersion::V16)
        return;
    rpc.setHandler(QStringLiteral("Get15118EVCertificate"), [](const RpcCall &, RpcResponder r) {
        r.result(QJsonObject{{QStringLiteral("status"), QStringLiteral("Failed")}, {QStringLiteral("exiResponse"), QString()}});
    });
    rpc.setHandler(QStringLiteral("GetCertificateStatus"), [](const RpcCall &, RpcResponder r) {
        r.result(QJsonObject{{QStringLiteral("status"), QStringLiteral("Failed")}});
    });
}

} // namespace cb
