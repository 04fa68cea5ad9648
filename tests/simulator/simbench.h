#pragma once

// The real CSMS (CsmsServer + StationRegistry) on loopback with every frame recorded, for tests
// that run virtual stations against it. Waits are condition-based (QTest::qWaitFor).

#include "simulator/virtualstation.h"
#include "station/stationregistry.h"
#include "transport/csmsserver.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QUrl>

#include <functional>
#include <memory>

namespace cb::test {

struct RecordedFrame
{
    ConnectionInfo connection;
    FrameEvent frame;
    QJsonArray json() const; // the decoded frame ([] when undecodable)
};

class SimBench
{
public:
    SimBench();
    // Starts the server (plain ws unless a config is given); false on failure.
    bool start(std::optional<ServerConfig> config = std::nullopt);
    static ServerConfig plainConfig();

    QUrl url() const; // ws[s]://127.0.0.1:<port>/ocpp
    // Fast clock: one protocol second lasts `secondMs`; short intervals and back-off.
    sim::VirtualStationConfig stationConfig(const QString &id, OcppVersion v, int secondMs = 50) const;
    // Makes a station (owned by the bench) and starts it.
    sim::VirtualStation *startStation(const sim::VirtualStationConfig &c);
    // Waits until the station's BootNotification was accepted and its session is connected.
    bool waitRegistered(sim::VirtualStation *s, int timeoutMs = 15000);

    StationSession *session(const QString &id) const { return registry.session(id); }
    // A CSMS-initiated call, waited for.
    CallOutcome call(const QString &id, const QString &action, const QJsonObject &payload,
                     std::optional<std::chrono::milliseconds> timeout = std::nullopt, int waitMs = 15000);

    // Frames the server exchanged with a station: direction In = sent by the station.
    QList<RecordedFrame> frames(const QString &id, FrameEvent::Direction dir, const QString &action = {},
                                std::optional<MessageType> type = MessageType::Call) const;
    int count(const QString &id, const QString &action, FrameEvent::Direction dir = FrameEvent::Direction::In) const;
    // Waits until at least n CALLs of `action` came from the station.
    bool waitFor(const QString &id, const QString &action, int n, int timeoutMs = 15000) const;
    // Every frame with schema violations or a problem, except those `allowed` accepts.
    QStringList badFrames(std::function<bool(const RecordedFrame &)> allowed = {}) const;
    // Internal errors of all stations started here.
    QStringList stationErrors() const;

    CsmsServer server;
    StationRegistry registry{server};
    QList<RecordedFrame> recorded;
    std::vector<std::unique_ptr<sim::VirtualStation>> stations;
};

} // namespace cb::test
