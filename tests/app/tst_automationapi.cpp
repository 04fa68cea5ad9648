// The automation API over real HTTP: bearer token, errors in words, station state, calls to a
// connected station, frame paging, masked secrets in the capture, and the OpenAPI description.
#include "apihttp.h"
#include "secrets/secretstore.h"
#include "transport/stationclient.h"
#include "workspace/workspace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace cb;

namespace {

using Reply = test::ApiReply;

Reply http(QNetworkAccessManager &nam, const QUrl &url, const QByteArray &token, const QByteArray &postBody = {}, bool post = false)
{
    return test::apiRequest(nam, url, token, postBody, post);
}

} // namespace

class TestAutomationApi : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void tokenIsRequired();
    void unknownThingsAreExplained();
    void callsAndState();
    void framesArePagedAndSecretsMasked();
    void openApiDescribesTheEndpoints();
    void stationsSurviveARestart();

private:
    QUrl api(const QString &path) const { return QUrl(m_ws->apiUrl()).resolved(QUrl(path)); }
    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;
    std::unique_ptr<StationClient> m_station;
    QNetworkAccessManager m_nam;
    WorkspaceConfig m_cfg;
};

void TestAutomationApi::initTestCase()
{
    std::optional<Status<>> written;
    SecretStore store;
    store.write(SecretStore::stationPasswordKey(QStringLiteral("API-1")), "0123456789abcdef", [&](Status<> s) { written = s; });
    QTRY_VERIFY_WITH_TIMEOUT(written.has_value(), 20000);
    QVERIFY(written->ok());

    m_cfg.server.address = QHostAddress::LocalHost;
    m_cfg.server.port = 0;
    m_cfg.server.profile = SecurityProfile::BasicAuth;
    m_cfg.databasePath = m_dir.filePath(QStringLiteral("api.sqlite"));
    m_cfg.apiEnabled = true;
    m_cfg.apiPort = 0;
    m_ws = std::make_unique<Workspace>();
    const auto started = m_ws->start(m_cfg);
    QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().text()));
    QVERIFY(!m_ws->apiToken().isEmpty());

    m_station = std::make_unique<StationClient>();
    connect(m_station.get(), &StationClient::endpointCreated, this, [](RpcEndpoint *rpc) {
        rpc->setHandler(QStringLiteral("ChangeAvailability"), [](const RpcCall &, RpcResponder r) {
            r.result(QJsonObject{{QStringLiteral("status"), QStringLiteral("Scheduled")}});
        });
        // A station bug: a reply that breaks the schema, put on the wire as is.
        rpc->setHandler(QStringLiteral("ClearCache"), [rpc](const RpcCall &c, RpcResponder) {
            rpc->sendRaw("[3,\"" + c.id.toUtf8() + "\",{\"status\":\"Maybe\"}]");
        });
    });
    ClientConfig cc;
    cc.baseUrl = QUrl(m_ws->urls().first());
    cc.identity = QStringLiteral("API-1");
    cc.versions = {OcppVersion::V201};
    cc.password = "0123456789abcdef";
    QSignalSpy up(m_station.get(), &StationClient::connected);
    m_station->open(cc);
    QVERIFY(up.wait(20000));
    std::optional<CallOutcome> boot;
    m_station->rpc()->call(QStringLiteral("BootNotification"),
                           QJsonObject{{QStringLiteral("reason"), QStringLiteral("PowerUp")},
                                       {QStringLiteral("chargingStation"), QJsonObject{{QStringLiteral("vendorName"), QStringLiteral("ApiVendor")},
                                                                                       {QStringLiteral("model"), QStringLiteral("M")}}}},
                           [&](const CallOutcome &o) { boot = o; });
    QTRY_VERIFY_WITH_TIMEOUT(boot.has_value(), 20000);
    QVERIFY(boot->ok());
    QTRY_VERIFY(m_ws->liveStation(QStringLiteral("API-1")).has_value()
                && m_ws->liveStation(QStringLiteral("API-1"))->boot.vendor == QLatin1String("ApiVendor"));
}

void TestAutomationApi::cleanupTestCase()
{
    m_station.reset();
    m_ws.reset();
}

void TestAutomationApi::tokenIsRequired()
{
    Reply r = http(m_nam, api(QStringLiteral("stations")), {});
    QCOMPARE(r.status, 401);
    QVERIFY(r.body.value(QLatin1String("hint")).toString().contains(QStringLiteral("Bearer")));
    r = http(m_nam, api(QStringLiteral("stations")), "not-the-token");
    QCOMPARE(r.status, 401);
    r = http(m_nam, api(QStringLiteral("stations")), m_ws->apiToken());
    QCOMPARE(r.status, 200);
}

void TestAutomationApi::unknownThingsAreExplained()
{
    Reply r = http(m_nam, api(QStringLiteral("stations/nobody")), m_ws->apiToken());
    QCOMPARE(r.status, 404);
    QVERIFY(r.body.value(QLatin1String("error")).toString().contains(QStringLiteral("nobody")));
    r = http(m_nam, api(QStringLiteral("stations/nobody/calls")), m_ws->apiToken(), R"({"action":"Reset","payload":{}})", true);
    QCOMPARE(r.status, 404);
    r = http(m_nam, api(QStringLiteral("stations/API-1/calls")), m_ws->apiToken(), "{not json", true);
    QCOMPARE(r.status, 400);
    QVERIFY(!r.body.value(QLatin1String("hint")).toString().isEmpty());
    r = http(m_nam, api(QStringLiteral("stations/API-1/calls")), m_ws->apiToken(), R"({"payload":{}})", true);
    QCOMPARE(r.status, 400);
    r = http(m_nam, api(QStringLiteral("frames?after=abc")), m_ws->apiToken());
    QCOMPARE(r.status, 400);
    r = http(m_nam, api(QStringLiteral("nothing-here")), m_ws->apiToken());
    QCOMPARE(r.status, 404);
}

void TestAutomationApi::callsAndState()
{
    const QUrl calls = api(QStringLiteral("stations/API-1/calls"));
    Reply r = http(m_nam, calls, m_ws->apiToken(), R"({"action":"ChangeAvailability","payload":{"operationalStatus":"Inoperative"}})", true);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body.value(QLatin1String("status")).toString(), QStringLiteral("Result"));
    QCOMPARE(r.body.value(QLatin1String("payload")).toObject().value(QLatin1String("status")).toString(), QStringLiteral("Scheduled"));
    // The station has no handler: its CALLERROR comes back with 502.
    r = http(m_nam, calls, m_ws->apiToken(), R"({"action":"Reset","payload":{"type":"Immediate"}})", true);
    QCOMPARE(r.status, 502);
    QCOMPARE(r.body.value(QLatin1String("errorCode")).toString(), QStringLiteral("NotSupported"));
    // A reply that breaks the schema is reported with its violations, never accepted.
    r = http(m_nam, calls, m_ws->apiToken(), R"({"action":"ClearCache"})", true);
    QCOMPARE(r.status, 502);
    QCOMPARE(r.body.value(QLatin1String("status")).toString(), QStringLiteral("InvalidResponse"));
    QCOMPARE(r.body.value(QLatin1String("violations")).toArray().first().toObject().value(QLatin1String("path")).toString(),
             QStringLiteral("/status"));
    // Our own validation stops a bad request before it leaves.
    r = http(m_nam, calls, m_ws->apiToken(), R"({"action":"ChangeAvailability","payload":{"operationalStatus":"Sleepy"}})", true);
    QCOMPARE(r.status, 422);
    QCOMPARE(r.body.value(QLatin1String("violations")).toArray().size(), 1);
    // A short timeout against a station that never answers.
    r = http(m_nam, calls, m_ws->apiToken(), R"({"action":"NotAnAction"})", true);
    QCOMPARE(r.status, 422);

    r = http(m_nam, api(QStringLiteral("stations/API-1")), m_ws->apiToken());
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body.value(QLatin1String("connected")).toBool(), true);
    QCOMPARE(r.body.value(QLatin1String("boot")).toObject().value(QLatin1String("vendor")).toString(), QStringLiteral("ApiVendor"));
    QCOMPARE(r.body.value(QLatin1String("connection")).toObject().value(QLatin1String("securityProfile")).toInt(), 1);
}

void TestAutomationApi::framesArePagedAndSecretsMasked()
{
    QVERIFY(m_ws->capture().flush().ok());
    QList<QJsonObject> all;
    qint64 after = 0;
    for (int page = 0; page < 100; ++page) {
        const Reply r = http(m_nam, api(QStringLiteral("frames?station=API-1&limit=3&after=%1").arg(after)), m_ws->apiToken());
        QCOMPARE(r.status, 200);
        const QJsonArray frames = r.body.value(QLatin1String("frames")).toArray();
        for (const QJsonValue &f : frames)
            all << f.toObject();
        if (frames.isEmpty())
            break;
        QVERIFY(frames.size() <= 3);
        after = r.body.value(QLatin1String("next")).toInteger();
    }
    QVERIFY(all.size() >= 9); // open, boot pair, three call pairs ...
    QCOMPARE(all.first().value(QLatin1String("kind")).toString(), QStringLiteral("open"));
    const QString headers = QString::fromUtf8(QJsonDocument(all.first().value(QLatin1String("data")).toObject()).toJson());
    QVERIFY2(headers.contains(QStringLiteral("password masked")), qPrintable(headers));
    for (const QJsonObject &f : all)
        QVERIFY(!QJsonDocument(f).toJson().contains("0123456789abcdef"));
    // The invalid reply is captured with its verdict.
    bool flagged = false;
    for (const QJsonObject &f : all)
        flagged |= f.value(QLatin1String("action")).toString() == QLatin1String("ClearCache")
                   && f.value(QLatin1String("direction")).toString() == QLatin1String("in")
                   && f.value(QLatin1String("problem")).toString().contains(QStringLiteral("/status"));
    QVERIFY(flagged);
}

void TestAutomationApi::openApiDescribesTheEndpoints()
{
    const Reply r = http(m_nam, api(QStringLiteral("openapi.json")), {});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body.value(QLatin1String("openapi")).toString().left(2), QStringLiteral("3."));
    const QJsonObject paths = r.body.value(QLatin1String("paths")).toObject();
    for (const char *p : {"/api/stations", "/api/stations/{id}", "/api/stations/{id}/calls", "/api/frames", "/api/openapi.json"})
        QVERIFY2(paths.contains(QLatin1String(p)), p);
}

void TestAutomationApi::stationsSurviveARestart()
{
    m_station.reset();
    m_ws->stop();
    WorkspaceConfig cfg = m_cfg;
    cfg.apiToken = "fixed-token";
    QVERIFY(m_ws->start(cfg).ok());
    const Reply r = http(m_nam, api(QStringLiteral("stations")), "fixed-token");
    QCOMPARE(r.status, 200);
    const QJsonArray stations = r.body.value(QLatin1String("stations")).toArray();
    QCOMPARE(stations.size(), 1);
    QCOMPARE(stations.first().toObject().value(QLatin1String("identity")).toString(), QStringLiteral("API-1"));
    QCOMPARE(stations.first().toObject().value(QLatin1String("connected")).toBool(), false);
    QCOMPARE(stations.first().toObject().value(QLatin1String("boot")).toObject().value(QLatin1String("vendor")).toString(),
             QStringLiteral("ApiVendor"));
}

QTEST_GUILESS_MAIN(TestAutomationApi)
#include "tst_automationapi.moc"
