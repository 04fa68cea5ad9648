#pragma once

#include "rpc/ocppversion.h"
#include "rpc/rpcendpoint.h"
#include "station/stationstate.h"

#include <QJsonObject>
#include <QObject>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

namespace cb {

class Workspace;

// The device model service's one way to the station: the provisioning block's operations it runs
// (get-report, get-variables, set-variables, reset: the same ones, with the same version mapping,
// as the Actions tab, CLI and API send) and what it hears back (NotifyReport pages, the station's
// snapshots). Keeping the exchange this narrow keeps
// the readers and writers above it free of the station's transport.
//
// Answers come back on this object's thread, queued, and never after the link is gone.
class StationLink : public QObject
{
    Q_OBJECT
public:
    using CallDone = std::function<void(const CallOutcome &)>;
    // accepted: the station took the Reset (Accepted or Scheduled); otherwise `problem` says why.
    using ResetDone = std::function<void(bool accepted, const QString &problem)>;

    StationLink(Workspace &workspace, const QString &identity, QObject *parent = nullptr);
    ~StationLink() override;

    const QString &identity() const { return m_identity; }
    std::optional<StationSnapshot> live() const;
    std::optional<OcppVersion> version() const;
    bool isConnected() const;

    // Runs an operation and answers with the call as the endpoint saw it, which the readers and
    // writers interpret entry by entry. An operation refused before sending (bad arguments, not
    // connected, not in this version) answers InvalidRequest with the refusal in words.
    void run(const QString &operation, const QJsonObject &args, std::chrono::milliseconds timeout, CallDone done);
    // `type` empty: on-idle (2.x OnIdle, 1.6 Soft); also the version-neutral values or wire names.
    void reset(const QString &type, std::chrono::milliseconds timeout, ResetDone done);

    // Runs `f` on this object's thread on a later event-loop turn.
    void later(std::function<void()> f);

Q_SIGNALS:
    // A NotifyReport request payload of this station.
    void reportPage(const QJsonObject &notifyReport);
    // This station's snapshot changed (connection, boot, registration).
    void stationChanged(const cb::StationSnapshot &snapshot);

private:
    Workspace &m_workspace;
    QString m_identity;
    // Lives on this thread; later() posts to it.
    std::shared_ptr<QObject> m_relay;
};

} // namespace cb
