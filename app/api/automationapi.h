#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QHostAddress>
#include <QString>

#include <memory>
#include <thread>

namespace httplib {
class Server;
struct Request;
struct Response;
} // namespace httplib

namespace cb {

class AdmissionServer;
class Workspace;

// JSON over HTTP for test executives and scripts, a thin layer over the workspace:
//   GET  /api/stations                 live and previously seen stations
//   GET  /api/stations/{id}            one station
//   POST /api/stations/{id}/calls      {"action","payload","timeoutMs"} -> the station's answer
//   POST /api/stations/{id}/operations/{name}   version-neutral parameters -> the typed result
//   GET  /api/operations               every operation, its parameters and versions
//   GET  /api/frames?station=&after=&limit=   captured frames, paged by id
//   GET  /api/openapi.json             this description, as OpenAPI 3.0
//   GET|POST|DELETE /api/stations/{id}/...  other station endpoints (device model, snapshots,
//                                      profile) served by the workspace's StationApiExtension
// Every request but the OpenAPI description needs "Authorization: Bearer <token>"; it is checked
// before any body is read. Bodies must have a Content-Length of at most 1 MiB (411, 413), heads
// at most 64 KiB (AdmissionServer). Served by cpp-httplib on its own threads; requests wait for
// the station there, never on the GUI or server thread, and give up within a fraction of a second
// when the API stops.
class AutomationApi
{
public:
    explicit AutomationApi(Workspace &workspace);
    ~AutomationApi();

    Status<> start(const QHostAddress &address, quint16 port, const QByteArray &token);
    void stop();
    quint16 port() const { return m_port; }
    QString url() const;

private:
    bool admit(const httplib::Request &req, httplib::Response &res) const;
    bool authorized(const httplib::Request &req, httplib::Response &res) const;
    void getStations(const httplib::Request &req, httplib::Response &res);
    void getStation(const httplib::Request &req, httplib::Response &res);
    void postCall(const httplib::Request &req, httplib::Response &res);
    void postOperation(const httplib::Request &req, httplib::Response &res);
    void getOperations(const httplib::Request &req, httplib::Response &res);
    bool stationKnown(const QString &identity) const;
    void getFrames(const httplib::Request &req, httplib::Response &res);
    void getOpenApi(const httplib::Request &req, httplib::Response &res);
    void stationExtension(const httplib::Request &req, httplib::Response &res);

    Workspace &m_workspace;
    std::unique_ptr<AdmissionServer> m_server;
    std::thread m_thread;
    QByteArray m_token;
    QHostAddress m_address;
    quint16 m_port = 0;
};

} // namespace cb
