#include "remotecontrolblock.h"

#include "simulator/virtualstation.h"

#include <QCoreApplication>

namespace cb::sim {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::sim::RemoteControlBlock)
};

QJsonObject statusReply(const QString &status, const QString &reasonCode, bool withInfo)
{
    QJsonObject o{{QStringLiteral("status"), status}};
    if (withInfo && !reasonCode.isEmpty())
        o.insert(QStringLiteral("statusInfo"), QJsonObject{{QStringLiteral("reasonCode"), reasonCode}});
    return o;
}

} // namespace

void RemoteControlBlock::attach(RpcEndpoint &rpc)
{
    if (rpc.version() == OcppVersion::V16)
        attach16(rpc);
    else
        attach2x(rpc);
}

TriggerReply RemoteControlBlock::route(const TriggerRequest &request)
{
    for (const auto &b : m_blocks)
        if (b.get() != this)
            if (auto reply = b->trigger(request))
                return *reply;
    return TriggerReply{QStringLiteral("NotImplemented"), {}, {}};
}

void RemoteControlBlock::attach2x(RpcEndpoint &rpc)
{
    station().handle(rpc, QStringLiteral("RequestStartTransaction"), [this](const RpcCall &c, RpcResponder r) {
        const QJsonObject token = c.payload.value(QLatin1String("idToken")).toObject();
        std::optional<int> evse;
        if (c.payload.contains(QLatin1String("evseId")))
            evse = c.payload.value(QLatin1String("evseId")).toInt();
        const TransactionControl::Answer a =
            station().transactions().remoteStart(evse, token.value(QLatin1String("idToken")).toString(),
                                                 token.value(QLatin1String("type")).toString(), c.payload.value(QLatin1String("remoteStartId")).toInt());
        QJsonObject reply = statusReply(a.status, a.reasonCode, true);
        if (!a.transactionId.isEmpty())
            reply.insert(QStringLiteral("transactionId"), a.transactionId);
        r.result(reply);
    });
    station().handle(rpc, QStringLiteral("RequestStopTransaction"), [this](const RpcCall &c, RpcResponder r) {
        const TransactionControl::Answer a = station().transactions().remoteStop(c.payload.value(QLatin1String("transactionId")).toString());
        r.result(statusReply(a.status, a.reasonCode, true));
    });
    station().handle(rpc, QStringLiteral("UnlockConnector"), [this](const RpcCall &c, RpcResponder r) {
        Outlet *o = station().outlet(c.payload.value(QLatin1String("evseId")).toInt(), c.payload.value(QLatin1String("connectorId")).toInt());
        if (!o) {
            r.result(statusReply(QStringLiteral("UnknownConnector"), QStringLiteral("UnknownConnectorId"), true));
            return;
        }
        // F05.FR.02: an authorized transaction keeps its cable.
        if (o->session && o->session->authorized) {
            r.result(statusReply(QStringLiteral("OngoingAuthorizedTransaction"), QStringLiteral("TxInProgress"), true));
            return;
        }
        r.result(statusReply(QStringLiteral("Unlocked"), {}, true));
        station().afterReply([this, o] {
            station().transactions().end(*o, EndCause::UnlockCommand);
            o->locked = false;
            station().note(Text::tr("EVSE %1 connector %2 unlocked").arg(o->evseId).arg(o->connectorId));
        });
    });
    station().handle(rpc, QStringLiteral("TriggerMessage"), [this](const RpcCall &c, RpcResponder r) {
        TriggerRequest t;
        t.message = c.payload.value(QLatin1String("requestedMessage")).toString();
        const QJsonObject evse = c.payload.value(QLatin1String("evse")).toObject();
        if (evse.contains(QLatin1String("id")))
            t.evseId = evse.value(QLatin1String("id")).toInt();
        if (evse.contains(QLatin1String("connectorId")))
            t.connectorId = evse.value(QLatin1String("connectorId")).toInt();
        const TriggerReply reply = route(t);
        r.result(statusReply(reply.status, reply.reasonCode, true));
        if (reply.status == QLatin1String("Accepted") && reply.send)
            station().afterReply(reply.send);
    });
}

void RemoteControlBlock::attach16(RpcEndpoint &rpc)
{
    station().handle(rpc, QStringLiteral("RemoteStartTransaction"), [this](const RpcCall &c, RpcResponder r) {
        std::optional<int> connector;
        if (c.payload.contains(QLatin1String("connectorId")))
            connector = c.payload.value(QLatin1String("connectorId")).toInt();
        if (connector && *connector <= 0) {
            r.result(statusReply(QStringLiteral("Rejected"), {}, false));
            return;
        }
        const TransactionControl::Answer a =
            station().transactions().remoteStart(connector, c.payload.value(QLatin1String("idTag")).toString(), QStringLiteral("ISO14443"), std::nullopt);
        r.result(statusReply(a.status, {}, false));
    });
    station().handle(rpc, QStringLiteral("RemoteStopTransaction"), [this](const RpcCall &c, RpcResponder r) {
        const TransactionControl::Answer a =
            station().transactions().remoteStop(QString::number(c.payload.value(QLatin1String("transactionId")).toInt()));
        r.result(statusReply(a.status, {}, false));
    });
    station().handle(rpc, QStringLiteral("UnlockConnector"), [this](const RpcCall &c, RpcResponder r) {
        const int id = c.payload.value(QLatin1String("connectorId")).toInt();
        Outlet *o = station().outlet(id, id);
        if (!o) {
            r.result(statusReply(QStringLiteral("NotSupported"), {}, false));
            return;
        }
        r.result(statusReply(QStringLiteral("Unlocked"), {}, false));
        // 1.6 §5.17: a running transaction is stopped first (reason UnlockCommand).
        station().afterReply([this, o] {
            station().transactions().end(*o, EndCause::UnlockCommand);
            o->locked = false;
            station().note(Text::tr("connector %1 unlocked").arg(o->connectorId));
        });
    });
    auto trigger = [this](const RpcCall &c, RpcResponder r) {
        TriggerRequest t;
        t.message = c.payload.value(QLatin1String("requestedMessage")).toString();
        if (c.payload.contains(QLatin1String("connectorId"))) {
            t.evseId = c.payload.value(QLatin1String("connectorId")).toInt();
            if (*t.evseId > 0)
                t.connectorId = *t.evseId;
        }
        const TriggerReply reply = route(t);
        r.result(statusReply(reply.status, {}, false));
        if (reply.status == QLatin1String("Accepted") && reply.send)
            station().afterReply(reply.send);
    };
    station().handle(rpc, QStringLiteral("TriggerMessage"), trigger);
    station().handle(rpc, QStringLiteral("ExtendedTriggerMessage"), trigger);
}

} // namespace cb::sim
