// Station operations against virtual stations of every version over loopback, as the workspace
// runs them for every front end: the frame that went out (from the capture feed) is the version's
// action with the right payload and validates against its schema; results are typed (accepted,
// rejected, CALLERROR, timeout, not connected, refused before sending); the API and the CLI
// reach the same code path and send the same frame.
#include "schema/schemavalidator.h"
#include "simulator/virtualstation.h"
#include "station/operations/operationtable.h"
#include "workspace/workspace.h"
#include "workspacestation.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace cb;

namespace {

const QString kIds[] = {QStringLiteral("OPS-16"), QStringLiteral("OPS-201"), QStringLiteral("OPS-21")};

QString idFor(OcppVersion v) { return kIds[int(v)]; }

} // namespace

class TestStationOperations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void everyOperationSendsItsVersionsFrame_data();
    void everyOperationSendsItsVersionsFrame();
    void resultsAreTyped();
    void refusedBeforeSending();
    void apiAndCliUseTheSamePath();

private:
    OperationResult run(const QString &station, const QString &name, const QJsonObject &args,
                        std::chrono::milliseconds timeout = std::chrono::milliseconds(0));
    // The outgoing frame of the capture feed with this message id, as [2, id, action, payload].
    QJsonArray sentFrame(const QString &messageId);

    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;
    std::vector<std::unique_ptr<sim::VirtualStation>> m_stations;
    QList<CaptureRecord> m_frames;
};

void TestStationOperations::initTestCase()
{
    m_ws = std::make_unique<Workspace>();
    WorkspaceConfig cfg = test::loopbackWorkspaceConfig(m_dir.filePath(QStringLiteral("ops.sqlite")), true);
    cfg.server.responseTimeout = std::chrono::milliseconds(5000);
    const auto started = m_ws->start(cfg);
    QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().text()));
    connect(m_ws.get(), &Workspace::framesArrived, this, [this](const QList<CaptureRecord> &r) { m_frames += r; });
    for (OcppVersion v : kAllVersions) {
        auto st = std::make_unique<sim::VirtualStation>(test::quickStationConfig(QUrl(m_ws->urls().first()), idFor(v), v));
        st->start();
        m_stations.push_back(std::move(st));
    }
    for (OcppVersion v : kAllVersions)
        QTRY_VERIFY_WITH_TIMEOUT(m_stations[size_t(v)]->isRegistered() && m_ws->liveStation(idFor(v))
                                     && m_ws->liveStation(idFor(v))->connected,
                                 30000);
}

void TestStationOperations::cleanupTestCase()
{
    m_stations.clear();
    m_ws.reset();
}

OperationResult TestStationOperations::run(const QString &station, const QString &name, const QJsonObject &args,
                                           std::chrono::milliseconds timeout)
{
    std::optional<OperationResult> result;
    m_ws->runOperation(station, name, args, this, [&result](const OperationResult &r) { result = r; }, timeout);
    (void)QTest::qWaitFor([&] { return result.has_value(); }, 30000);
    return result.value_or(OperationResult::refused(OperationResult::Kind::Failed, name, station, QStringLiteral("no result in 30 s")));
}

QJsonArray TestStationOperations::sentFrame(const QString &messageId)
{
    QJsonArray frame;
    (void)QTest::qWaitFor([&] {
        for (const CaptureRecord &r : std::as_const(m_frames))
            if (r.outgoing && r.messageType == 2 && r.messageId == messageId) {
                frame = QJsonDocument::fromJson(r.data).array();
                return true;
            }
        return false;
    }, 10000);
    return frame;
}

void TestStationOperations::everyOperationSendsItsVersionsFrame_data()
{
    QTest::addColumn<OcppVersion>("version");
    QTest::addColumn<QString>("operation");
    QTest::addColumn<QJsonObject>("args");
    QTest::addColumn<QString>("action");
    const QJsonObject none;
    for (OcppVersion v : kAllVersions) {
        const bool v16 = v == OcppVersion::V16;
        const QString n = versionName(v);
        auto row = [&](const char *op, const QJsonObject &args, const QString &action) {
            QTest::newRow(qPrintable(n + QLatin1Char(' ') + QLatin1String(op))) << v << QString::fromLatin1(op) << args << action;
        };
        row("trigger", {{QStringLiteral("message"), QStringLiteral("heartbeat")}}, QStringLiteral("TriggerMessage"));
        row("get-variables", {{QStringLiteral("variables"), v16 ? QStringLiteral("HeartbeatInterval") : QStringLiteral("OCPPCommCtrlr.HeartbeatInterval")}},
            v16 ? QStringLiteral("GetConfiguration") : QStringLiteral("GetVariables"));
        row("set-variables", {{QStringLiteral("variables"), v16 ? QStringLiteral("HeartbeatInterval=120") : QStringLiteral("OCPPCommCtrlr.HeartbeatInterval=120")}},
            v16 ? QStringLiteral("ChangeConfiguration") : QStringLiteral("SetVariables"));
        row("get-report", none, v16 ? QStringLiteral("GetConfiguration") : QStringLiteral("GetBaseReport"));
        row("change-availability", {{QStringLiteral("status"), QStringLiteral("operative")}}, QStringLiteral("ChangeAvailability"));
        row("unlock", v16 ? QJsonObject{{QStringLiteral("connector"), 1}} : QJsonObject{{QStringLiteral("evse"), 1}, {QStringLiteral("connector"), 1}},
            QStringLiteral("UnlockConnector"));
        row("start", {{QStringLiteral("id-token"), QStringLiteral("OPS0001")}},
            v16 ? QStringLiteral("RemoteStartTransaction") : QStringLiteral("RequestStartTransaction"));
        row("stop", {{QStringLiteral("transaction"), v16 ? QStringLiteral("999") : QStringLiteral("no-such-tx")}},
            v16 ? QStringLiteral("RemoteStopTransaction") : QStringLiteral("RequestStopTransaction"));
        row("clear-cache", none, QStringLiteral("ClearCache"));
        row("send-local-list", {{QStringLiteral("version"), 2}, {QStringLiteral("update-type"), QStringLiteral("differential")},
                                {QStringLiteral("entries"), QJsonArray{QJsonObject{{QStringLiteral("idToken"), QStringLiteral("AB12")},
                                                                                   {QStringLiteral("status"), QStringLiteral("accepted")}}}}},
            QStringLiteral("SendLocalList"));
        row("get-local-list-version", none, QStringLiteral("GetLocalListVersion"));
        row("data-transfer", {{QStringLiteral("vendor-id"), QStringLiteral("com.example")}, {QStringLiteral("data"), QStringLiteral("ping")}},
            QStringLiteral("DataTransfer"));
        if (!v16)
            row("set-network-profile", {{QStringLiteral("slot"), 2}, {QStringLiteral("url"), QStringLiteral("wss://csms.example.com/ocpp/")},
                                        {QStringLiteral("security-profile"), 2}},
                QStringLiteral("SetNetworkProfile"));
        row("reset", {{QStringLiteral("type"), QStringLiteral("on-idle")}}, QStringLiteral("Reset")); // last: the station reboots
    }
}

void TestStationOperations::everyOperationSendsItsVersionsFrame()
{
    QFETCH(OcppVersion, version);
    QFETCH(QString, operation);
    QFETCH(QJsonObject, args);
    QFETCH(QString, action);
    const QString id = idFor(version);
    QTRY_VERIFY_WITH_TIMEOUT(m_ws->liveStation(id) && m_ws->liveStation(id)->connected && m_stations[size_t(version)]->isRegistered(), 30000);

    const OperationResult r = run(id, operation, args);
    QVERIFY2(r.sent(), qPrintable(r.text));
    QCOMPARE(r.action, action);
    QCOMPARE(r.version, std::optional<OcppVersion>(version));
    // The virtual station answers every one of these, with yes, no or CALLERROR (for what it
    // does not implement); never a timeout or an answer that breaks the schema.
    QVERIFY2(r.kind == OperationResult::Kind::Accepted || r.kind == OperationResult::Kind::Rejected
                 || r.kind == OperationResult::Kind::CallError,
             qPrintable(OperationResult::kindName(r.kind) + QStringLiteral(": ") + r.text));
    QVERIFY(!r.text.isEmpty());

    const QJsonArray frame = sentFrame(r.outcome.messageId);
    QCOMPARE(frame.size(), 4);
    QCOMPARE(frame.at(2).toString(), action);
    QCOMPARE(frame.at(3).toObject(), r.request);
    const Violations v = SchemaValidator::shared().validate(version, action, PayloadKind::Request, frame.at(3).toObject());
    QVERIFY2(v.isEmpty(), qPrintable(describe(v)));
    if (r.kind != OperationResult::Kind::CallError) {
        const Violations rv = SchemaValidator::shared().validate(version, action, PayloadKind::Response, r.reply);
        QVERIFY2(rv.isEmpty(), qPrintable(describe(rv)));
    }
    // The station's state remembers the last result of each operation.
    QTRY_VERIFY_WITH_TIMEOUT(m_ws->liveStation(id)->lastOperations.value(operation).toObject().value(QLatin1String("result")).toString()
                                 == OperationResult::kindName(r.kind),
                             10000);
}

void TestStationOperations::resultsAreTyped()
{
    for (OcppVersion v : kAllVersions)
        QTRY_VERIFY_WITH_TIMEOUT(m_stations[size_t(v)]->isRegistered() && m_ws->liveStation(idFor(v))->connected, 30000);
    // Accepted, with the value read back in version-neutral form.
    OperationResult r = run(idFor(OcppVersion::V201), QStringLiteral("get-variables"),
                            {{QStringLiteral("variables"), QStringLiteral("OCPPCommCtrlr.HeartbeatInterval")}});
    QCOMPARE(r.kind, OperationResult::Kind::Accepted);
    QCOMPARE(r.data.toArray().size(), 1);
    QCOMPARE(r.data.toArray().first().toObject().value(QLatin1String("variable")).toString(), QStringLiteral("HeartbeatInterval"));
    QVERIFY(!r.data.toArray().first().toObject().value(QLatin1String("value")).toString().isEmpty());

    // Rejected, with the reason: a variable the station does not have.
    r = run(idFor(OcppVersion::V21), QStringLiteral("set-variables"), {{QStringLiteral("variables"), QStringLiteral("NoSuchCtrlr.Nothing=1")}});
    QCOMPARE(r.kind, OperationResult::Kind::Rejected);
    QVERIFY2(r.reason.contains(QStringLiteral("NoSuchCtrlr.Nothing")), qPrintable(r.reason));
    r = run(idFor(OcppVersion::V16), QStringLiteral("get-variables"), {{QStringLiteral("variables"), QStringLiteral("NoSuchKey")}});
    QCOMPARE(r.kind, OperationResult::Kind::Rejected);
    QVERIFY2(r.text.contains(QStringLiteral("NoSuchKey")), qPrintable(r.text));

    // CALLERROR in words: the virtual station has no local list.
    r = run(idFor(OcppVersion::V201), QStringLiteral("get-local-list-version"), {});
    QCOMPARE(r.kind, OperationResult::Kind::CallError);
    QVERIFY(!r.reason.isEmpty());
    QVERIFY2(r.text.contains(QStringLiteral("CALLERROR")), qPrintable(r.text));

    // Timeout: the station answers later than the operation waits.
    m_stations[size_t(OcppVersion::V21)]->setReplyDelay(std::chrono::milliseconds(1500));
    r = run(idFor(OcppVersion::V21), QStringLiteral("trigger"), {{QStringLiteral("message"), QStringLiteral("heartbeat")}}, std::chrono::milliseconds(300));
    m_stations[size_t(OcppVersion::V21)]->setReplyDelay(std::chrono::milliseconds(0));
    QCOMPARE(r.kind, OperationResult::Kind::Timeout);
    QVERIFY(r.sent());
    QVERIFY2(r.text.contains(QStringLiteral("No answer")), qPrintable(r.text));
}

void TestStationOperations::refusedBeforeSending()
{
    const qsizetype before = m_frames.size();
    OperationResult r = run(idFor(OcppVersion::V16), QStringLiteral("reset"), {{QStringLiteral("evse"), 1}});
    QCOMPARE(r.kind, OperationResult::Kind::InvalidParameters);
    QVERIFY(!r.sent());
    QVERIFY2(r.text.contains(QStringLiteral("EVSE (evse)")) && r.text.contains(QStringLiteral("type")), qPrintable(r.text));
    r = run(idFor(OcppVersion::V16), QStringLiteral("set-network-profile"), {});
    QCOMPARE(r.kind, OperationResult::Kind::NotSupported);
    QVERIFY2(r.text.contains(QStringLiteral("2.0.1, 2.1")), qPrintable(r.text));
    r = run(idFor(OcppVersion::V201), QStringLiteral("reboot"), {});
    QCOMPARE(r.kind, OperationResult::Kind::InvalidParameters);
    r = run(QStringLiteral("NOBODY"), QStringLiteral("reset"), {});
    QCOMPARE(r.kind, OperationResult::Kind::NotConnected);
    // Nothing of the above reached a station: the live feed is in order, so once the frame of an
    // operation sent afterwards has arrived, every frame sent before it has too.
    QTRY_VERIFY_WITH_TIMEOUT(m_stations[size_t(OcppVersion::V16)]->isRegistered() && m_ws->liveStation(idFor(OcppVersion::V16))->connected, 30000);
    const OperationResult marker = run(idFor(OcppVersion::V16), QStringLiteral("trigger"), {{QStringLiteral("message"), QStringLiteral("heartbeat")}});
    QVERIFY2(marker.sent(), qPrintable(marker.text));
    QCOMPARE(sentFrame(marker.outcome.messageId).size(), 4);
    for (qsizetype i = before; i < m_frames.size(); ++i)
        QVERIFY2(!(m_frames.at(i).outgoing && m_frames.at(i).messageType == 2 && m_frames.at(i).action == QLatin1String("Reset")),
                 "a refused operation was sent");
}

void TestStationOperations::apiAndCliUseTheSamePath()
{
    const QString id = idFor(OcppVersion::V201);
    QTRY_VERIFY_WITH_TIMEOUT(m_stations[size_t(OcppVersion::V201)]->isRegistered() && m_ws->liveStation(id)->connected, 30000);
    const QJsonObject args{{QStringLiteral("message"), QStringLiteral("status")}, {QStringLiteral("evse"), 1}, {QStringLiteral("connector"), 1}};

    // In process.
    const OperationResult direct = run(id, QStringLiteral("trigger"), args);
    QCOMPARE(direct.kind, OperationResult::Kind::Accepted);
    const QJsonArray directFrame = sentFrame(direct.outcome.messageId);

    // The API.
    QNetworkAccessManager nam;
    QNetworkRequest req(QUrl(m_ws->apiUrl()).resolved(QUrl(QStringLiteral("stations/%1/operations/trigger").arg(id))));
    req.setRawHeader("Authorization", "Bearer " + m_ws->apiToken());
    req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    QNetworkReply *reply = nam.post(req, QJsonDocument(args).toJson());
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(30000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    const QJsonObject api = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    QCOMPARE(api.value(QLatin1String("result")).toString(), QStringLiteral("accepted"));
    QCOMPARE(api.value(QLatin1String("action")).toString(), QStringLiteral("TriggerMessage"));
    const QJsonArray apiFrame = sentFrame(api.value(QLatin1String("messageId")).toString());

    // The CLI, over the API.
    QProcess cli;
    cli.start(QStringLiteral(CHARGEBENCH_CLI),
              {QStringLiteral("station"), QStringLiteral("trigger"), id, QStringLiteral("--message"), QStringLiteral("status"), QStringLiteral("--evse"),
               QStringLiteral("1"), QStringLiteral("--connector=1"), QStringLiteral("--json"), QStringLiteral("--api"), m_ws->apiUrl(),
               QStringLiteral("--token"), QString::fromLatin1(m_ws->apiToken())});
    QTRY_VERIFY_WITH_TIMEOUT(cli.state() == QProcess::NotRunning, 60000);
    QCOMPARE(cli.exitCode(), 0);
    const QJsonObject printed = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
    QCOMPARE(printed.value(QLatin1String("result")).toString(), QStringLiteral("accepted"));
    const QJsonArray cliFrame = sentFrame(printed.value(QLatin1String("messageId")).toString());

    // One code path: the same action and payload every time (the message ids differ).
    for (const QJsonArray &f : {apiFrame, cliFrame}) {
        QCOMPARE(f.size(), 4);
        QCOMPARE(f.at(2), directFrame.at(2));
        QCOMPARE(f.at(3), directFrame.at(3));
    }

    // Exit status 1 for a refusal by the station, 2 for bad usage, with the reason on stderr.
    QProcess rejected;
    rejected.start(QStringLiteral(CHARGEBENCH_CLI), {QStringLiteral("station"), QStringLiteral("set-variables"), id, QStringLiteral("--variables"),
                                                     QStringLiteral("NoSuchCtrlr.Nothing=1"), QStringLiteral("--api"), m_ws->apiUrl(),
                                                     QStringLiteral("--token"), QString::fromLatin1(m_ws->apiToken())});
    QTRY_VERIFY_WITH_TIMEOUT(rejected.state() == QProcess::NotRunning, 60000);
    QCOMPARE(rejected.exitCode(), 1);
    QVERIFY(rejected.readAllStandardError().contains("NoSuchCtrlr"));
    QProcess usage;
    usage.start(QStringLiteral(CHARGEBENCH_CLI), {QStringLiteral("station"), QStringLiteral("reset"), id, QStringLiteral("--type"),
                                                  QStringLiteral("sideways"), QStringLiteral("--api"), m_ws->apiUrl(), QStringLiteral("--token"),
                                                  QString::fromLatin1(m_ws->apiToken())});
    QTRY_VERIFY_WITH_TIMEOUT(usage.state() == QProcess::NotRunning, 60000);
    QCOMPARE(usage.exitCode(), 2);
    const QByteArray usageText = usage.readAllStandardError();
    QVERIFY2(usageText.contains("immediate") && usageText.contains("on-idle"), usageText.constData());

    // The API's other answers: 404 unknown station, 400 unknown operation, listing and OpenAPI.
    auto get = [&](const QString &path, const QByteArray &body, bool post) {
        QNetworkRequest r(QUrl(m_ws->apiUrl()).resolved(QUrl(path)));
        r.setRawHeader("Authorization", "Bearer " + m_ws->apiToken());
        r.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply *x = post ? nam.post(r, body) : nam.get(r);
        QSignalSpy done(x, &QNetworkReply::finished);
        done.wait(30000);
        const auto out = std::pair(x->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), QJsonDocument::fromJson(x->readAll()).object());
        x->deleteLater();
        return out;
    };
    QCOMPARE(get(QStringLiteral("stations/NOBODY/operations/reset"), "{}", true).first, 404);
    const auto unknown = get(QStringLiteral("stations/%1/operations/reboot").arg(id), "{}", true);
    QCOMPARE(unknown.first, 400);
    QVERIFY(unknown.second.value(QLatin1String("hint")).toString().contains(QStringLiteral("reset")));
    const auto badParam = get(QStringLiteral("stations/%1/operations/reset").arg(idFor(OcppVersion::V16)), R"({"evse":1})", true);
    QCOMPARE(badParam.first, 400);
    QVERIFY(badParam.second.value(QLatin1String("error")).toString().contains(QStringLiteral("EVSE (evse)")));
    const auto listing = get(QStringLiteral("operations"), {}, false);
    QCOMPARE(listing.first, 200);
    QCOMPARE(listing.second.value(QLatin1String("operations")).toArray().size(), OperationTable::instance().definitions().size());
    const auto openapi = get(QStringLiteral("openapi.json"), {}, false);
    QVERIFY(openapi.second.value(QLatin1String("paths")).toObject().contains(QStringLiteral("/api/stations/{id}/operations/set-network-profile")));
}

QTEST_MAIN(TestStationOperations)
#include "tst_stationoperations.moc"
