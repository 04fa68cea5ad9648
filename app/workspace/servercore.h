#pragma once

#include "station/stationstate.h"
#include "storage/capturewriter.h"
#include "storage/database.h"
#include "workspaceconfig.h"

#include <QHash>
#include <QObject>

#include <functional>
#include <memory>

namespace cb {

class CsmsServer;
class SecretStore;
class StationRegistry;

// The part of the workspace that lives on the server thread: the WebSocket server, the station
// sessions, the keychain lookups for Basic auth, and the stations table. Frames go to the capture
// writer, whose append() never blocks.
class ServerCore : public QObject
{
    Q_OBJECT
public:
    explicit ServerCore(CaptureWriter &capture, QObject *parent = nullptr);
    ~ServerCore() override;

    // Both run on the server thread (the workspace invokes them there).
    Status<> start(const WorkspaceConfig &config);
    void stop();

    // Also receives every capture record (for live views); called on the server thread.
    void setLiveSink(std::function<void(const CaptureRecord &)> sink) { m_liveSink = std::move(sink); }

    CsmsServer &server() { return *m_server; }
    StationRegistry &registry() { return *m_registry; }

Q_SIGNALS:
    void stationChanged(const cb::StationSnapshot &snapshot);
    void meterSamples(const QString &identity, const QList<cb::MeterSample> &samples);
    void deviceModelReport(const QString &identity, const QJsonObject &notifyReport);
    void connectionRefused(const QString &remote, const QString &identity, int httpStatus, const QString &reason);
    void storageProblem(const QString &message);

private:
    void onOpened(const ConnectionInfo &info);
    void onClosed(const ConnectionInfo &info, int code, const QString &reason);
    void saveStation(const StationSnapshot &s);
    void record(CaptureRecord &&r);

    CaptureWriter &m_capture;
    std::function<void(const CaptureRecord &)> m_liveSink;
    bool m_keepSecrets = false; // WorkspaceConfig::keepSecretsInCapture
    std::unique_ptr<CsmsServer> m_server;
    std::unique_ptr<StationRegistry> m_registry;
    // Lives on the main thread (see start()); deleted there.
    std::unique_ptr<SecretStore, void (*)(SecretStore *)> m_secrets;
    Database m_db; // stations table; opened on the server thread
    // What was last written for each identity: the fields the stations table holds.
    struct SavedStation
    {
        QString vendor, model, serialNumber, firmwareVersion, iccid, imsi;
        int version = -2;
        int profile = -1;
        qint64 connectionId = -1;
        bool connected = false;
        bool operator==(const SavedStation &) const = default;
    };
    QHash<QString, SavedStation> m_savedStations;
};

} // namespace cb
