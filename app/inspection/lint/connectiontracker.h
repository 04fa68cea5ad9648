#pragma once

#include "capture/capturerecord.h"
#include "rpc/ocppversion.h"

#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QString>
#include <QStringList>

#include <array>
#include <optional>

namespace cb {

// Registration state of a station as far as the capture shows it. Unknown: no BootNotification
// seen (the capture began later); stations do not boot again on every reconnect, so nothing is
// judged then.
enum class Registration { Unknown, Booting, Accepted, Pending, Rejected };

// A CALL waiting for its reply. The action-specific fields are noted when the CALL passes so that
// the reply, which carries no action, can be judged against it.
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

struct TrackedConnection
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
    int lastSeqNo = -1;
    int evseId = 0;
    int connectorId = 0;
};

struct MeterReading
{
    double wh = 0;
    qint64 frameId = 0;
};

// What outlives a connection: a station reconnects and carries on where it was.
struct TrackedStation
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

// One CALL or reply being judged, with the state the rule families read and update.
struct LintFrame
{
    TrackedConnection &connection;
    TrackedStation &station;
    OcppVersion version;
    bool fromStation = false;
    qint64 id = 0;
    const CaptureRecord &record;

    // Payload of a CALL ([2, id, action, payload]) or CALLRESULT ([3, id, payload]); {} when unreadable.
    QJsonObject payload() const;
    // The sender of a CALL, the receiver of a reply.
    Sender &callSender() { return connection.senders[record.outgoing ? 1 : 0]; }
    Sender &replyCallers() { return connection.senders[record.outgoing ? 0 : 1]; }
};

// The state every rule family shares, fed frame by frame: which connections are open, which OCPP
// version and which side is the station on each, which CALLs are outstanding, and per station its
// registration, transactions and meter registers.
class ConnectionTracker
{
public:
    explicit ConnectionTracker(std::optional<OcppVersion> defaultVersion);

    // The connection of a record, created (with its station) on first sight.
    TrackedConnection &connection(const CaptureRecord &record);
    TrackedConnection *find(const CaptureRecord &record);
    void forget(const CaptureRecord &record);
    // A new connection from its open record: the subprotocol names the version.
    void open(const CaptureRecord &record);
    // The connection ends: CALLs it left unanswered may be retried with the same id (2.1).
    void keepUnanswered(const TrackedConnection &connection);

    // A CALL or reply on an open connection: learns which side is the station from the first
    // CALL whose action only one side may send.
    LintFrame frame(TrackedConnection &connection, qint64 id, const CaptureRecord &record);

    TrackedStation &station(const QString &stationId) { return m_stations[stationId]; }
    QHash<QString, TrackedConnection> &connections() { return m_connections; }
    QStringList stationIds() const { return m_stations.keys(); }

private:
    std::optional<OcppVersion> m_defaultVersion;
    QHash<QString, TrackedConnection> m_connections;
    QHash<QString, TrackedStation> m_stations;
    // Records come in runs on one connection; the last one found saves the hash lookup.
    QString m_lastKey;
    TrackedConnection *m_last = nullptr;
};

} // namespace cb
