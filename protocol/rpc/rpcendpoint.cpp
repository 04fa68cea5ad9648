#include "rpcendpoint.h"

#include "common/logging.h"
#include "schema/schemavalidator.h"

#include <QCoreApplication>
#include <QRandomGenerator>

#include <chrono>

namespace cb {

namespace {
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::RpcEndpoint)
};
} // namespace

qint64 nowMicroseconds()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

QString CallOutcome::describe() const
{
    switch (status) {
    case Status::Result:
        return Text::tr("%1 answered in %2 ms.").arg(action).arg(latencyMs);
    case Status::CallError:
        return Text::tr("The peer answered %1 with CALLERROR %2: %3")
            .arg(action, errorCode, errorDescription.isEmpty() ? Text::tr("(no description)") : errorDescription);
    case Status::Timeout:
        return Text::tr("No answer to %1 within %2 ms. Check that the peer is still connected, or raise the response timeout.")
            .arg(action)
            .arg(latencyMs);
    case Status::InvalidResponse:
        return Text::tr("The answer to %1 breaks the OCPP schema: %2").arg(action, cb::describe(violations));
    case Status::InvalidRequest:
        return violations.isEmpty() ? errorDescription
                                    : Text::tr("%1 was not sent because the payload breaks the OCPP schema: %2")
                                          .arg(action, cb::describe(violations));
    case Status::MalformedReply:
        return Text::tr("The answer to %1 was not a well-formed OCPP-J frame: %2").arg(action, errorDescription);
    case Status::Closed:
        return Text::tr("%1 got no answer because the connection closed (%2).").arg(action, errorDescription);
    }
    return {};
}

RpcResponder::RpcResponder(RpcEndpoint *endpoint, QString id, QString action)
    : m_endpoint(endpoint), m_id(std::move(id)), m_action(std::move(action)), m_answered(std::make_shared<bool>(false))
{
}

void RpcResponder::result(const QJsonObject &payload) const
{
    if (*m_answered || !m_endpoint)
        return;
    *m_answered = true;
    const Violations v = m_endpoint->m_validator.validate(m_endpoint->m_version, m_action, PayloadKind::Response, payload);
    if (!v.isEmpty()) {
        // Never put an invalid payload on the wire: this is our bug, say so to the peer and log it.
        m_endpoint->reportProblem(Text::tr("Internal error: the %1 response built here breaks the schema (%2); sent InternalError instead.")
                                      .arg(m_action, describe(v)));
        m_endpoint->sendError(m_id, RpcErrorCode::InternalError,
                              Text::tr("Response could not be built: %1").arg(describe(v)), violationDetails(v));
        return;
    }
    m_endpoint->transmit(RpcFrame::result(m_id, payload), m_action);
}

void RpcResponder::error(RpcErrorCode code, const QString &description, const QJsonObject &details) const
{
    if (*m_answered || !m_endpoint)
        return;
    *m_answered = true;
    m_endpoint->sendError(m_id, code, description, details);
}

RpcEndpoint::RpcEndpoint(OcppVersion version, QObject *parent)
    : QObject(parent), m_version(version), m_validator(SchemaValidator::shared()),
      m_catalog(SchemaValidator::shared().catalog())
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &RpcEndpoint::onTimeout);
    // Ids must be unique per sender even across reconnections (OCPP-J 2.1 §4.1.4): a random
    // prefix per endpoint plus a counter, well inside the 36-character limit.
    m_idPrefix = QString::number(QRandomGenerator::global()->generate64(), 16) + QLatin1Char('-');
}

RpcEndpoint::~RpcEndpoint()
{
    if (!m_closed)
        close(Text::tr("endpoint destroyed"));
}

void RpcEndpoint::setHandler(const QString &action, Handler handler) { m_handlers.insert(action, std::move(handler)); }

void RpcEndpoint::setSendHandler(const QString &action, SendHandler handler)
{
    m_sendHandlers.insert(action, std::move(handler));
}

QString RpcEndpoint::nextId() { return m_idPrefix + QString::number(++m_idCounter); }

void RpcEndpoint::call(const QString &action, const QJsonObject &payload, CallCallback done,
                       std::optional<std::chrono::milliseconds> timeout)
{
    CallOutcome refused;
    refused.action = action;
    refused.status = CallOutcome::Status::InvalidRequest;
    if (m_closed) {
        refused.status = CallOutcome::Status::Closed;
        refused.errorDescription = Text::tr("connection already closed");
    } else if (!m_catalog.hasSchema(m_version, action, PayloadKind::Request)) {
        refused.errorDescription = Text::tr("%1 is not a CALL of OCPP %2.").arg(action, versionName(m_version));
    } else {
        refused.violations = m_validator.validate(m_version, action, PayloadKind::Request, payload);
    }
    if (!refused.errorDescription.isEmpty() || !refused.violations.isEmpty()) {
        if (done)
            done(refused);
        return;
    }
    m_queue.push_back(Pending{nextId(), action, payload, std::move(done), timeout.value_or(m_timeout), {}});
    pump();
}

void RpcEndpoint::pump()
{
    if (m_current || m_queue.empty() || m_closed)
        return;
    m_current = std::move(m_queue.front());
    m_queue.pop_front();
    m_current->sentAt.start();
    m_timer.start(m_current->timeout);
    transmit(RpcFrame::call(m_current->id, m_current->action, m_current->payload), m_current->action);
}

void RpcEndpoint::finishCurrent(CallOutcome outcome)
{
    if (!m_current)
        return;
    m_timer.stop();
    Pending p = std::move(*m_current);
    m_current.reset();
    outcome.action = p.action;
    outcome.messageId = p.id;
    if (outcome.latencyMs < 0 && p.sentAt.isValid())
        outcome.latencyMs = p.sentAt.elapsed();
    QPointer<RpcEndpoint> alive(this);
    if (p.done)
        p.done(outcome);
    if (alive)
        pump();
}

void RpcEndpoint::onTimeout()
{
    CallOutcome o;
    o.status = CallOutcome::Status::Timeout;
    reportProblem(Text::tr("No reply to %1 (id %2) within %3 ms.").arg(m_current ? m_current->action : QString(),
                                                                  m_current ? m_current->id : QString())
                      .arg(m_current ? m_current->timeout.count() : 0));
    finishCurrent(o);
}

Result<QString> RpcEndpoint::send(const QString &action, const QJsonObject &payload)
{
    if (!hasSendAndResultError(m_version))
        return Error{Text::tr("SEND messages exist only in OCPP 2.1."), {}};
    if (m_closed)
        return Error{Text::tr("The connection is closed."), {}};
    if (!m_catalog.hasSchema(m_version, action, PayloadKind::Send))
        return Error{Text::tr("%1 is not a SEND message of OCPP %2.").arg(action, versionName(m_version)), {}};
    const Violations v = m_validator.validate(m_version, action, PayloadKind::Send, payload);
    if (!v.isEmpty())
        return Error{Text::tr("%1 was not sent because the payload breaks the OCPP schema: %2").arg(action, describe(v)), {}};
    const QString id = nextId();
    transmit(RpcFrame::send(id, action, payload), action);
    return id;
}

void RpcEndpoint::sendRaw(const QByteArray &text)
{
    if (m_closed || !m_transmit)
        return;
    const auto decoded = decodeFrame(text, m_version);
    if (decoded)
        observe(FrameEvent::Direction::Out, text, decoded.value().type, decoded.value().id, decoded.value().action, {}, {});
    else
        observe(FrameEvent::Direction::Out, text, std::nullopt, {}, {}, {}, decoded.error().description);
    m_transmit(text);
}

void RpcEndpoint::transmit(const RpcFrame &frame, const QString &action, const Violations &violations)
{
    if (m_closed)
        return;
    const QByteArray text = frame.encode();
    observe(FrameEvent::Direction::Out, text, frame.type, frame.id, action, violations, {});
    if (m_transmit)
        m_transmit(text);
}

void RpcEndpoint::sendError(const QString &id, RpcErrorCode code, const QString &description, const QJsonObject &details,
                            MessageType type)
{
    transmit(RpcFrame::error(id, code, m_version, description, details, type), {});
}

void RpcEndpoint::observe(FrameEvent::Direction dir, const QByteArray &text, std::optional<MessageType> type,
                          const QString &id, const QString &action, const Violations &violations, const QString &problem)
{
    if (!m_observe)
        return;
    FrameEvent e;
    e.direction = dir;
    e.timestampUs = nowMicroseconds();
    e.text = text;
    e.type = type;
    e.messageId = id;
    e.action = action;
    e.violations = violations;
    e.problem = problem;
    m_observe(e);
}

void RpcEndpoint::reportProblem(const QString &text)
{
    qCInfo(lcOcpp).noquote() << text;
    Q_EMIT problem(text);
}

void RpcEndpoint::receive(const QByteArray &text)
{
    if (m_closed)
        return;
    auto decoded = decodeFrame(text, m_version);
    if (!decoded) {
        handleDecodeError(text, decoded.error());
        return;
    }
    const RpcFrame &f = decoded.value();
    switch (f.type) {
    case MessageType::Call: handleCall(text, f); break;
    case MessageType::Send: handleSend(text, f); break;
    case MessageType::CallResult:
    case MessageType::CallError: handleReply(text, f); break;
    case MessageType::CallResultError:
        observe(FrameEvent::Direction::In, text, f.type, f.id, {}, {}, {});
        reportProblem(Text::tr("The peer rejected our reply %1 with CALLRESULTERROR %2: %3").arg(f.id, f.errorCode, f.errorDescription));
        Q_EMIT resultErrorReceived(f);
        break;
    }
}

void RpcEndpoint::handleDecodeError(const QByteArray &text, const FrameDecodeError &e)
{
    using K = FrameDecodeError::Kind;
    const std::optional<MessageType> type =
        e.messageTypeId >= 2 && e.messageTypeId <= 6 && e.kind != K::UnknownMessageType ? std::optional(MessageType(e.messageTypeId))
                                                                                         : std::nullopt;
    // A broken reply to our outstanding CALL ends that CALL.
    QString action;
    if (m_current && e.messageId == m_current->id && (type == MessageType::CallResult || type == MessageType::CallError))
        action = m_current->action;
    observe(FrameEvent::Direction::In, text, type, e.messageId, action, {}, e.description);
    reportProblem(Text::tr("Undecodable frame: %1").arg(e.description));

    if (!action.isEmpty()) {
        CallOutcome o;
        o.status = CallOutcome::Status::MalformedReply;
        o.errorDescription = e.description;
        finishCurrent(o);
        return;
    }
    if (e.kind == K::UnknownMessageType) {
        // OCPP-J 1.6 says to ignore unknown message types; 2.0.1 and 2.1 answer MessageTypeNotSupported.
        if (m_version != OcppVersion::V16)
            sendError(e.messageId, RpcErrorCode::MessageTypeNotSupported, e.description);
        return;
    }
    // Replies cannot be answered with a CALLERROR; everything else (including frames whose type
    // cannot be read) gets the version's framework error.
    if (type == MessageType::CallResult || type == MessageType::CallError || type == MessageType::CallResultError)
        return;
    if (type == MessageType::Send)
        return; // OCPP-J 2.1: the receiver SHALL NOT respond to a SEND.
    sendError(e.messageId, RpcErrorCode::RpcFrameworkError, e.description);
}

void RpcEndpoint::handleCall(const QByteArray &text, const RpcFrame &f)
{
    if (!m_catalog.hasSchema(m_version, f.action, PayloadKind::Request)) {
        observe(FrameEvent::Direction::In, text, f.type, f.id, f.action, {},
                Text::tr("unknown action %1").arg(f.action));
        sendError(f.id, RpcErrorCode::NotImplemented,
                  Text::tr("%1 is not an action of OCPP %2").arg(f.action, versionName(m_version)));
        return;
    }
    const Violations v = m_validator.validate(m_version, f.action, PayloadKind::Request, f.payload);
    observe(FrameEvent::Direction::In, text, f.type, f.id, f.action, v, {});
    if (!v.isEmpty()) {
        sendError(f.id, v.first().code, describe(v), violationDetails(v));
        return;
    }
    const auto it = m_handlers.constFind(f.action);
    if (it == m_handlers.cend()) {
        sendError(f.id, RpcErrorCode::NotSupported, Text::tr("%1 is not supported here").arg(f.action));
        return;
    }
    (*it)(RpcCall{f.id, f.action, f.payload}, RpcResponder(this, f.id, f.action));
}

void RpcEndpoint::handleSend(const QByteArray &text, const RpcFrame &f)
{
    // No reply of any kind to a SEND, however broken: problems are recorded only.
    if (!m_catalog.hasSchema(m_version, f.action, PayloadKind::Send)) {
        observe(FrameEvent::Direction::In, text, f.type, f.id, f.action, {},
                Text::tr("%1 is not a SEND message of OCPP %2").arg(f.action, versionName(m_version)));
        return;
    }
    const Violations v = m_validator.validate(m_version, f.action, PayloadKind::Send, f.payload);
    observe(FrameEvent::Direction::In, text, f.type, f.id, f.action, v, {});
    if (!v.isEmpty())
        return;
    const auto it = m_sendHandlers.constFind(f.action);
    if (it != m_sendHandlers.cend())
        (*it)(RpcCall{f.id, f.action, f.payload});
}

void RpcEndpoint::handleReply(const QByteArray &text, const RpcFrame &f)
{
    if (!m_current || m_current->id != f.id) {
        const QString problemText = Text::tr("%1 for unknown message id %2").arg(messageTypeName(f.type), f.id);
        observe(FrameEvent::Direction::In, text, f.type, f.id, {}, {}, problemText);
        reportProblem(problemText);
        return;
    }
    const QString action = m_current->action;
    CallOutcome o;
    if (f.type == MessageType::CallError) {
        observe(FrameEvent::Direction::In, text, f.type, f.id, action, {}, {});
        o.status = CallOutcome::Status::CallError;
        o.errorCode = f.errorCode;
        o.errorDescription = f.errorDescription;
        o.errorDetails = f.errorDetails;
        finishCurrent(o);
        return;
    }
    const Violations v = m_validator.validate(m_version, action, PayloadKind::Response, f.payload);
    observe(FrameEvent::Direction::In, text, f.type, f.id, action, v, {});
    o.payload = f.payload;
    if (!v.isEmpty()) {
        o.status = CallOutcome::Status::InvalidResponse;
        o.violations = v;
        // OCPP 2.1 tells the sender its CALLRESULT could not be processed.
        if (hasSendAndResultError(m_version))
            sendError(f.id, v.first().code, describe(v), violationDetails(v), MessageType::CallResultError);
    } else {
        o.status = CallOutcome::Status::Result;
    }
    finishCurrent(o);
}

void RpcEndpoint::close(const QString &reason)
{
    if (m_closed)
        return;
    m_closed = true;
    m_timer.stop();
    std::deque<Pending> all;
    if (m_current)
        all.push_back(std::move(*m_current));
    m_current.reset();
    for (auto &p : m_queue)
        all.push_back(std::move(p));
    m_queue.clear();
    for (Pending &p : all) {
        if (!p.done)
            continue;
        CallOutcome o;
        o.status = CallOutcome::Status::Closed;
        o.action = p.action;
        o.messageId = p.id;
        o.errorDescription = reason;
        p.done(o);
    }
}

} // namespace cb
