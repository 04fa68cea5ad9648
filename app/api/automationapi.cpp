#include "automationapi.h"

#include "apiadmission.h"
#include "operationsopenapi.h"
#include "station/operations/operationtable.h"
#include "storage/database.h"
#include "storage/framerepository.h"
#include "workspace/workspace.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <httplib.h>
#include <openssl/crypto.h>

#include <QTimeZone>

#include <cerrno>
#include <cstdlib>
#include <future>

namespace cb {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::AutomationApi)
};

void sendJson(httplib::Response &res, int status, const QJsonValue &body)
{
    res.status = status;
    const QByteArray text = body.isArray() ? QJsonDocument(body.toArray()).toJson(QJsonDocument::Compact)
                                           : QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact);
    res.set_content(text.toStdString(), "application/json");
}

void sendError(httplib::Response &res, int status, const QString &error, const QString &hint = {})
{
    QJsonObject o{{QStringLiteral("error"), error}};
    if (!hint.isEmpty())
        o.insert(QStringLiteral("hint"), hint);
    sendJson(res, status, o);
}

QJsonArray violationsJson(const Violations &v)
{
    QJsonArray a;
    for (const Violation &x : v)
        a.append(x.toJson());
    return a;
}

QString isoTime(qint64 us)
{
    return QDateTime::fromMSecsSinceEpoch(us / 1000, Qt::UTC).toString(Qt::ISODateWithMs);
}

QJsonObject recordJson(const StationRecord &r)
{
    return QJsonObject{{QStringLiteral("identity"), r.id},
                       {QStringLiteral("ocppVersion"), r.ocppVersion},
                       {QStringLiteral("connected"), false},
                       {QStringLiteral("boot"), QJsonObject{{QStringLiteral("vendor"), r.vendor},
                                                            {QStringLiteral("model"), r.model},
                                                            {QStringLiteral("serialNumber"), r.serialNumber},
                                                            {QStringLiteral("firmwareVersion"), r.firmwareVersion},
                                                            {QStringLiteral("iccid"), r.iccid},
                                                            {QStringLiteral("imsi"), r.imsi}}},
                       {QStringLiteral("securityProfile"), r.securityProfile},
                       {QStringLiteral("remoteAddress"), r.remoteAddress},
                       {QStringLiteral("firstSeen"), isoTime(r.firstSeenUs)},
                       {QStringLiteral("lastSeen"), isoTime(r.lastSeenUs)}};
}

QString identityParam(const httplib::Request &req)
{
    return QString::fromStdString(req.matches[1]);
}

} // namespace

AutomationApi::AutomationApi(Workspace &workspace) : m_workspace(workspace) {}

AutomationApi::~AutomationApi() { stop(); }

QString AutomationApi::url() const
{
    const QString host = m_address.protocol() == QAbstractSocket::IPv6Protocol ? QLatin1Char('[') + m_address.toString() + QLatin1Char(']')
                                                                                 : m_address.toString();
    return QStringLiteral("http://%1:%2/api/").arg(host).arg(m_port);
}

Status<> AutomationApi::start(const QHostAddress &address, quint16 port, const QByteArray &token)
{
    stop();
    m_token = token;
    m_address = address;
    m_server = std::make_unique<AdmissionServer>();
    // Who is calling and how much they send is settled from the head alone, before httplib
    // reads a body; a client that sends "Expect: 100-continue" hears the refusal before sending.
    m_server->set_pre_routing_handler([this](const auto &req, auto &res) {
        return admit(req, res) ? httplib::Server::HandlerResponse::Unhandled : httplib::Server::HandlerResponse::Handled;
    });
    m_server->set_expect_100_continue_handler([this](const auto &req, auto &res) { return admit(req, res) ? 100 : res.status; });
    m_server->Get("/api/stations", [this](const auto &req, auto &res) { getStations(req, res); });
    m_server->Get(R"(/api/stations/([^/]+))", [this](const auto &req, auto &res) { getStation(req, res); });
    m_server->Post(R"(/api/stations/([^/]+)/calls)", [this](const auto &req, auto &res) { postCall(req, res); });
    m_server->Post(R"(/api/stations/([^/]+)/operations/([^/]+))", [this](const auto &req, auto &res) { postOperation(req, res); });
    m_server->Get("/api/operations", [this](const auto &req, auto &res) { getOperations(req, res); });
    m_server->Get("/api/frames", [this](const auto &req, auto &res) { getFrames(req, res); });
    m_server->Get("/api/openapi.json", [this](const auto &req, auto &res) { getOpenApi(req, res); });
    // Anything else under a station goes to the workspace's extension (device model endpoints).
    const char *extensionPattern = R"(/api/stations/([^/]+)/(.+))";
    m_server->Get(extensionPattern, [this](const auto &req, auto &res) { stationExtension(req, res); });
    m_server->Post(extensionPattern, [this](const auto &req, auto &res) { stationExtension(req, res); });
    m_server->Delete(extensionPattern, [this](const auto &req, auto &res) { stationExtension(req, res); });
    // httplib answers some malformed requests itself, with an empty body.
    m_server->set_error_handler([](const auto &, auto &res) {
        if (!res.body.empty())
            return;
        switch (res.status) {
        case 404: sendError(res, res.status, Text::tr("No such API endpoint."), Text::tr("See GET /api/openapi.json.")); break;
        case 413: sendError(res, res.status, Text::tr("The request body is larger than 1 MiB.")); break;
        case 414: sendError(res, res.status, Text::tr("The request line is too long.")); break;
        default:
            sendError(res, res.status, Text::tr("The request is malformed or its head is larger than 64 KiB."),
                      Text::tr("Send one HTTP/1.1 request with short headers and a JSON body with a Content-Length."));
        }
    });
    const int bound = port == 0 ? m_server->bind_to_any_port(address.toString().toStdString())
                                : (m_server->bind_to_port(address.toString().toStdString(), port) ? port : -1);
    if (bound <= 0) {
        m_server.reset();
        return Error{Text::tr("Cannot start the automation API on %1 port %2.").arg(address.toString()).arg(port),
                     Text::tr("Another program may use the port; choose another with --api HOST:PORT.")};
    }
    m_port = quint16(bound);
    m_thread = std::thread([server = m_server.get()] { server->listen_after_bind(); });
    // httplib's stop() does nothing until the listening loop runs, and the join in stop() would
    // then wait forever.
    for (int i = 0; i < 1000 && !m_server->is_running(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return success();
}

void AutomationApi::stop()
{
    if (!m_server)
        return;
    // Pending requests see this and answer 503 instead of waiting for stations.
    m_server->beginStop();
    m_server->stop();
    if (m_thread.joinable())
        m_thread.join();
    m_server.reset();
}

bool AutomationApi::admit(const httplib::Request &req, httplib::Response &res) const
{
    // The body, if any, stays unread after a refusal, so the connection cannot be reused.
    const auto refuse = [] {
        AdmissionServer::closeAfterResponse();
        return false;
    };
    if (req.path != "/api/openapi.json" && !authorized(req, res))
        return refuse();
    if (req.has_header("Transfer-Encoding")) {
        sendError(res, 411, Text::tr("Chunked request bodies are not accepted."), Text::tr("Send the body with a Content-Length header."));
        return refuse();
    }
    const bool sendsBody = req.method == "POST" || req.method == "PUT" || req.method == "PATCH";
    if (!req.has_header("Content-Length")) {
        if (!sendsBody)
            return true;
        sendError(res, 411, Text::tr("The request has no Content-Length."), Text::tr("Send the body with a Content-Length header."));
        return refuse();
    }
    const std::string text = req.get_header_value("Content-Length");
    char *end = nullptr;
    errno = 0;
    const unsigned long long length = std::strtoull(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || errno == ERANGE || text.front() == '-') {
        sendError(res, 400, Text::tr("The Content-Length is not a number."));
        return refuse();
    }
    if (length > m_server->limits().maxBodyBytes) {
        sendError(res, 413, Text::tr("The request body is larger than 1 MiB."),
                  Text::tr("Send smaller requests; page through large data with the query parameters."));
        return refuse();
    }
    return true;
}

bool AutomationApi::authorized(const httplib::Request &req, httplib::Response &res) const
{
    const std::string expected = "Bearer " + m_token.toStdString();
    const std::string given = req.get_header_value("Authorization");
    if (given.size() == expected.size() && CRYPTO_memcmp(given.data(), expected.data(), given.size()) == 0)
        return true;
    res.set_header("WWW-Authenticate", "Bearer");
    sendError(res, 401, Text::tr("Missing or wrong bearer token."),
              Text::tr("Send \"Authorization: Bearer <token>\" with the token printed when the server started."));
    return false;
}

void AutomationApi::getStations(const httplib::Request &, httplib::Response &res)
{
    QJsonArray out;
    QSet<QString> live;
    for (const StationSnapshot &s : m_workspace.liveStations()) {
        out.append(s.toJson());
        live.insert(s.identity);
    }
    const auto known = m_workspace.knownStations();
    if (known) {
        for (const StationRecord &r : known.value())
            if (!live.contains(r.id))
                out.append(recordJson(r));
    }
    sendJson(res, 200, QJsonObject{{QStringLiteral("stations"), out}});
}

void AutomationApi::getStation(const httplib::Request &req, httplib::Response &res)
{
    const QString id = identityParam(req);
    if (const auto s = m_workspace.liveStation(id)) {
        sendJson(res, 200, s->toJson());
        return;
    }
    const auto known = m_workspace.knownStations();
    if (known) {
        for (const StationRecord &r : known.value())
            if (r.id == id) {
                sendJson(res, 200, recordJson(r));
                return;
            }
    }
    sendError(res, 404, Text::tr("No station \"%1\" has ever connected.").arg(id));
}

void AutomationApi::postCall(const httplib::Request &req, httplib::Response &res)
{
    const QString id = identityParam(req);
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(req.body), &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        sendError(res, 400, Text::tr("The body is not a JSON object (%1).").arg(pe.errorString()),
                  Text::tr("Send {\"action\": \"Reset\", \"payload\": {...}, \"timeoutMs\": 30000}."));
        return;
    }
    const QJsonObject body = doc.object();
    const QString action = body.value(QLatin1String("action")).toString();
    if (action.isEmpty() || (body.contains(QLatin1String("payload")) && !body.value(QLatin1String("payload")).isObject())) {
        sendError(res, 400, Text::tr("\"action\" must be a non-empty string and \"payload\" an object."));
        return;
    }
    if (!m_workspace.liveStation(id)) {
        sendError(res, 404, Text::tr("Station \"%1\" has not connected since the server started.").arg(id));
        return;
    }
    const auto timeout = std::chrono::milliseconds(std::clamp<qint64>(body.value(QLatin1String("timeoutMs")).toInteger(30000), 100, 600000));
    auto promise = std::make_shared<std::promise<CallOutcome>>();
    auto future = promise->get_future();
    m_workspace.callStation(id, action, body.value(QLatin1String("payload")).toObject(), timeout,
                            [promise](const CallOutcome &o) { promise->set_value(o); });
    // Waited in slices so that stopping the API does not wait for the station.
    const auto until = std::chrono::steady_clock::now() + timeout + std::chrono::seconds(5);
    bool ready = false;
    while (!ready && !m_server->stopping() && std::chrono::steady_clock::now() < until)
        ready = future.wait_for(std::chrono::milliseconds(100)) == std::future_status::ready;
    if (!ready) {
        if (m_server->stopping())
            sendError(res, 503, Text::tr("The automation API is stopping."), Text::tr("Start the server again and repeat the call."));
        else
            sendError(res, 504, Text::tr("The server did not finish the call in time."));
        return;
    }
    const CallOutcome o = future.get();
    QJsonObject out{{QStringLiteral("action"), o.action},
                    {QStringLiteral("messageId"), o.messageId},
                    {QStringLiteral("latencyMs"), o.latencyMs},
                    {QStringLiteral("description"), o.describe()}};
    int status = 200;
    switch (o.status) {
    case CallOutcome::Status::Result:
        out.insert(QStringLiteral("status"), QStringLiteral("Result"));
        out.insert(QStringLiteral("payload"), o.payload);
        break;
    case CallOutcome::Status::CallError:
        status = 502;
        out.insert(QStringLiteral("status"), QStringLiteral("CallError"));
        out.insert(QStringLiteral("errorCode"), o.errorCode);
        out.insert(QStringLiteral("errorDescription"), o.errorDescription);
        out.insert(QStringLiteral("errorDetails"), o.errorDetails);
        break;
    case CallOutcome::Status::InvalidResponse:
        status = 502;
        out.insert(QStringLiteral("status"), QStringLiteral("InvalidResponse"));
        out.insert(QStringLiteral("payload"), o.payload);
        out.insert(QStringLiteral("violations"), violationsJson(o.violations));
        break;
    case CallOutcome::Status::MalformedReply:
        status = 502;
        out.insert(QStringLiteral("status"), QStringLiteral("MalformedReply"));
        break;
    case CallOutcome::Status::InvalidRequest:
        status = 422;
        out.insert(QStringLiteral("status"), QStringLiteral("InvalidRequest"));
        out.insert(QStringLiteral("violations"), violationsJson(o.violations));
        break;
    case CallOutcome::Status::Timeout:
        status = 504;
        out.insert(QStringLiteral("status"), QStringLiteral("Timeout"));
        break;
    case CallOutcome::Status::Closed:
        status = 409;
        out.insert(QStringLiteral("status"), QStringLiteral("NotConnected"));
        break;
    }
    sendJson(res, status, out);
}

bool AutomationApi::stationKnown(const QString &identity) const
{
    if (m_workspace.liveStation(identity))
        return true;
    const auto known = m_workspace.knownStations();
    if (known)
        for (const StationRecord &r : known.value())
            if (r.id == identity)
                return true;
    return false;
}

void AutomationApi::postOperation(const httplib::Request &req, httplib::Response &res)
{
    const QString id = identityParam(req);
    const QString name = QString::fromStdString(req.matches[2]);
    QJsonObject args;
    if (!req.body.empty()) {
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(req.body), &pe);
        if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
            sendError(res, 400, Text::tr("The body is not a JSON object (%1).").arg(pe.errorString()),
                      Text::tr("Send the operation's parameters as an object, e.g. {\"type\": \"on-idle\"}; see GET /api/operations."));
            return;
        }
        args = doc.object();
    }
    // timeoutMs belongs to the request, not to the operation.
    std::chrono::milliseconds timeout(0);
    if (args.contains(QLatin1String("timeoutMs"))) {
        timeout = std::chrono::milliseconds(std::clamp<qint64>(args.value(QLatin1String("timeoutMs")).toInteger(30000), 100, 600000));
        args.remove(QStringLiteral("timeoutMs"));
    }
    if (!OperationTable::instance().find(name)) {
        sendError(res, 400, Text::tr("There is no operation \"%1\".").arg(name),
                  Text::tr("Operations: %1. GET /api/operations describes them.").arg(OperationTable::instance().names().join(QStringLiteral(", "))));
        return;
    }
    if (!stationKnown(id)) {
        sendError(res, 404, Text::tr("No station \"%1\" has ever connected.").arg(id), Text::tr("GET /api/stations lists the stations."));
        return;
    }
    const AdmissionServer *server = m_server.get();
    const OperationResult r = m_workspace.runOperationAndWait(id, name, args, timeout, [server] { return server->stopping(); });
    if (r.kind == OperationResult::Kind::Timeout && server->stopping()) {
        sendError(res, 503, Text::tr("The automation API is stopping."), Text::tr("Start the server again and repeat the call."));
        return;
    }
    int status = 200;
    switch (r.kind) {
    case OperationResult::Kind::Accepted:
    case OperationResult::Kind::Rejected: status = 200; break;
    case OperationResult::Kind::InvalidParameters:
    case OperationResult::Kind::NotSupported: status = 400; break;
    case OperationResult::Kind::NotConnected: status = 409; break;
    case OperationResult::Kind::Timeout: status = 504; break;
    case OperationResult::Kind::CallError:
    case OperationResult::Kind::Failed: status = 502; break;
    }
    QJsonObject body = r.toJson();
    if (status >= 400) {
        body.insert(QStringLiteral("error"), r.text);
        if (r.kind == OperationResult::Kind::InvalidParameters || r.kind == OperationResult::Kind::NotSupported)
            body.insert(QStringLiteral("hint"), Text::tr("GET /api/operations lists the parameters and versions of %1.").arg(name));
    }
    sendJson(res, status, body);
}

void AutomationApi::getOperations(const httplib::Request &, httplib::Response &res)
{
    sendJson(res, 200, QJsonObject{{QStringLiteral("operations"), OperationTable::instance().toJson()}});
}

void AutomationApi::getFrames(const httplib::Request &req, httplib::Response &res)
{
    constexpr int kFramesFlushTimeoutMs = 5000;
    FrameFilter filter;
    filter.stationId = QString::fromStdString(req.get_param_value("station"));
    bool ok = true;
    if (req.has_param("after"))
        filter.afterId = QString::fromStdString(req.get_param_value("after")).toLongLong(&ok);
    if (ok && req.has_param("limit"))
        filter.limit = QString::fromStdString(req.get_param_value("limit")).toInt(&ok);
    if (!ok) {
        sendError(res, 400, Text::tr("\"after\" and \"limit\" must be whole numbers."));
        return;
    }
    // The writer commits in batches: wait (bounded) for the frames captured before this request,
    // so a client never misses frames it has just exchanged. If the database stays busy, the
    // committed frames are still served; "next" lets the client fetch the rest later.
    if (auto flushed = m_workspace.capture().flush(QDeadlineTimer(kFramesFlushTimeoutMs)); !flushed)
        qWarning("GET /api/frames: %s", qUtf8Printable(flushed.error().text()));
    Database db;
    if (auto opened = db.open(m_workspace.databasePath()); !opened) {
        sendError(res, 500, opened.error().message, opened.error().hint);
        return;
    }
    const auto frames = FrameRepository(db).frames(filter);
    if (!frames) {
        sendError(res, 500, frames.error().message, frames.error().hint);
        return;
    }
    QJsonArray out;
    qint64 last = filter.afterId;
    for (const StoredCaptureRecord &s : frames.value()) {
        const CaptureRecord &r = s.record;
        static const char *kinds[] = {"frame", "open", "close", "note"};
        const QJsonDocument parsed = QJsonDocument::fromJson(r.data);
        out.append(QJsonObject{{QStringLiteral("id"), s.id},
                               {QStringLiteral("time"), isoTime(r.timestampUs)},
                               {QStringLiteral("timestampUs"), r.timestampUs},
                               {QStringLiteral("kind"), QLatin1String(kinds[int(r.kind)])},
                               {QStringLiteral("station"), r.stationId},
                               {QStringLiteral("connection"), r.connectionId},
                               {QStringLiteral("direction"), r.outgoing ? QStringLiteral("out") : QStringLiteral("in")},
                               {QStringLiteral("messageType"), r.messageType},
                               {QStringLiteral("messageId"), r.messageId},
                               {QStringLiteral("action"), r.action},
                               {QStringLiteral("data"), parsed.isNull() ? QJsonValue(QString::fromUtf8(r.data))
                                                                        : (parsed.isArray() ? QJsonValue(parsed.array())
                                                                                            : QJsonValue(parsed.object()))},
                               {QStringLiteral("problem"), r.problem}});
        last = s.id;
    }
    sendJson(res, 200, QJsonObject{{QStringLiteral("frames"), out}, {QStringLiteral("next"), last}});
}

void AutomationApi::getOpenApi(const httplib::Request &, httplib::Response &res)
{
    QFile f(QStringLiteral(":/api/openapi.json"));
    if (!f.open(QIODevice::ReadOnly)) {
        sendError(res, 500, Text::tr("The OpenAPI description is missing from this build."));
        return;
    }
    QJsonObject doc = QJsonDocument::fromJson(f.readAll()).object();
    QJsonObject paths = doc.value(QLatin1String("paths")).toObject();
    const QJsonObject generated = operationPaths();
    for (auto it = generated.begin(); it != generated.end(); ++it)
        paths.insert(it.key(), it.value());
    doc.insert(QStringLiteral("paths"), paths);
    sendJson(res, 200, doc);
}

void AutomationApi::stationExtension(const httplib::Request &req, httplib::Response &res)
{
    const StationApiExtension extension = m_workspace.stationApiExtension();
    if (!extension) {
        sendError(res, 404, Text::tr("No such API endpoint."), Text::tr("See GET /api/openapi.json."));
        return;
    }
    StationApiRequest r;
    r.method = QString::fromStdString(req.method);
    r.stationId = identityParam(req);
    r.subPath = QString::fromStdString(req.matches[2]);
    for (const auto &[name, value] : req.params)
        r.query.addQueryItem(QString::fromStdString(name), QString::fromStdString(value));
    r.body = QByteArray::fromStdString(req.body);
    const StationApiReply reply = extension(r);
    if (reply.status == 404 && reply.body.isNull()) {
        sendError(res, 404, Text::tr("No such API endpoint."), Text::tr("See GET /api/openapi.json."));
        return;
    }
    res.status = reply.status;
    res.set_content(reply.body.toJson(QJsonDocument::Compact).toStdString(), "application/json");
}

} // namespace cb
