#pragma once

#include "api/stationapiextension.h"
#include "station/operations/operationresult.h"
#include "station/stationstate.h"
#include "storage/capturewriter.h"
#include "storage/stationrecord.h"
#include "workspaceconfig.h"

#include <QHash>
#include <QMutex>
#include <QSet>
#include <QObject>
#include <QThread>
#include <QTimer>

#include <chrono>
#include <functional>
#include <memory>

namespace cb {

class AutomationApi;
class DeviceModelManager;
class HardwarePoller;
class SerialSession;
class ServerCore;

// The one object the GUI, the CLI and the automation API work through: it owns the server
// thread (WebSocket server and station sessions), the capture writer and the API. Lives on the
// thread that made it; the methods marked thread-safe may be called from any thread.
class Workspace : public QObject
{
    Q_OBJECT
public:
    explicit Workspace(QObject *parent = nullptr);
    ~Workspace() override;

    Status<> start(const WorkspaceConfig &config);
    // Closes every connection with 1001, stops the server and the API, writes the capture out.
    void stop();
    bool isRunning() const { return m_running; }
    const WorkspaceConfig &config() const { return m_config; }

    QStringList urls() const;       // where chargers can reach this machine
    QString apiUrl() const;         // empty when the API is off
    QByteArray apiToken() const { return m_config.apiToken; }
    QString databasePath() const { return m_config.databasePath; }

    // Thread-safe.
    QList<StationSnapshot> liveStations() const;
    std::optional<StationSnapshot> liveStation(const QString &identity) const;
    // Thread-safe; reads the stations table with a connection of the calling thread.
    Result<QList<StationRecord>> knownStations() const;
    // Thread-safe: sends a CSMS-initiated CALL on the server thread; `done` runs there too.
    void callStation(const QString &identity, const QString &action, const QJsonObject &payload,
                     std::chrono::milliseconds timeout, std::function<void(const CallOutcome &)> done);
    // Thread-safe: the same, with `done` run on `context`'s thread (dropped once it is gone).
    void callStation(const QString &identity, const QString &action, const QJsonObject &payload,
                     std::chrono::milliseconds timeout, QObject *context, std::function<void(const CallOutcome &)> done);

    // Thread-safe: runs an operation of the OperationTable on the station (server thread) and
    // hands the result to `done` on `context`'s thread; nothing is delivered once `context` is
    // gone. Without a context, `done` runs on the server thread (it must not block there).
    // timeout: 0 = the server's response timeout.
    void runOperation(const QString &identity, const QString &name, const QJsonObject &args, QObject *context,
                      OperationCallback done, std::chrono::milliseconds timeout = std::chrono::milliseconds(0));
    // Thread-safe, blocking: for threads that may wait (API workers, the CLI), never the GUI or
    // server thread. `abandoned` is asked a few times a second; when it says true the wait ends
    // with a Timeout result (the operation itself still finishes on the server thread).
    OperationResult runOperationAndWait(const QString &identity, const QString &name, const QJsonObject &args,
                                        std::chrono::milliseconds timeout = std::chrono::milliseconds(0),
                                        const std::function<bool()> &abandoned = {});

    CaptureWriter &capture() { return m_capture; }

    // Thread-safe. Serves the automation API's /api/stations/{id}/<more> requests its own routes
    // do not (the device model's endpoints); may be set before or after start().
    void setStationApiExtension(StationApiExtension extension);
    StationApiExtension stationApiExtension() const;

    // Records not yet delivered to framesArrived() are capped; older ones are dropped from the
    // live feed (never from the capture database) and counted here.
    qint64 liveFramesDropped() const;

    // --- Services the workspace owns, made with it and kept across start()/stop() -------------
    // Front ends use these and make none of their own; settings that apply without a restart
    // (fetch after boot, poll interval) are handed to them by the front end.
    DeviceModelManager &deviceModels() { return *m_deviceModels; }
    // Hardware state of the station the GUI shows (the GUI points it at that station).
    HardwarePoller &hardwarePoller() { return *m_hardwarePoller; }
    // The serial hardware link of the serial panel, recorded into capture().
    SerialSession &serialSession() { return *m_serialSession; }

Q_SIGNALS:
    // The latest snapshot of each station that changed, delivered with the feed tick (at most
    // every 100 ms) on the workspace's thread.
    void stationChanged(const cb::StationSnapshot &snapshot);
    void meterSamples(const QString &identity, const QList<cb::MeterSample> &samples);
    // Every 2.x NotifyReport page, queued to the workspace's thread and never dropped (the live
    // frame feed below is capped): the device model assembles reports from these.
    void deviceModelReport(const QString &identity, const QJsonObject &notifyReport);
    // Live traffic for views: every captured record, delivered in batches at most every 100 ms on
    // the workspace's thread, so a station flooding frames cannot flood the GUI.
    void framesArrived(const QList<cb::CaptureRecord> &records);
    void connectionRefused(const QString &remote, const QString &identity, int httpStatus, const QString &reason);
    void problem(const QString &message);

private:
    WorkspaceConfig m_config;
    CaptureWriter m_capture;
    QThread m_serverThread;
    ServerCore *m_core = nullptr; // lives on m_serverThread
    std::unique_ptr<AutomationApi> m_api;
    QStringList m_urls;
    mutable QMutex m_mutex;
    QHash<QString, StationSnapshot> m_live;
    QSet<QString> m_changedStations; // changed since the last feed tick; guarded by m_mutex
    QList<CaptureRecord> m_feed; // guarded by m_mutex
    StationApiExtension m_apiExtension; // guarded by m_mutex
    qint64 m_feedDropped = 0;
    QTimer m_feedTimer;
    bool m_running = false;

    // Owned services (see deviceModels()); made last, gone first.
    std::unique_ptr<DeviceModelManager> m_deviceModels;
    std::unique_ptr<HardwarePoller> m_hardwarePoller;
    std::unique_ptr<SerialSession> m_serialSession;
};

} // namespace cb
