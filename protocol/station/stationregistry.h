#pragma once

#include "csmspolicy.h"
#include "stationsession.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace cb {

class CsmsServer;

// Keeps one StationSession per identity for the server's lifetime and attaches each new
// connection to its session before the first frame. Lives on the server thread.
class StationRegistry : public QObject
{
    Q_OBJECT
public:
    explicit StationRegistry(CsmsServer &server, QObject *parent = nullptr);

    CsmsPolicy &policy() { return m_policy; }
    StationSession *session(const QString &identity) const { return m_sessions.value(identity); }
    QList<StationSession *> sessions() const { return m_sessions.values(); }

Q_SIGNALS:
    void sessionAdded(cb::StationSession *session);
    void stationChanged(const cb::StationSnapshot &snapshot);
    void meterSamples(const QString &identity, const QList<cb::MeterSample> &samples);
    void deviceModelReport(const QString &identity, const QJsonObject &notifyReport);

private:
    StationSession *sessionFor(const QString &identity);
    void flushChanges();

    CsmsPolicy m_policy;
    QHash<QString, StationSession *> m_sessions;
    QTimer m_changeTimer; // one for all sessions' coalesced change notifications
    QList<QPointer<StationSession>> m_dirty;
};

} // namespace cb
