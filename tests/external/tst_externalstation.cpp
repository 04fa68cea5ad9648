// End to end against a charger simulator from outside the project: the ocpp-rpc library in strict
// mode (it validates every message with its own copy of the official schemas) connects to the
// workspace for each OCPP version, boots, heartbeats, reports status, transactions and meter
// values, and is sent a CSMS-initiated Reset through the automation API. Every frame must be in
// the capture database, in order, with no problem recorded.
#include "workspace/workspace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace cb;

namespace {

const QString kScript = QStringLiteral(CHARGEBENCH_SOURCE_DIR "/tests/external/ocpp_rpc_station.mjs");

// Lines the node station printed, parsed.
struct NodeStation
{
    QProcess process;
    QList<QJsonObject> events;
    bool has(const QString &event) const
    {
        for (const auto &e : events)
            if (e.value(QLatin1String("event")).toString() == event)
                return true;
        return false;
    }
    void pump()
    {
        while (process.canReadLine())
            events << QJsonDocument::fromJson(process.readLine()).object();
    }
};

QJsonObject request(QNetworkAccessManager &nam, const QString &method, const QUrl &url, const QByteArray &token,
                    const QByteArray &body, int *status)
{
    QNetworkRequest req(url);
    req.setRawHeader("Authorization", "Bearer " + token);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    QNetworkReply *reply = method == QLatin1String("POST") ? nam.post(req, body) : nam.get(req);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait(30000))
        return {};
    *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return o;
}

} // namespace

class TestExternalStation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void strictPeerEachVersion_data();
    void strictPeerEachVersion();

private:
    QString m_node;
};

void TestExternalStation::initTestCase()
{
    m_node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (m_node.isEmpty())
        QSKIP("node is not installed; scripts/setup installs it");
    if (!QFile::exists(QStringLiteral(CHARGEBENCH_SOURCE_DIR "/tests/external/node_modules/ocpp-rpc/package.json")))
        QSKIP("tests/external/node_modules is missing; scripts/setup runs npm ci there");
}

void TestExternalStation::strictPeerEachVersion_data()
{
    QTest::addColumn<QString>("version");
    QTest::newRow("1.6") << QStringLiteral("1.6");
    QTest::newRow("2.0.1") << QStringLiteral("2.0.1");
    QTest::newRow("2.1") << QStringLiteral("2.1");
}

void TestExternalStation::strictPeerEachVersion()
{
    QFETCH(QString, version);
    QTemporaryDir dir;
    WorkspaceConfig cfg;
    cfg.server.address = QHostAddress::LocalHost;
    cfg.server.port = 0;
    cfg.databasePath = dir.filePath(QStringLiteral("capture.sqlite"));
    cfg.apiEnabled = true;
    cfg.apiPort = 0;
    Workspace ws;
    const auto started = ws.start(cfg);
    QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().text()));
    QCOMPARE(ws.urls().size(), 1);

    const QString id = QStringLiteral("ext-") + version;
    NodeStation station;
    station.process.setProgram(m_node);
    station.process.setArguments({kScript, QStringLiteral("--url"), ws.urls().first(), QStringLiteral("--id"), id,
                                  QStringLiteral("--ocpp"), version});
    station.process.setProcessChannelMode(QProcess::SeparateChannels);
    station.process.start();
    QVERIFY(station.process.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT((station.pump(), station.has(QStringLiteral("ready")) || station.has(QStringLiteral("error"))), 30000);
    QVERIFY2(!station.has(QStringLiteral("error")), qPrintable(QString::fromUtf8(QJsonDocument(station.events.last()).toJson())));

    // A CSMS-initiated action through the API, answered by the strict peer.
    QNetworkAccessManager nam;
    const QUrl api(ws.apiUrl());
    int status = 0;
    const QByteArray resetPayload = version == QLatin1String("1.6") ? R"({"type":"Soft"})" : R"({"type":"Immediate"})";
    const QJsonObject reset = request(nam, QStringLiteral("POST"), api.resolved(QUrl(QStringLiteral("stations/%1/calls").arg(id))),
                                      ws.apiToken(), R"({"action":"Reset","payload":)" + resetPayload + "}", &status);
    QCOMPARE(status, 200);
    QCOMPARE(reset.value(QLatin1String("payload")).toObject().value(QLatin1String("status")).toString(), QStringLiteral("Accepted"));
    // An invalid payload is refused before it reaches the station.
    request(nam, QStringLiteral("POST"), api.resolved(QUrl(QStringLiteral("stations/%1/calls").arg(id))), ws.apiToken(),
            R"({"action":"Reset","payload":{"type":"Whenever"}})", &status);
    QCOMPARE(status, 422);

    station.process.write("quit\n");
    QVERIFY(station.process.waitForFinished(30000));
    station.pump();
    QVERIFY2(station.process.exitCode() == 0, qPrintable(QString::fromUtf8(station.process.readAllStandardError().right(2000))));
    QVERIFY(!station.has(QStringLiteral("strict")));
    QVERIFY(!station.has(QStringLiteral("bad")));

    // Station state through the API.
    const QJsonObject st = request(nam, QStringLiteral("GET"), api.resolved(QUrl(QStringLiteral("stations/") + id)), ws.apiToken(), {}, &status);
    QCOMPARE(status, 200);
    QCOMPARE(st.value(QLatin1String("boot")).toObject().value(QLatin1String("vendor")).toString(), QStringLiteral("ExtVendor"));
    QCOMPARE(st.value(QLatin1String("ocppVersion")).toString(), version);

    // Every frame captured, in order, none with a problem.
    QVERIFY(ws.capture().flush().ok());
    const QJsonObject frames = request(nam, QStringLiteral("GET"),
                                       api.resolved(QUrl(QStringLiteral("frames?station=%1&limit=1000").arg(id))), ws.apiToken(), {}, &status);
    QCOMPARE(status, 200);
    QStringList sequence;
    qint64 lastId = 0;
    for (const QJsonValue &v : frames.value(QLatin1String("frames")).toArray()) {
        const QJsonObject f = v.toObject();
        QVERIFY(f.value(QLatin1String("id")).toInteger() > lastId);
        lastId = f.value(QLatin1String("id")).toInteger();
        QVERIFY2(f.value(QLatin1String("problem")).toString().isEmpty(), qPrintable(f.value(QLatin1String("problem")).toString()));
        if (f.value(QLatin1String("kind")).toString() == QLatin1String("frame"))
            sequence << f.value(QLatin1String("direction")).toString() + QLatin1Char(' ') + f.value(QLatin1String("action")).toString();
        else
            sequence << f.value(QLatin1String("kind")).toString();
    }
    const QString v16 = QStringLiteral("1.6");
    QStringList expected{QStringLiteral("open")};
    const QStringList calls = version == v16
        ? QStringList{QStringLiteral("BootNotification"), QStringLiteral("Heartbeat"), QStringLiteral("StatusNotification"),
                      QStringLiteral("Authorize"), QStringLiteral("StartTransaction"), QStringLiteral("MeterValues"),
                      QStringLiteral("StopTransaction")}
        : QStringList{QStringLiteral("BootNotification"), QStringLiteral("Heartbeat"), QStringLiteral("StatusNotification"),
                      QStringLiteral("Authorize"), QStringLiteral("TransactionEvent"), QStringLiteral("MeterValues"),
                      QStringLiteral("TransactionEvent")};
    for (const QString &c : calls)
        expected << QStringLiteral("in ") + c << QStringLiteral("out ") + c;
    expected << QStringLiteral("out Reset") << QStringLiteral("in Reset") << QStringLiteral("close");
    QCOMPARE(sequence, expected);
    ws.stop();
}

QTEST_MAIN(TestExternalStation)
#include "tst_externalstation.moc"
