#include "stationregistry.h"

#include "transport/csmsserver.h"

namespace cb {

StationRegistry::StationRegistry(CsmsServer &server, QObject *parent) : QObject(parent)
{
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
    connect(s, &StationSession::changed, this, &StationRegistry::stationChanged);
    connect(s, &StationSession::meterSamples, this, &StationRegistry::meterSamples);
    connect(s, &StationSession::deviceModelReport, this, &StationRegistry::deviceModelReport);
    m_sessions.insert(identity, s);
    Q_EMIT sessionAdded(s);
    return s;
}

} // namespace cb
