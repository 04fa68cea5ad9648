#include "operationresult.h"

#include <QCoreApplication>

namespace cb {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::OperationResult)
};

// Answers that mean "yes" across the status enums of the CSMS-initiated actions.
bool isAcceptingStatus(const QString &s)
{
    static const QStringList yes{QStringLiteral("Accepted"), QStringLiteral("Scheduled"), QStringLiteral("Unlocked"),
                                 QStringLiteral("RebootRequired"), QStringLiteral("AcceptedCanceled")};
    return yes.contains(s);
}

} // namespace

QString OperationResult::kindName(Kind k)
{
    switch (k) {
    case Kind::Accepted: return QStringLiteral("accepted");
    case Kind::Rejected: return QStringLiteral("rejected");
    case Kind::CallError: return QStringLiteral("call-error");
    case Kind::Timeout: return QStringLiteral("timeout");
    case Kind::Failed: return QStringLiteral("failed");
    case Kind::NotSupported: return QStringLiteral("not-supported");
    case Kind::InvalidParameters: return QStringLiteral("invalid-parameters");
    case Kind::NotConnected: return QStringLiteral("not-connected");
    }
    return {};
}

QString OperationResult::answerLine() const
{
    if (kind == Kind::Accepted || kind == Kind::Rejected)
        return outcome.latencyMs >= 0 ? Text::tr("%1 \u2014 %2 ms").arg(text).arg(outcome.latencyMs) : text;
    return text;
}

OperationResult OperationResult::refused(Kind kind, const QString &operation, const QString &station, const QString &text)
{
    OperationResult r;
    r.kind = kind;
    r.operation = operation;
    r.station = station;
    r.text = text;
    return r;
}

OperationResult OperationResult::fromOutcome(const QString &operation, const QString &station, OcppVersion version,
                                             const OcppRequest &request, const CallOutcome &o)
{
    OperationResult r;
    r.operation = operation;
    r.station = station;
    r.version = version;
    r.action = request.action;
    r.request = request.payload;
    r.outcome = o;
    switch (o.status) {
    case CallOutcome::Status::Result: {
        r.reply = o.payload;
        r.status = o.payload.value(QLatin1String("status")).toString();
        const QJsonObject info = o.payload.value(QLatin1String("statusInfo")).toObject();
        r.reason = info.value(QLatin1String("reasonCode")).toString();
        r.kind = r.status.isEmpty() || isAcceptingStatus(r.status) ? Kind::Accepted : Kind::Rejected;
        QString text = r.status.isEmpty() ? Text::tr("answered") : r.status;
        if (!info.isEmpty()) {
            const QString more = info.value(QLatin1String("additionalInfo")).toString();
            text += QStringLiteral(" (%1%2)").arg(r.reason, more.isEmpty() ? QString() : QStringLiteral(": ") + more);
        }
        if (r.kind == Kind::Rejected && r.reason.isEmpty())
            r.reason = r.status;
        r.text = text;
        break;
    }
    case CallOutcome::Status::CallError:
        r.kind = Kind::CallError;
        r.reason = o.errorCode;
        r.text = o.describe();
        break;
    case CallOutcome::Status::Timeout:
        r.kind = Kind::Timeout;
        r.text = o.describe();
        break;
    case CallOutcome::Status::Closed:
        // Closed before sending means it never went out: the station is not connected.
        r.kind = o.messageId.isEmpty() ? Kind::NotConnected : Kind::Failed;
        r.text = o.describe();
        break;
    case CallOutcome::Status::InvalidRequest:
        r.kind = Kind::InvalidParameters;
        r.text = o.describe();
        break;
    case CallOutcome::Status::InvalidResponse:
        r.reply = o.payload;
        r.kind = Kind::Failed;
        r.text = o.describe();
        break;
    case CallOutcome::Status::MalformedReply:
        r.kind = Kind::Failed;
        r.text = o.describe();
        break;
    }
    return r;
}

QJsonObject OperationResult::toJson() const
{
    QJsonObject o{{QStringLiteral("operation"), operation},
                  {QStringLiteral("station"), station},
                  {QStringLiteral("result"), kindName(kind)},
                  {QStringLiteral("text"), text}};
    if (version)
        o.insert(QStringLiteral("ocppVersion"), versionName(*version));
    if (!action.isEmpty()) {
        o.insert(QStringLiteral("action"), action);
        o.insert(QStringLiteral("request"), request);
    }
    if (!outcome.messageId.isEmpty())
        o.insert(QStringLiteral("messageId"), outcome.messageId);
    if (outcome.latencyMs >= 0 && sent())
        o.insert(QStringLiteral("latencyMs"), outcome.latencyMs);
    if (!reply.isEmpty() || outcome.status == CallOutcome::Status::Result)
        o.insert(QStringLiteral("reply"), reply);
    if (!status.isEmpty())
        o.insert(QStringLiteral("status"), status);
    if (!reason.isEmpty())
        o.insert(QStringLiteral("reason"), reason);
    if (kind == Kind::CallError) {
        o.insert(QStringLiteral("errorCode"), outcome.errorCode);
        o.insert(QStringLiteral("errorDescription"), outcome.errorDescription);
        o.insert(QStringLiteral("errorDetails"), outcome.errorDetails);
    }
    if (!outcome.violations.isEmpty()) {
        QJsonArray v;
        for (const Violation &x : outcome.violations)
            v.append(x.toJson());
        o.insert(QStringLiteral("violations"), v);
    }
    if (!data.isUndefined() && !data.isNull())
        o.insert(QStringLiteral("data"), data);
    return o;
}

} // namespace cb
