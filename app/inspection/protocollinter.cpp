#include "protocollinter.h"

#include "schema/actiondirection.h"
#include "station/meterparsing.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <algorithm>
#include <array>

namespace cb {

namespace {

QString seconds(qint64 us) { return QString::number(double(us) / 1e6, 'f', us % 1'000'000 == 0 ? 0 : 1); }

// Payload of a CALL ([2, id, action, payload]) or CALLRESULT ([3, id, payload]); {} when unreadable.
QJsonObject payloadOf(const CaptureRecord &r)
{
    const QJsonArray a = QJsonDocument::fromJson(r.data).array();
    const int at = r.messageType == 3 ? 2 : 3;
    return a.size() > at ? a.at(at).toObject() : QJsonObject();
}

// Registration state of a station as far as the capture shows it. Unknown: no BootNotification
// seen (the capture began later); stations do not boot again on every reconnect, so nothing is
// judged then.
enum class Registration { Unknown, Booting, Accepted, Pending, Rejected };

struct PendingCall
{
    qint64 frameId = 0;
    qint64 timestampUs = 0;
    QString action;
    int connectorId = 0; // StartTransaction
    double meterStartWh = -1; // StartTransaction
    QString heartbeatValue; // ChangeConfiguration/SetVariables of HeartbeatInterval
    bool timedOut = false; // already reported as unanswered; a late reply is still matched
};

// One sender on one connection (index: outgoing).
struct Sender
{
    QHash<QString, PendingCall> outstanding;
    QHash<QString, qint64> seenIds; // CALL id -> first frame that used it
};

struct Connection
{
    QString stationId;
    qint64 id = 0;
    std::optional<OcppVersion> version;
    std::optional<bool> stationSendsOutgoing;
    std::array<Sender, 2> senders;
    qint64 lastStationCallUs = 0;
    qint64 lastStationCallId = 0;
    qint64 lastUs = 0;
};

struct Tx16
{
    int connectorId = 0;
    qint64 startFrameId = 0;
    qint64 stopFrameId = 0;
    bool stopped = false;
};

struct Tx2
{
    qint64 firstFrameId = 0;
    qint64 startedFrameId = 0;
    qint64 endedFrameId = 0;
    bool started = false;
    bool ended = false;
    bool updatedBeforeStart = false;
    int lastSeqNo = -1;
    int evseId = 0;
    int connectorId = 0;
};

struct MeterReading
{
    double wh = 0;
    qint64 frameId = 0;
};

struct Station
{
    Registration registration = Registration::Unknown;
    qint64 registrationFrameId = 0;
    qint64 heartbeatIntervalUs = 0;
    QSet<QString> triggered; // actions the CSMS asked for with TriggerMessage while Pending
    QHash<int, QString> active16; // connector -> transaction id
    QHash<QString, Tx16> tx16;
    QHash<QString, Tx2> tx2;
    QHash<QString, MeterReading> meters;
    std::array<QHash<QString, qint64>, 2> seenIds; // 2.1: CALL ids per sender across connections
    std::array<QSet<QString>, 2> unanswered; // CALL ids left without reply by a closed connection
};

// SetVariableData / SetVariableResult naming OCPPCommCtrlr.HeartbeatInterval.
bool isHeartbeatVariable(const QJsonObject &o)
{
    return o.value(QLatin1String("component")).toObject().value(QLatin1String("name")).toString() ==
               QLatin1String("OCPPCommCtrlr") &&
           o.value(QLatin1String("variable")).toObject().value(QLatin1String("name")).toString() ==
               QLatin1String("HeartbeatInterval");
}

OcppVersion guessVersion(const CaptureRecord &r)
{
    if (r.action == QLatin1String("TransactionEvent") || r.action == QLatin1String("NotifyReport") ||
        r.action == QLatin1String("RequestStartTransaction") || r.action == QLatin1String("SetVariables"))
        return OcppVersion::V201;
    return OcppVersion::V16;
}

QString key(const QString &station, qint64 connection)
{
    return station + QLatin1Char('\x1f') + QString::number(connection);
}

} // namespace

struct ProtocolLinter::Impl
{
    LintOptions options;
    LintReport report;
    QHash<QString, Connection> connections;
    QHash<QString, Station> stations;
    QString lastKey;
    Connection *last = nullptr;
    qint64 lastUs = 0;

    void finding(LintRule rule, LintSeverity severity, const Connection &c, qint64 ts, QList<qint64> ids,
                 const QString &message)
    {
        report.findings.append({rule, severity, c.stationId, c.id, ts, std::move(ids), message});
    }

    Connection &connection(const CaptureRecord &r)
    {
        const QString k = key(r.stationId, r.connectionId);
        if (last && k == lastKey)
            return *last;
        auto it = connections.find(k);
        if (it == connections.end()) {
            it = connections.insert(k, Connection{});
            it->stationId = r.stationId;
            it->id = r.connectionId;
            it->version = options.defaultVersion;
            if (!stations.contains(r.stationId))
                stations.insert(r.stationId, Station{});
        }
        lastKey = k;
        last = &*it;
        return *it;
    }

    void forget(const QString &k)
    {
        connections.remove(k);
        last = nullptr;
        lastKey.clear();
    }

    void add(qint64 id, const CaptureRecord &r)
    {
        ++report.recordCount;
        lastUs = std::max(lastUs, r.timestampUs);
        switch (r.kind) {
        case CaptureRecord::Kind::ConnectionOpened: {
            const QString k = key(r.stationId, r.connectionId);
            if (connections.contains(k))
                close(connections[k], r.timestampUs, false);
            forget(k);
            Connection &c = connection(r);
            const QString sub = QJsonDocument::fromJson(r.data).object().value(QLatin1String("subprotocol")).toString();
            if (const auto v = versionFromSubprotocol(sub))
                c.version = v;
            c.lastUs = r.timestampUs;
            return;
        }
        case CaptureRecord::Kind::ConnectionClosed: {
            const QString k = key(r.stationId, r.connectionId);
            if (connections.contains(k)) {
                close(connections[k], r.timestampUs, true);
                forget(k);
            }
            return;
        }
        case CaptureRecord::Kind::Note:
            return;
        case CaptureRecord::Kind::Frame:
            break;
        }
        Connection &c = connection(r);
        c.lastUs = r.timestampUs;
        if (!r.problem.isEmpty()) {
            finding(LintRule::SchemaViolation, LintSeverity::Error, c, r.timestampUs, {id},
                    tr("%1 frame breaks the specification: %2. OCPP-J expects a well-formed frame whose payload "
                       "validates against the official schema of its action.")
                        .arg(r.action.isEmpty() ? tr("This") : r.action, r.problem));
        }
        if (r.messageType < 2 || r.messageType > 6)
            return;
        // A reply being judged here must not first be swept as unanswered: it reports with its reply.
        const bool isReply = r.messageType == 3 || r.messageType == 4;
        sweepTimeouts(c, r.timestampUs, isReply ? &c.senders[r.outgoing ? 0 : 1] : nullptr, r.messageId);
        const OcppVersion version = c.version.value_or(guessVersion(r));
        if (!c.stationSendsOutgoing && r.messageType == 2) {
            // The side that sends station-initiated actions is the station; ChargeBench may be either.
            const Initiator who = initiatorOf(version, r.action);
            if (who == Initiator::ChargingStation)
                c.stationSendsOutgoing = r.outgoing;
            else if (who == Initiator::Csms)
                c.stationSendsOutgoing = !r.outgoing;
        }
        const bool fromStation = r.outgoing == c.stationSendsOutgoing.value_or(false);
        Station &s = stations[c.stationId];
        if (r.messageType == 2 || r.messageType == 6)
            call(c, s, version, fromStation, id, r);
        else if (r.messageType == 3 || r.messageType == 4)
            reply(c, s, version, id, r);
        // 5 (CALLRESULTERROR) answers a CALLRESULT the receiver could not use; nothing to correlate.
    }

    QString who(bool fromStation) const { return fromStation ? tr("The station") : tr("The CSMS"); }

    void sweepTimeouts(Connection &c, qint64 now, const Sender *answered = nullptr, const QString &answeredId = {})
    {
        for (Sender &sender : c.senders) {
            // An emptied QHash keeps its buckets and begin() walks them: skip it (the common case).
            if (sender.outstanding.isEmpty())
                continue;
            for (auto it = sender.outstanding.begin(); it != sender.outstanding.end(); ++it) {
                PendingCall &p = it.value();
                if (&sender == answered && it.key() == answeredId)
                    continue;
                if (!p.timedOut && now - p.timestampUs > options.replyTimeoutUs) {
                    p.timedOut = true;
                    finding(LintRule::NoReplyInTime, LintSeverity::Error, c, p.timestampUs, {p.frameId},
                            tr("%1 CALL (id %2) got no reply within %3 s. OCPP-J expects every CALL to be answered "
                               "with a CALLRESULT or CALLERROR before the sender's timeout.")
                                .arg(p.action, it.key(), seconds(options.replyTimeoutUs)));
                }
            }
        }
    }

    void close(Connection &c, qint64 ts, bool closed)
    {
        sweepTimeouts(c, ts);
        Station &st = stations[c.stationId];
        for (int i = 0; i < 2; ++i) {
            for (auto it = c.senders[i].outstanding.cbegin(); it != c.senders[i].outstanding.cend(); ++it)
                st.unanswered[i].insert(it.key());
        }
        if (closed)
            checkHeartbeat(c, st, ts, 0);
    }

    void checkHeartbeat(const Connection &c, const Station &s, qint64 ts, qint64 id)
    {
        if (s.registration != Registration::Accepted || s.heartbeatIntervalUs <= 0 || c.lastStationCallUs <= 0)
            return;
        const qint64 limit = qint64(double(s.heartbeatIntervalUs) * options.heartbeatFactor) + options.heartbeatSlackUs;
        const qint64 gap = ts - c.lastStationCallUs;
        if (gap <= limit)
            return;
        QList<qint64> ids{c.lastStationCallId};
        if (id)
            ids.append(id);
        finding(LintRule::HeartbeatInterval, LintSeverity::Warning, c, ts, ids,
                tr("The station was silent for %1 s although the heartbeat interval is %2 s. OCPP 1.6 §4.6 and 2.x "
                   "G02 expect a Heartbeat (or another request) at least once per interval set by the "
                   "BootNotification response.")
                    .arg(seconds(gap), seconds(s.heartbeatIntervalUs)));
    }

    void call(Connection &c, Station &s, OcppVersion version, bool fromStation, qint64 id, const CaptureRecord &r)
    {
        Sender &sender = c.senders[r.outgoing ? 1 : 0];
        // OCPP-J (1.6 §4.1.3, 2.x part 4 §4.1.4): a message id must not be reused by the same
        // sender; 2.1 says so across every connection of the station. A retry of a CALL that got no
        // reply may reuse the id (2.1 part 4 §4.1.4), so such a reuse is not reported.
        const int side = r.outgoing ? 1 : 0;
        auto &seen = version == OcppVersion::V21 ? s.seenIds[side] : sender.seenIds;
        const auto previous = sender.outstanding.constFind(r.messageId);
        const bool retry = (previous != sender.outstanding.cend() && previous->timedOut) ||
                           (version == OcppVersion::V21 && s.unanswered[side].remove(r.messageId));
        if (retry) {
            sender.outstanding.remove(r.messageId);
        } else if (const auto it = seen.constFind(r.messageId); it != seen.constEnd()) {
            finding(LintRule::DuplicateMessageId, LintSeverity::Error, c, r.timestampUs, {id, it.value()},
                    tr("%1 reused message id %2 (first used by frame %3). OCPP-J expects every CALL of a sender to "
                       "carry a new unique id%4.")
                        .arg(who(fromStation), r.messageId)
                        .arg(it.value())
                        .arg(version == OcppVersion::V21 ? tr(", across all connections of the station in 2.1")
                                                         : QString()));
        } else {
            seen.insert(r.messageId, id);
        }
        if (r.messageType == 6)
            return; // SEND expects no reply
        // OCPP-J (1.6 §4.1.1 of OCPP-J, 2.x part 4 §4.1.1): one outstanding CALL per direction.
        QList<qint64> busy;
        for (auto it = sender.outstanding.isEmpty() ? sender.outstanding.cend() : sender.outstanding.cbegin();
             it != sender.outstanding.cend(); ++it) {
            if (!it->timedOut)
                busy.append(it->frameId);
        }
        if (!busy.isEmpty()) {
            std::sort(busy.begin(), busy.end());
            finding(LintRule::ConcurrentCall, LintSeverity::Error, c, r.timestampUs, QList<qint64>{id} + busy,
                    tr("%1 sent %2 while its CALL (frame %3) was still unanswered. OCPP-J allows one outstanding "
                       "CALL per direction: the next CALL waits for the reply or the timeout.")
                        .arg(who(fromStation), r.action)
                        .arg(busy.first()));
        }
        checkRegistration(c, s, fromStation, id, r);
        if (fromStation) {
            checkHeartbeat(c, s, r.timestampUs, id);
            c.lastStationCallUs = r.timestampUs;
            c.lastStationCallId = id;
        }
        PendingCall p{id, r.timestampUs, r.action, 0, -1, QString(), false};
        const QString &a = r.action;
        if (fromStation) {
            if (a == QLatin1String("BootNotification")) {
                s.registration = Registration::Booting;
                s.registrationFrameId = id;
            } else if (a == QLatin1String("StartTransaction")) {
                startTransaction16(c, s, id, r, p);
            } else if (a == QLatin1String("StopTransaction")) {
                stopTransaction16(c, s, id, r);
            } else if (a == QLatin1String("TransactionEvent")) {
                transactionEvent(c, s, version, id, r);
            } else if (a == QLatin1String("MeterValues")) {
                meterValues(c, s, version, id, r);
            }
        } else if (a == QLatin1String("TriggerMessage")) {
            s.triggered.insert(payloadOf(r).value(QLatin1String("requestedMessage")).toString());
        } else if (a == QLatin1String("ChangeConfiguration")) {
            const QJsonObject o = payloadOf(r);
            if (o.value(QLatin1String("key")).toString() == QLatin1String("HeartbeatInterval"))
                p.heartbeatValue = o.value(QLatin1String("value")).toString();
        } else if (a == QLatin1String("SetVariables")) {
            // 2.x: the interval lives in OCPPCommCtrlr.HeartbeatInterval.
            for (const QJsonValue &v : payloadOf(r).value(QLatin1String("setVariableData")).toArray()) {
                const QJsonObject d = v.toObject();
                if (isHeartbeatVariable(d))
                    p.heartbeatValue = d.value(QLatin1String("attributeValue")).toString();
            }
        }
        sender.outstanding.insert(r.messageId, p);
    }

    void checkRegistration(const Connection &c, Station &s, bool fromStation, qint64 id, const CaptureRecord &r)
    {
        const QString &a = r.action;
        const bool boot = a == QLatin1String("BootNotification");
        QList<qint64> ids{id};
        if (s.registrationFrameId)
            ids.append(s.registrationFrameId);
        if (fromStation) {
            if (boot)
                return;
            switch (s.registration) {
            case Registration::Unknown:
            case Registration::Accepted:
                return;
            case Registration::Booting:
                // 1.6 §4.2: no other request between boot and a completed BootNotification; 2.x B01.
                finding(LintRule::NotAccepted, LintSeverity::Error, c, r.timestampUs, ids,
                        tr("The station sent %1 before its BootNotification was answered. OCPP (1.6 §4.2, 2.x B01) "
                           "allows no other request until the BootNotification is accepted.")
                            .arg(a));
                return;
            case Registration::Pending:
                // 1.6 §4.2 and 2.x B02: while Pending only requests the CSMS triggered with TriggerMessage.
                if (s.triggered.remove(a))
                    return;
                finding(LintRule::NotAccepted, LintSeverity::Error, c, r.timestampUs, ids,
                        tr("The station sent %1 while its registration was Pending. OCPP (1.6 §4.2, 2.x B02) allows "
                           "only BootNotification and messages the CSMS asked for with TriggerMessage until Accepted.")
                            .arg(a));
                return;
            case Registration::Rejected:
                finding(LintRule::NotAccepted, LintSeverity::Error, c, r.timestampUs, ids,
                        tr("The station sent %1 after its BootNotification was Rejected. OCPP (1.6 §4.2, 2.x B03) "
                           "allows no message but a new BootNotification after the retry interval.")
                            .arg(a));
                return;
            }
            return;
        }
        if (s.registration == Registration::Pending &&
            (a == QLatin1String("RemoteStartTransaction") || a == QLatin1String("RemoteStopTransaction") ||
             a == QLatin1String("RequestStartTransaction") || a == QLatin1String("RequestStopTransaction"))) {
            finding(LintRule::NotAccepted, LintSeverity::Error, c, r.timestampUs, ids,
                    tr("The CSMS sent %1 while the station's registration was Pending. OCPP 1.6 §4.2 and 2.x B02 "
                       "forbid starting or stopping transactions remotely before the station is Accepted.")
                        .arg(a));
        } else if (s.registration == Registration::Rejected) {
            finding(LintRule::NotAccepted, LintSeverity::Warning, c, r.timestampUs, ids,
                    tr("The CSMS sent %1 to a station it had Rejected. OCPP 1.6 §4.2 and 2.x B03: the CSMS should "
                       "not initiate messages while the station is Rejected.")
                        .arg(a));
        }
    }

    void reply(Connection &c, Station &s, OcppVersion version, qint64 id, const CaptureRecord &r)
    {
        // A reply travels the other way from the CALL it answers.
        Sender &callers = c.senders[r.outgoing ? 0 : 1];
        const auto it = callers.outstanding.find(r.messageId);
        if (it == callers.outstanding.end()) {
            finding(LintRule::ReplyWithoutCall, LintSeverity::Error, c, r.timestampUs, {id},
                    tr("%1 with id %2 answers no outstanding CALL. OCPP-J expects a reply only to a CALL received "
                       "on the same connection, carrying that CALL's message id.")
                        .arg(r.messageType == 3 ? QStringLiteral("CALLRESULT") : QStringLiteral("CALLERROR"),
                             r.messageId));
            return;
        }
        const PendingCall p = it.value();
        callers.outstanding.erase(it);
        if (!p.timedOut && r.timestampUs - p.timestampUs > options.replyTimeoutUs) {
            finding(LintRule::NoReplyInTime, LintSeverity::Error, c, p.timestampUs, {p.frameId, id},
                    tr("%1 CALL (id %2) was answered after %3 s, later than the %4 s timeout. OCPP-J expects the "
                       "reply before the sender's timeout; after it the CALL counts as failed.")
                        .arg(p.action, r.messageId, seconds(r.timestampUs - p.timestampUs),
                             seconds(options.replyTimeoutUs)));
        }
        if (r.messageType != 3)
            return;
        if (p.action == QLatin1String("BootNotification")) {
            const QJsonObject o = payloadOf(r);
            const QString status = o.value(QLatin1String("status")).toString();
            s.registrationFrameId = id;
            s.triggered.clear();
            if (status == QLatin1String("Accepted")) {
                s.registration = Registration::Accepted;
                s.heartbeatIntervalUs = qint64(o.value(QLatin1String("interval")).toDouble()) * 1'000'000;
            } else if (status == QLatin1String("Pending")) {
                s.registration = Registration::Pending;
            } else if (status == QLatin1String("Rejected")) {
                s.registration = Registration::Rejected;
            }
        } else if (p.action == QLatin1String("StartTransaction")) {
            const QJsonObject o = payloadOf(r);
            const QString tx = QString::number(o.value(QLatin1String("transactionId")).toInteger());
            s.tx16.insert(tx, Tx16{p.connectorId, p.frameId, 0, false});
            s.active16.insert(p.connectorId, tx);
            if (p.meterStartWh >= 0)
                meter(c, s, QStringLiteral("tx:") + tx, p.meterStartWh, p.frameId, r.timestampUs);
        } else if (p.action == QLatin1String("ChangeConfiguration") && !p.heartbeatValue.isEmpty()) {
            if (payloadOf(r).value(QLatin1String("status")).toString() == QLatin1String("Accepted"))
                s.heartbeatIntervalUs = p.heartbeatValue.toLongLong() * 1'000'000;
        } else if (p.action == QLatin1String("SetVariables") && !p.heartbeatValue.isEmpty()) {
            for (const QJsonValue &v : payloadOf(r).value(QLatin1String("setVariableResult")).toArray()) {
                const QJsonObject d = v.toObject();
                if (isHeartbeatVariable(d) && d.value(QLatin1String("attributeStatus")).toString() == QLatin1String("Accepted"))
                    s.heartbeatIntervalUs = p.heartbeatValue.toLongLong() * 1'000'000;
            }
        }
        Q_UNUSED(version)
    }

    void startTransaction16(const Connection &c, Station &s, qint64 id, const CaptureRecord &r, PendingCall &p)
    {
        const QJsonObject o = payloadOf(r);
        p.connectorId = o.value(QLatin1String("connectorId")).toInt();
        p.meterStartWh = o.contains(QLatin1String("meterStart")) ? o.value(QLatin1String("meterStart")).toDouble() : -1;
        const auto active = s.active16.constFind(p.connectorId);
        if (active != s.active16.constEnd()) {
            const Tx16 &t = s.tx16[active.value()];
            finding(LintRule::TransactionPairing, LintSeverity::Error, c, r.timestampUs, {id, t.startFrameId},
                    tr("StartTransaction on connector %1 while transaction %2 is still active there. OCPP 1.6 §5.18 "
                       "and §6.46 expect a StopTransaction for the running transaction first.")
                        .arg(p.connectorId)
                        .arg(active.value()));
        }
    }

    void stopTransaction16(const Connection &c, Station &s, qint64 id, const CaptureRecord &r)
    {
        const QJsonObject o = payloadOf(r);
        const QString tx = QString::number(o.value(QLatin1String("transactionId")).toInteger());
        auto t = s.tx16.find(tx);
        if (t == s.tx16.end()) {
            finding(LintRule::TransactionPairing, LintSeverity::Warning, c, r.timestampUs, {id},
                    tr("StopTransaction for transaction %1, which no StartTransaction in this capture started. "
                       "OCPP 1.6 §6.45 expects the transactionId the CSMS returned in StartTransaction.conf.")
                        .arg(tx));
        } else if (t->stopped) {
            finding(LintRule::TransactionPairing, LintSeverity::Error, c, r.timestampUs, {id, t->stopFrameId},
                    tr("StopTransaction for transaction %1, which was already stopped (frame %2). OCPP 1.6 §5.18 "
                       "expects one StopTransaction per transaction.")
                        .arg(tx)
                        .arg(t->stopFrameId));
        } else {
            t->stopped = true;
            t->stopFrameId = id;
            if (s.active16.value(t->connectorId) == tx)
                s.active16.remove(t->connectorId);
        }
        const QString meterKey = QStringLiteral("tx:") + tx;
        for (const MeterSample &m : parseMeterValues(OcppVersion::V16, o.value(QLatin1String("transactionData")).toArray(),
                                                     0, 0, tx))
            sample(c, s, meterKey, m, id, r.timestampUs);
        if (o.contains(QLatin1String("meterStop")))
            meter(c, s, meterKey, o.value(QLatin1String("meterStop")).toDouble(), id, r.timestampUs);
    }

    void transactionEvent(const Connection &c, Station &s, OcppVersion version, qint64 id, const CaptureRecord &r)
    {
        const QJsonObject o = payloadOf(r);
        const QString type = o.value(QLatin1String("eventType")).toString();
        const QString tx = o.value(QLatin1String("transactionInfo")).toObject().value(QLatin1String("transactionId")).toString();
        const int seqNo = o.value(QLatin1String("seqNo")).toInt(-1);
        const bool known = s.tx2.contains(tx);
        Tx2 &t = s.tx2[tx];
        if (!known)
            t.firstFrameId = id;
        const QJsonObject evse = o.value(QLatin1String("evse")).toObject();
        if (!evse.isEmpty()) {
            t.evseId = evse.value(QLatin1String("id")).toInt();
            t.connectorId = evse.value(QLatin1String("connectorId")).toInt();
        }
        // Part 6 (general tool rules): the first TransactionEvent of a transaction is Started, and
        // seqNo counts every event of the transaction up by one.
        if (type == QLatin1String("Started")) {
            if (t.started) {
                finding(LintRule::TransactionPairing, LintSeverity::Error, c, r.timestampUs, {id, t.startedFrameId},
                        tr("A second TransactionEvent Started for transaction %1. OCPP 2.x (E01/E02) expects one "
                           "Started per transaction.")
                            .arg(tx));
            } else if (known) {
                finding(LintRule::TransactionPairing, LintSeverity::Error, c, r.timestampUs, {id, t.firstFrameId},
                        tr("TransactionEvent Started for transaction %1 came after its Updated or Ended events. OCPP "
                           "2.x expects the first TransactionEvent of a transaction to be Started.")
                            .arg(tx));
            }
            t.started = true;
            t.startedFrameId = id;
        } else if (type == QLatin1String("Ended")) {
            if (t.ended) {
                finding(LintRule::TransactionPairing, LintSeverity::Error, c, r.timestampUs, {id, t.endedFrameId},
                        tr("A second TransactionEvent Ended for transaction %1 (first: frame %2). OCPP 2.x (E06) "
                           "expects one Ended per transaction.")
                            .arg(tx)
                            .arg(t.endedFrameId));
            }
            t.ended = true;
            t.endedFrameId = id;
        } else if (t.ended) {
            finding(LintRule::TransactionPairing, LintSeverity::Error, c, r.timestampUs, {id, t.endedFrameId},
                    tr("TransactionEvent %1 for transaction %2 after it Ended (frame %3). OCPP 2.x expects no "
                       "events after Ended.")
                        .arg(type, tx)
                        .arg(t.endedFrameId));
        }
        if (seqNo >= 0) {
            if (t.lastSeqNo >= 0 && seqNo <= t.lastSeqNo) {
                finding(LintRule::TransactionSequence, LintSeverity::Warning, c, r.timestampUs, {id},
                        tr("TransactionEvent seqNo %1 for transaction %2 does not follow %3 (backwards or repeated). "
                           "OCPP 2.x expects seqNo to grow by one with every event of the transaction.")
                            .arg(seqNo)
                            .arg(tx)
                            .arg(t.lastSeqNo));
            } else if (t.lastSeqNo >= 0 && seqNo > t.lastSeqNo + 1) {
                finding(LintRule::TransactionSequence, LintSeverity::Warning, c, r.timestampUs, {id},
                        tr("TransactionEvent seqNo for transaction %1 jumps from %2 to %3: %4 event(s) missing. OCPP "
                           "2.x expects seqNo to grow by one with every event, so the CSMS can tell none was lost.")
                            .arg(tx)
                            .arg(t.lastSeqNo)
                            .arg(seqNo)
                            .arg(seqNo - t.lastSeqNo - 1));
            }
            t.lastSeqNo = std::max(t.lastSeqNo, seqNo);
        }
        const QString meterKey = QStringLiteral("tx:") + tx;
        for (const MeterSample &m :
             parseMeterValues(version, o.value(QLatin1String("meterValue")).toArray(), t.evseId, t.connectorId, tx))
            sample(c, s, meterKey, m, id, r.timestampUs);
    }

    void meterValues(const Connection &c, Station &s, OcppVersion version, qint64 id, const CaptureRecord &r)
    {
        const QJsonObject o = payloadOf(r);
        QString meterKey;
        if (o.contains(QLatin1String("evseId"))) {
            version = version == OcppVersion::V16 ? OcppVersion::V201 : version;
            meterKey = QStringLiteral("evse:") + QString::number(o.value(QLatin1String("evseId")).toInt());
        } else if (o.contains(QLatin1String("transactionId"))) {
            meterKey = QStringLiteral("tx:") + QString::number(o.value(QLatin1String("transactionId")).toInteger());
        } else {
            meterKey = QStringLiteral("connector:") + QString::number(o.value(QLatin1String("connectorId")).toInt());
        }
        for (const MeterSample &m : parseMeterValues(version, o.value(QLatin1String("meterValue")).toArray(), 0, 0, {}))
            sample(c, s, meterKey, m, id, r.timestampUs);
    }

    void sample(const Connection &c, Station &s, const QString &meterKey, const MeterSample &m, qint64 id, qint64 ts)
    {
        if (m.measurand != QLatin1String("Energy.Active.Import.Register") || !m.phase.isEmpty())
            return;
        const double scale = m.unit.compare(QLatin1String("kWh"), Qt::CaseInsensitive) == 0 ? 1000.0 : 1.0;
        meter(c, s, meterKey, m.value * scale, id, ts);
    }

    void meter(const Connection &c, Station &s, const QString &meterKey, double wh, qint64 id, qint64 ts)
    {
        auto it = s.meters.find(meterKey);
        if (it != s.meters.end() && wh < it->wh - 1e-6) {
            finding(LintRule::MeterBackwards, LintSeverity::Error, c, ts, {id, it->frameId},
                    tr("Energy.Active.Import.Register went backwards from %1 Wh (frame %2) to %3 Wh (%4). A register "
                       "only grows: OCPP (1.6 §7.31, 2.x Measurand) defines it as the total imported energy.")
                        .arg(it->wh, 0, 'f', 0)
                        .arg(it->frameId)
                        .arg(wh, 0, 'f', 0)
                        .arg(meterKey));
        }
        s.meters.insert(meterKey, MeterReading{wh, id});
    }

    LintReport finish()
    {
        for (Connection &c : connections)
            sweepTimeouts(c, lastUs);
        report.stations = stations.keys();
        report.stations.sort();
        // Capture order, so a finding reported at the end still sits beside its frames.
        std::stable_sort(report.findings.begin(), report.findings.end(), [](const LintFinding &a, const LintFinding &b) {
            return a.frameIds.value(0) < b.frameIds.value(0);
        });
        return std::move(report);
    }
};

ProtocolLinter::ProtocolLinter(const LintOptions &options) : d(std::make_unique<Impl>())
{
    d->options = options;
}

ProtocolLinter::~ProtocolLinter() = default;

void ProtocolLinter::add(const StoredCaptureRecord &record)
{
    d->add(record.id, record.record);
}

void ProtocolLinter::add(qint64 frameId, const CaptureRecord &record)
{
    d->add(frameId, record);
}

LintReport ProtocolLinter::finish()
{
    return d->finish();
}

LintReport ProtocolLinter::lint(const QList<StoredCaptureRecord> &records, const LintOptions &options)
{
    ProtocolLinter linter(options);
    for (const StoredCaptureRecord &r : records)
        linter.add(r);
    return linter.finish();
}

} // namespace cb
