#include "ocppannotator.h"

#include "rpc/rpcframe.h"
#include "schema/schemacatalog.h"
#include "schema/schemavalidator.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonParseError>

namespace cb::capture {

namespace {
QString tr(const char *text) { return QCoreApplication::translate("cb::PcapImporter", text); }

// Reads a JSON string of printable ASCII without escapes starting at the quote at p (so its
// characters are the QString's, one for one); returns the position after the closing quote,
// nullptr for anything else.
const char *plainString(const char *p, const char *end, QString &out)
{
    if (p == end || *p != '"')
        return nullptr;
    const char *begin = ++p;
    while (p != end && *p != '"') {
        const unsigned char c = static_cast<unsigned char>(*p);
        if (c < 0x20 || c > 0x7e || c == '\\')
            return nullptr;
        ++p;
    }
    if (p == end)
        return nullptr;
    out = QString::fromLatin1(begin, p - begin);
    return p + 1;
}

// decodeFrame() for the common case, without building the QJsonArray around the payload: a CALL
// or CALLRESULT written compactly, `[2,"id","Action",{...}]` or `[3,"id",{...}]`, with a plain
// non-empty id of at most 36 characters and a plain non-empty action. Only the payload object goes
// through QJsonDocument (the same parser decodeFrame uses, so the same values), and `{}` not even
// that. Anything else (whitespace or escapes in the envelope, other message types, a payload the
// parser refuses, deep nesting) returns nothing and is left to decodeFrame, which then gives
// exactly what it always gave; what this returns is what decodeFrame would return.
std::optional<RpcFrame> decodeCompact(const QByteArray &data)
{
    const char *p = data.constData();
    const char *const end = p + data.size();
    if (data.size() < 10 || p[0] != '[' || end[-1] != ']' || (p[1] != '2' && p[1] != '3') || p[2] != ',')
        return std::nullopt;
    RpcFrame f;
    f.type = p[1] == '2' ? MessageType::Call : MessageType::CallResult;
    p = plainString(p + 3, end, f.id);
    if (!p || f.id.isEmpty() || f.id.size() > kMaxMessageIdLength || *p != ',')
        return std::nullopt;
    ++p;
    if (f.type == MessageType::Call) {
        p = plainString(p, end, f.action);
        if (!p || f.action.isEmpty() || *p != ',')
            return std::nullopt;
        ++p;
    }
    const char *const payloadEnd = end - 1; // the frame's closing bracket
    if (p == payloadEnd || *p != '{')
        return std::nullopt;
    if (payloadEnd - p == 2 && p[1] == '}')
        return f; // {}: an empty payload
    // Qt refuses nesting deeper than 1024 levels, counting the frame's array: leave anything near
    // that to decodeFrame, which then reports it as the whole frame's error. (Only long payloads
    // can open that many.)
    if (payloadEnd - p > 1000) {
        qsizetype opened = 0;
        for (const char *q = p; q != payloadEnd; ++q)
            opened += (*q == '{') | (*q == '[');
        if (opened > 1000)
            return std::nullopt;
    }
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromRawData(p, payloadEnd - p), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    f.payload = doc.object();
    return f;
}

} // namespace

void PayloadCheck::run(CapturedFrame &frame) const
{
    frame.problem = describe(SchemaValidator::shared().validate(version, action, kind, payload));
}

std::optional<PayloadCheck> OcppAnnotator::annotate(CapturedFrame &frame)
{
    return apply(frame, decode(frame.data));
}

OcppAnnotator::Decoded OcppAnnotator::decode(const QByteArray &data) const
{
    if (!m_version)
        return {};
    if (std::optional<RpcFrame> frame = decodeCompact(data))
        return Result<RpcFrame, FrameDecodeError>(std::move(*frame));
    return decodeFrame(data, *m_version);
}

std::optional<PayloadCheck> OcppAnnotator::apply(CapturedFrame &f, const Decoded &decodedFrame)
{
    if (!m_version || !decodedFrame) {
        f.problem = tr("No OCPP subprotocol was negotiated for this connection, so its frames are not decoded.");
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
