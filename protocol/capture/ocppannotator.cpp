#include "ocppannotator.h"

#include "rpc/rpcframe.h"
#include "schema/schemacatalog.h"
#include "schema/schemavalidator.h"

#include <QCoreApplication>

namespace cb::capture {

namespace {
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::PcapImporter)
};

} // namespace

void PayloadCheck::run(CaptureRecord &frame) const
{
    frame.problem = describe(SchemaValidator::shared().validate(version, action, kind, payload));
}

std::optional<PayloadCheck> OcppAnnotator::annotate(CaptureRecord &frame)
{
    return apply(frame, decode(frame.data));
}

OcppAnnotator::Decoded OcppAnnotator::decode(const QByteArray &data) const
{
    if (!m_version)
        return {};
    return decodeFrame(data, *m_version); // reads compact CALLs/CALLRESULTs parsing only the payload
}

std::optional<PayloadCheck> OcppAnnotator::apply(CaptureRecord &f, const Decoded &decodedFrame)
{
    if (!m_version || !decodedFrame) {
        f.problem = Text::tr("No OCPP subprotocol was negotiated for this connection, so its frames are not decoded.");
        return {};
    }
    const OcppVersion version = *m_version;
    const auto &decoded = *decodedFrame;
    const int mine = f.outgoing ? 1 : 0;
    StringMap &answered = m_pending[1 - mine]; // replies answer the other side's CALLs
    if (!decoded) {
        const FrameDecodeError &e = decoded.error();
        using K = FrameDecodeError::Kind;
        if (e.messageTypeId >= 2 && e.messageTypeId <= 6 && e.kind != K::UnknownMessageType)
            f.messageType = e.messageTypeId;
        f.messageId = e.messageId;
        if (f.messageType == int(MessageType::CallResult) || f.messageType == int(MessageType::CallError)) {
            if (const auto it = answered.find(e.messageId); it != answered.end()) {
                f.action = std::move(it->second);
                answered.erase(it);
            }
        }
        f.problem = e.description;
        return {};
    }
    const RpcFrame &r = decoded.value();
    f.messageType = int(r.type);
    f.messageId = r.id;
    switch (r.type) {
    case MessageType::Call:
        f.action = r.action;
        // Even a broken CALL gets an answer (a CALLERROR), which must find its action.
        m_pending[mine].insert_or_assign(r.id, r.action);
        if (!hasSchema(r.action, PayloadKind::Request)) {
            f.problem = QCoreApplication::translate("cb::RpcEndpoint", "unknown action %1").arg(r.action);
            return {};
        }
        return check(r.action, PayloadKind::Request, r.payload);
        return {};
    case MessageType::Send:
        f.action = r.action;
        if (!hasSchema(r.action, PayloadKind::Send)) {
            f.problem = QCoreApplication::translate("cb::RpcEndpoint", "%1 is not a SEND message of OCPP %2")
                            .arg(r.action, versionName(version));
            return {};
        }
        return check(r.action, PayloadKind::Send, r.payload);
        return {};
    case MessageType::CallResult:
    case MessageType::CallError: {
        const auto it = answered.find(r.id);
        if (it == answered.end()) {
            f.problem = QCoreApplication::translate("cb::RpcEndpoint", "%1 for unknown message id %2")
                            .arg(messageTypeName(r.type), r.id);
            return {};
        }
        f.action = std::move(it->second);
        answered.erase(it);
        if (r.type == MessageType::CallResult)
            return check(f.action, PayloadKind::Response, r.payload);
        return {};
    }
    case MessageType::CallResultError:
        return {};
    }
    return {};
}

bool OcppAnnotator::hasSchema(const QString &action, PayloadKind kind)
{
    auto &known = m_hasSchema[kind == PayloadKind::Send ? 1 : 0];
    if (const auto it = known.find(action); it != known.end())
        return it->second;
    const bool has = SchemaCatalog::instance().hasSchema(*m_version, action, kind);
    known.emplace(action, has);
    return has;
}

std::optional<PayloadCheck> OcppAnnotator::check(const QString &action, PayloadKind kind, const QJsonObject &payload) const
{
    if (!m_validate)
        return {};
    return PayloadCheck{*m_version, action, kind, payload};
}

} // namespace cb::capture
