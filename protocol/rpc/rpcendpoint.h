#pragma once

#include "rpcframe.h"
#include "schema/schemacatalog.h"
#include "schema/violation.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>

namespace cb {

class SchemaValidator;
class RpcEndpoint;

struct RpcCall
{
    QString id;
    QString action;
    QJsonObject payload;
};

// How a CALL this side made ended.
struct CallOutcome
{
    enum class Status {
        Result,          // CALLRESULT, valid against the response schema
        CallError,       // the peer answered CALLERROR
        Timeout,         // no reply within the response timeout
        InvalidResponse, // CALLRESULT that breaks the response schema (see violations)
        InvalidRequest,  // not sent: unknown action or the payload breaks the request schema
        MalformedReply,  // a reply with this id arrived but was not a well-formed OCPP-J frame
        Closed,          // the connection closed before a reply
    };
    Status status = Status::Closed;
    QString action;
    QString messageId;
    QJsonObject payload;               // Result, InvalidResponse
    QString errorCode;                 // CallError: as received (either spelling)
    QString errorDescription;          // CallError, MalformedReply, InvalidRequest, Closed
    QJsonObject errorDetails;          // CallError
    Violations violations;             // InvalidRequest, InvalidResponse
    qint64 latencyMs = -1;             // CALL sent to reply received

    bool ok() const { return status == Status::Result; }
    // One sentence for people, e.g. "The station answered CALLERROR NotSupported: ...".
    QString describe() const;
};

using CallCallback = std::function<void(const CallOutcome &)>;

// Every frame the endpoint sends or receives, for capture and live traffic views.
struct FrameEvent
{
    enum class Direction { In, Out };
    Direction direction = Direction::In;
    qint64 timestampUs = 0;               // microseconds since the Unix epoch
    QByteArray text;                      // the message text as sent (inflated when it was compressed)
    std::optional<MessageType> type;      // empty when the frame could not be decoded
    QString messageId;
    QString action;                       // for replies: the action of the CALL they answer
    Violations violations;                // schema violations of the payload
    QString problem;                      // decode failure, reply to unknown id, ...

    bool isValid() const { return violations.isEmpty() && problem.isEmpty(); }
};

// Answers one incoming CALL exactly once. Copies share the answered state; answering twice or
// after the connection closed is ignored.
class RpcResponder
{
public:
    void result(const QJsonObject &payload) const;
    void error(RpcErrorCode code, const QString &description, const QJsonObject &details = {}) const;
    bool isAnswered() const { return *m_answered; }
    const QString &messageId() const { return m_id; }

private:
    friend class RpcEndpoint;
    RpcResponder(RpcEndpoint *endpoint, QString id, QString action);
    QPointer<RpcEndpoint> m_endpoint;
    QString m_id;
    QString m_action;
    std::shared_ptr<bool> m_answered;
};

// OCPP-J RPC over one connection: correlates replies to CALLs, keeps at most one CALL of ours
// outstanding (later ones queue), times calls out, dispatches incoming CALLs to handlers by
// action, validates every payload in both directions against the version's schemas and answers
// broken frames with the CALLERROR of the version. Transport-neutral: frames go out through the
// transmitter and come in through receive().
class RpcEndpoint : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<void(const RpcCall &, RpcResponder)>;
    using SendHandler = std::function<void(const RpcCall &)>;
    using Transmitter = std::function<void(const QByteArray &)>;
    using FrameObserver = std::function<void(const FrameEvent &)>;

    explicit RpcEndpoint(OcppVersion version, QObject *parent = nullptr);
    ~RpcEndpoint() override;

    OcppVersion version() const { return m_version; }

    void setTransmitter(Transmitter t) { m_transmit = std::move(t); }
    void setFrameObserver(FrameObserver o) { m_observe = std::move(o); }
    void setResponseTimeout(std::chrono::milliseconds t) { m_timeout = t; }
    std::chrono::milliseconds responseTimeout() const { return m_timeout; }

    void setHandler(const QString &action, Handler handler);
    void setSendHandler(const QString &action, SendHandler handler);
    bool hasHandler(const QString &action) const { return m_handlers.contains(action); }

    // Queues a CALL; the callback runs exactly once with its outcome.
    void call(const QString &action, const QJsonObject &payload, CallCallback done = {},
              std::optional<std::chrono::milliseconds> timeout = std::nullopt);
    // OCPP 2.1 SEND: validated, sent at once, never awaits a reply. Returns the message id.
    Result<QString> send(const QString &action, const QJsonObject &payload);
    // Sends text exactly as given, bypassing validation (fault injection and replay).
    void sendRaw(const QByteArray &text);

    // Feed one received text frame.
    void receive(const QByteArray &text);

    // Ends the connection's RPC state: the outstanding and queued calls complete with Closed.
    void close(const QString &reason);

    int queuedCalls() const { return int(m_queue.size()) + (m_current ? 1 : 0); }

Q_SIGNALS:
    // OCPP 2.1 CALLRESULTERROR: the peer could not accept one of our CALLRESULTs.
    void resultErrorReceived(const cb::RpcFrame &frame);
    // A protocol problem worth a log line (unknown reply id, undecodable frame, ...).
    void problem(const QString &text);

private:
    friend class RpcResponder;
    struct Pending
    {
        QString id;
        QString action;
        QJsonObject payload;
        CallCallback done;
        std::chrono::milliseconds timeout{};
        QElapsedTimer sentAt;
    };

    void pump();
    void finishCurrent(CallOutcome outcome);
    void onTimeout();
    void transmit(const RpcFrame &frame, const QString &action, const Violations &violations = {});
    void observe(FrameEvent::Direction dir, const QByteArray &text, std::optional<MessageType> type,
                 const QString &id, const QString &action, const Violations &violations, const QString &problem);
    void reportProblem(const QString &text);
    void handleDecodeError(const QByteArray &text, const FrameDecodeError &e);
    void handleCall(const QByteArray &text, const RpcFrame &f);
    void handleSend(const QByteArray &text, const RpcFrame &f);
    void handleReply(const QByteArray &text, const RpcFrame &f);
    void sendError(const QString &id, RpcErrorCode code, const QString &description, const QJsonObject &details = {},
                   MessageType type = MessageType::CallError);
    QString nextId();

    OcppVersion m_version;
    const SchemaValidator &m_validator;
    const SchemaCatalog &m_catalog;
    Transmitter m_transmit;
    FrameObserver m_observe;
    std::chrono::milliseconds m_timeout{30000};
    QHash<QString, Handler> m_handlers;
    QHash<QString, SendHandler> m_sendHandlers;
    std::optional<Pending> m_current;
    std::deque<Pending> m_queue;
    QTimer m_timer;
    QString m_idPrefix;
    quint64 m_idCounter = 0;
    bool m_closed = false;
};

qint64 nowMicroseconds();

} // namespace cb
