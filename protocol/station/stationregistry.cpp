#include "stationregistry.h"

#include "transport/csmsserver.h"

namespace cb {

StationRegistry::StationRegistry(CsmsServer &server, QObject *parent) : QObject(parent)
{
    m_changeTimer.setSingleShot(true);
    m_changeTimer.setInterval(StationSession::kChangeCoalescingMs);
    connect(&m_changeTimer, &QTimer::timeout, this, &StationRegistry::flushChanges);
    connect(&server, &CsmsServer::connectionOpened, this,
            [this](StationConnection *c) { sessionFor(c->info().identity)->attach(c); });
    connect(&server, &CsmsServer::connectionClosed, this, [this](const ConnectionInfo &info, int, const QString &) {
        if (StationSession *s = m_sessions.value(info.identity))
            s->detach(info.connectionId);
    });
}

StationSession *StationRegistry::sessionFor(const QString &identity)
{
    if (StationSession *s = m_sessions.value(identity))
        return s;
    auto *s = new StationSession(identity, m_policy, this);
    s->setChangeScheduler([this](StationSession *dirty) {
        m_dirty.append(dirty);
        if (!m_changeTimer.isActive())
            m_changeTimer.start();
    });
    connect(s, &StationSession::changed, this, &StationRegistry::stationChanged);
    connect(s, &StationSession::meterSamples, this, &StationRegistry::meterSamples);
    connect(s, &StationSession::deviceModelReport, this, &StationRegistry::deviceModelReport);
    m_sessions.insert(identity, s);
    Q_EMIT sessionAdded(s);
    return s;
}

void StationRegistry::flushChanges()
{
    const QList<QPointer<StationSession>> dirty = std::exchange(m_dirty, {});
    for (const QPointer<StationSession> &s : dirty)
        if (s)
            s->flushChange();
}

} // namespace cb
