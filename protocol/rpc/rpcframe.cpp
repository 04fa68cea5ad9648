#include "rpcframe.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace cb {

QString messageTypeName(MessageType t)
{
    switch (t) {
    case MessageType::Call: return QStringLiteral("CALL");
    case MessageType::CallResult: return QStringLiteral("CALLRESULT");
    case MessageType::CallError: return QStringLiteral("CALLERROR");
    case MessageType::CallResultError: return QStringLiteral("CALLRESULTERROR");
    case MessageType::Send: return QStringLiteral("SEND");
    }
    return QString::number(int(t));
}

RpcFrame RpcFrame::call(QString id, QString action, QJsonObject payload)
{
    RpcFrame f;
    f.type = MessageType::Call;
    f.id = std::move(id);
    f.action = std::move(action);
    f.payload = std::move(payload);
    return f;
}

RpcFrame RpcFrame::send(QString id, QString action, QJsonObject payload)
{
    RpcFrame f = call(std::move(id), std::move(action), std::move(payload));
    f.type = MessageType::Send;
    return f;
}

RpcFrame RpcFrame::result(QString id, QJsonObject payload)
{
    RpcFrame f;
    f.type = MessageType::CallResult;
    f.id = std::move(id);
    f.payload = std::move(payload);
    return f;
}

RpcFrame RpcFrame::error(QString id, RpcErrorCode code, OcppVersion version, QString description,
                         QJsonObject details, MessageType type)
{
    RpcFrame f;
    f.type = type;
    f.id = std::move(id);
    f.errorCode = wireName(code, version);
    f.errorDescription = std::move(description);
    if (f.errorDescription.size() > kMaxErrorDescriptionLength)
        f.errorDescription = f.errorDescription.left(kMaxErrorDescriptionLength - 3) + QStringLiteral("...");
    f.errorDetails = std::move(details);
    return f;
}

namespace {

// True when QJsonDocument writes the string as its plain characters between quotes (printable
// ASCII without quote or backslash), so it can be copied into the frame as it is.
bool isPlainJsonString(const QString &s)
{
    for (const QChar c : s) {
        const char16_t u = c.unicode();
        if (u < 0x20 || u >= 0x7f || u == u'"' || u == u'\\')
            return false;
    }
    return true;
}

void appendQuoted(QByteArray &out, const QString &s)
{
    out += '"';
    for (const QChar c : s)
        out += char(c.unicode());
    out += '"';
}

} // namespace

QByteArray RpcFrame::encode() const
{
    // CALL, SEND and CALLRESULT with plain ids and actions (every frame ChargeBench makes) are put
    // together around the payload's own compact JSON, byte for byte what the QJsonArray below
    // gives, without building the array.
    const bool withAction = type == MessageType::Call || type == MessageType::Send;
    if ((withAction || type == MessageType::CallResult) && isPlainJsonString(id) && (!withAction || isPlainJsonString(action))) {
        const QByteArray body = QJsonDocument(payload).toJson(QJsonDocument::Compact);
        QByteArray out;
        out.reserve(body.size() + id.size() + action.size() + 12);
        out += '[';
        out += char('0' + int(type));
        out += ',';
        appendQuoted(out, id);
        out += ',';
        if (withAction) {
            appendQuoted(out, action);
            out += ',';
        }
        out += body;
        out += ']';
        return out;
    }
    QJsonArray a;
    a.append(int(type));
    a.append(id);
    switch (type) {
    case MessageType::Call:
    case MessageType::Send:
        a.append(action);
        a.append(payload);
        break;
    case MessageType::CallResult:
        a.append(payload);
        break;
    case MessageType::CallError:
    case MessageType::CallResultError:
        a.append(errorCode);
        a.append(errorDescription);
        a.append(errorDetails);
        break;
    }
    return QJsonDocument(a).toJson(QJsonDocument::Compact);
}

namespace {

Result<RpcFrame, FrameDecodeError> fail(FrameDecodeError::Kind kind, int typeId, QString id, QString description)
{
    FrameDecodeError e;
    e.kind = kind;
    e.messageTypeId = typeId;
    e.messageId = id.isNull() ? QStringLiteral("-1") : std::move(id);
    e.description = std::move(description);
    return e;
}

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::RpcFrame)
};

bool isKnownType(int t, OcppVersion v)
{
    if (t >= 2 && t <= 4)
        return true;
    return (t == 5 || t == 6) && hasSendAndResultError(v);
}

} // namespace

namespace {

// Reads a JSON string of printable ASCII without escapes starting at the quote at p (its bytes
// are then the QString's characters, one for one); returns the position after the closing quote,
// nullptr for anything else.
const char *plainString(const char *p, const char *end, QString &out)
{
    if (p == end || *p != '"')
        return nullptr;
    const char *begin = ++p;
    while (p != end && *p != '"') {
        const auto c = static_cast<unsigned char>(*p);
        if (c < 0x20 || c > 0x7e || c == '\\')
            return nullptr;
        ++p;
    }
    if (p == end)
        return nullptr;
    out = QString::fromLatin1(begin, p - begin);
    return p + 1;
}

// The common case without building the QJsonArray around the payload: a CALL or CALLRESULT
// written compactly, `[2,"id","Action",{...}]` or `[3,"id",{...}]`, with a plain id of 1 to 36
// characters and a plain non-empty action. Only the payload object goes through QJsonDocument
// (the same parser, so the same values), `{}` not even that. Anything else returns nothing and
// takes the general path, so what this returns is exactly what that would.
std::optional<RpcFrame> decodeCompact(QByteArrayView text)
{
    const char *p = text.data();
    const char *const end = p + text.size();
    if (text.size() < 10 || p[0] != '[' || end[-1] != ']' || (p[1] != '2' && p[1] != '3') || p[2] != ',')
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
    const char *const payloadEnd = end - 1;
    if (p == payloadEnd || *p != '{')
        return std::nullopt;
    if (payloadEnd - p == 2 && p[1] == '}')
        return f;
    // Qt refuses nesting deeper than 1024 levels counting the frame's own array; anything near
    // that goes the general way, which reports it for the whole frame.
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

Result<RpcFrame, FrameDecodeError> decodeFrame(QByteArrayView text, OcppVersion version)
{
    if (std::optional<RpcFrame> compact = decodeCompact(text))
        return std::move(*compact);
    using K = FrameDecodeError::Kind;
    QJsonParseError pe;
    // fromRawData: the parser copies what it keeps, so the frame need not be copied first.
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromRawData(text.data(), text.size()), &pe);
    if (pe.error != QJsonParseError::NoError) {
        // Qt only parses arrays and objects at the top level; a bare scalar is still JSON.
        QJsonParseError wrapped;
        QJsonDocument::fromJson(QByteArray("[") + text.toByteArray() + QByteArray("]"), &wrapped);
        if (wrapped.error == QJsonParseError::NoError)
            return fail(K::NotAnArray, 0, {}, Text::tr("Not an OCPP-J message: expected a JSON array."));
        return fail(K::InvalidJson, 0, {}, Text::tr("Not valid JSON (%1 at offset %2).").arg(pe.errorString()).arg(pe.offset));
    }
    if (!doc.isArray())
        return fail(K::NotAnArray, 0, {}, Text::tr("Not an OCPP-J message: expected a JSON array."));

    const QJsonArray a = doc.array();
    if (a.isEmpty() || !a.at(0).isDouble())
        return fail(K::BadMessageTypeId, 0, {}, Text::tr("The first element must be the message type number."));
    const double td = a.at(0).toDouble();
    const int typeId = int(td);
    if (double(typeId) != td)
        return fail(K::BadMessageTypeId, 0, {}, Text::tr("The message type number must be an integer."));

    // Read the id before judging the type so that any error reply can carry it.
    QString id;
    if (a.size() >= 2 && a.at(1).isString())
        id = a.at(1).toString();
    const bool idOk = !id.isNull() && id.size() <= kMaxMessageIdLength;

    if (!isKnownType(typeId, version))
        return fail(K::UnknownMessageType, typeId, idOk ? id : QString(),
                    Text::tr("Message type %1 is not defined in OCPP %2.").arg(typeId).arg(versionName(version)));
    if (!idOk) {
        if (id.isNull())
            return fail(K::BadMessageId, typeId, {}, Text::tr("The message id must be a string."));
        return fail(K::BadMessageId, typeId, {},
                    Text::tr("The message id is %1 characters long; at most 36 are allowed.").arg(id.size()));
    }

    RpcFrame f;
    f.type = MessageType(typeId);
    f.id = id;
    switch (f.type) {
    case MessageType::Call:
    case MessageType::Send:
        if (a.size() != 4)
            return fail(K::BadLayout, typeId, id, Text::tr("A %1 has 4 elements, this one has %2.").arg(messageTypeName(f.type)).arg(a.size()));
        if (!a.at(2).isString() || a.at(2).toString().isEmpty())
            return fail(K::BadLayout, typeId, id, Text::tr("The action (third element) must be a non-empty string."));
        if (!a.at(3).isObject())
            return fail(K::BadLayout, typeId, id, Text::tr("The payload must be a JSON object ({} when empty)."));
        f.action = a.at(2).toString();
        f.payload = a.at(3).toObject();
        break;
    case MessageType::CallResult:
        if (a.size() != 3)
            return fail(K::BadLayout, typeId, id, Text::tr("A CALLRESULT has 3 elements, this one has %1.").arg(a.size()));
        if (!a.at(2).isObject())
            return fail(K::BadLayout, typeId, id, Text::tr("The payload must be a JSON object ({} when empty)."));
        f.payload = a.at(2).toObject();
        break;
    case MessageType::CallError:
    case MessageType::CallResultError:
        if (a.size() != 5)
            return fail(K::BadLayout, typeId, id, Text::tr("A %1 has 5 elements, this one has %2.").arg(messageTypeName(f.type)).arg(a.size()));
        if (!a.at(2).isString() || !a.at(3).isString() || !a.at(4).isObject())
            return fail(K::BadLayout, typeId, id,
                        Text::tr("A %1 needs an error code string, a description string and an errorDetails object.")
                            .arg(messageTypeName(f.type)));
        f.errorCode = a.at(2).toString();
        f.errorDescription = a.at(3).toString();
        f.errorDetails = a.at(4).toObject();
        break;
    }
    return f;
}

} // namespace cb
