#include "connectiontracker.h"

#include "schema/actiondirection.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace cb {

namespace {

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

QJsonObject LintFrame::payload() const
{
    const QJsonArray a = QJsonDocument::fromJson(record.data).array();
    const int at = record.messageType == 3 ? 2 : 3;
    return a.size() > at ? a.at(at).toObject() : QJsonObject();
}

ConnectionTracker::ConnectionTracker(std::optional<OcppVersion> defaultVersion) : m_defaultVersion(defaultVersion) {}

TrackedConnection &ConnectionTracker::connection(const CaptureRecord &r)
{
    const QString k = key(r.stationId, r.connectionId);
    if (m_last && k == m_lastKey)
        return *m_last;
    auto it = m_connections.find(k);
    if (it == m_connections.end()) {
        it = m_connections.insert(k, TrackedConnection{});
        it->stationId = r.stationId;
        it->id = r.connectionId;
        it->version = m_defaultVersion;
        if (!m_stations.contains(r.stationId))
            m_stations.insert(r.stationId, TrackedStation{});
    }
    m_lastKey = k;
    m_last = &*it;
    return *it;
}

TrackedConnection *ConnectionTracker::find(const CaptureRecord &r)
{
    const auto it = m_connections.find(key(r.stationId, r.connectionId));
    return it == m_connections.end() ? nullptr : &*it;
}

void ConnectionTracker::forget(const CaptureRecord &r)
{
    m_connections.remove(key(r.stationId, r.connectionId));
    m_last = nullptr;
    m_lastKey.clear();
}

void ConnectionTracker::open(const CaptureRecord &r)
{
    TrackedConnection &c = connection(r);
    const QString sub = QJsonDocument::fromJson(r.data).object().value(QLatin1String("subprotocol")).toString();
    if (const auto v = versionFromSubprotocol(sub))
        c.version = v;
    c.lastUs = r.timestampUs;
}

void ConnectionTracker::keepUnanswered(const TrackedConnection &c)
{
    TrackedStation &st = m_stations[c.stationId];
    for (int i = 0; i < 2; ++i) {
        for (auto it = c.senders[i].outstanding.cbegin(); it != c.senders[i].outstanding.cend(); ++it)
            st.unanswered[i].insert(it.key());
    }
}

LintFrame ConnectionTracker::frame(TrackedConnection &c, qint64 id, const CaptureRecord &r)
{
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
    return LintFrame{c, m_stations[c.stationId], version, fromStation, id, r};
}

} // namespace cb
