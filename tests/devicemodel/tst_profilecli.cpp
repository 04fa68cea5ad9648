// chargebench-cli profile apply/save against a running server's automation API (in this process,
// with a virtual station), as a test executive would use it: exit status 0 only when every value
// was written and confirmed by a re-read.

#include "devicemodel/devicemodelmanager.h"
#include "devicemodel/devicemodelservice.h"
#include "simulator/virtualstation.h"
#include "workspace/workspace.h"
#include "workspacestation.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace cb;

class TestProfileCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void applyVerified();
    void applyNotVerified();
    void applyUsageAndErrors_data();
    void applyUsageAndErrors();
    void saveFromSnapshot();
    void apiEndpoints();

private:
    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    Run cli(const QStringList &args, bool withApi = true);
    QString writeFile(const QString &name, const QByteArray &content);

    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;
    DeviceModelManager *m_manager = nullptr; // the workspace's
    std::unique_ptr<sim::VirtualStation> m_station;
};

void TestProfileCli::initTestCase()
{
    const WorkspaceConfig cfg = test::loopbackWorkspaceConfig(m_dir.filePath(QStringLiteral("cli.sqlite")), true);
    m_ws = std::make_unique<Workspace>();
    m_manager = &m_ws->deviceModels();
    m_manager->setFetchAfterBoot(false);
    QVERIFY(m_ws->start(cfg).ok());
    sim::VirtualStationConfig c = test::quickStationConfig(QUrl(m_ws->urls().first()), QStringLiteral("CLI-1"), OcppVersion::V201);
    c.meterIntervalS = 3600;
    m_station = std::make_unique<sim::VirtualStation>(c);
    m_station->start();
    QTRY_VERIFY_WITH_TIMEOUT(m_ws->liveStation(QStringLiteral("CLI-1")) && m_ws->liveStation(QStringLiteral("CLI-1"))->connected
                                 && m_ws->liveStation(QStringLiteral("CLI-1"))->boot.receivedAt.isValid(),
                             20000);
}

void TestProfileCli::cleanupTestCase()
{
    m_station.reset();
    m_manager = nullptr;
    m_ws.reset();
}

TestProfileCli::Run TestProfileCli::cli(const QStringList &args, bool withApi)
{
    QProcess p;
    QStringList all = QStringList{QStringLiteral("profile")} + args;
    if (withApi)
        all << QStringLiteral("--api") << m_ws->apiUrl() << QStringLiteral("--token") << QString::fromLatin1(m_ws->apiToken());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("CHARGEBENCH_API_TOKEN"));
    env.remove(QStringLiteral("CHARGEBENCH_API_URL"));
    p.setProcessEnvironment(env);
    QSignalSpy finished(&p, &QProcess::finished);
    p.start(QStringLiteral(CHARGEBENCH_CLI), all);
    Run r;
    // The event loop keeps running meanwhile: the server and the station live in this process.
    if (!finished.wait(90000)) {
        p.kill();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QString TestProfileCli::writeFile(const QString &name, const QByteArray &content)
{
    const QString path = m_dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
        return {};
    return path;
}

void TestProfileCli::applyVerified()
{
    const QString file = writeFile(QStringLiteral("good.json"), R"({
        "format": "chargebench-profile", "formatVersion": 1, "name": "Good",
        "values": [
            {"component": "OCPPCommCtrlr", "variable": "OfflineThreshold", "value": 75},
            {"component": "ClockCtrlr", "variable": "NtpSource", "value": "manual"}
        ]})");
    const Run r = cli({QStringLiteral("apply"), QStringLiteral("--station"), QStringLiteral("CLI-1"), QStringLiteral("--file"), file});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QVERIFY2(r.out.contains(QStringLiteral("2 of 2 values verified (after a reset)")), qPrintable(r.out));
    QCOMPARE(m_station->deviceModel()->value(QStringLiteral("OCPPCommCtrlr"), QStringLiteral("OfflineThreshold")), QStringLiteral("75"));
}

void TestProfileCli::applyNotVerified()
{
    const QString file = writeFile(QStringLiteral("bad.json"), R"({
        "name": "Bad",
        "values": [
            {"component": "OCPPCommCtrlr", "variable": "OfflineThreshold", "value": 76},
            {"component": "OCPPCommCtrlr", "variable": "NoSuchVariable", "value": 1}
        ]})");
    const Run r = cli({QStringLiteral("apply"), QStringLiteral("--station"), QStringLiteral("CLI-1"), QStringLiteral("--file"), file,
                       QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains(QStringLiteral("1 of 2 values verified")), qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("UnknownVariable")));
    QVERIFY(r.out.contains(QStringLiteral("\"allVerified\": false")));
}

void TestProfileCli::applyUsageAndErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<bool>("withApi");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("needle");
    QTest::newRow("no station") << QStringList{QStringLiteral("apply"), QStringLiteral("--file"), QStringLiteral("x")} << true << 2 << "Usage";
    QTest::newRow("no token") << QStringList{QStringLiteral("apply"), QStringLiteral("--station"), QStringLiteral("CLI-1"), QStringLiteral("--file"), QStringLiteral("x")}
                              << false << 2 << "No API token";
    QTest::newRow("missing file") << QStringList{QStringLiteral("apply"), QStringLiteral("--station"), QStringLiteral("CLI-1"), QStringLiteral("--file"), QStringLiteral("/nonexistent.json")}
                                  << true << 1 << "Cannot read the profile";
    QTest::newRow("unknown station") << QStringList{QStringLiteral("apply"), QStringLiteral("--station"), QStringLiteral("NOPE"), QStringLiteral("--file"), QStringLiteral("@good")}
                                     << true << 1 << "not connected";
}

void TestProfileCli::applyUsageAndErrors()
{
    QFETCH(QStringList, args);
    QFETCH(bool, withApi);
    QFETCH(int, exitCode);
    QFETCH(QString, needle);
    for (QString &a : args)
        if (a == QLatin1String("@good"))
            a = writeFile(QStringLiteral("tiny.json"), R"({"values":[{"component":"A","variable":"B","value":"1"}]})");
    const Run r = cli(args, withApi);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2(r.err.contains(needle), qPrintable(r.err));
}

void TestProfileCli::saveFromSnapshot()
{
    // A snapshot to save from.
    QSignalSpy done(m_manager->service(QStringLiteral("CLI-1")), &DeviceModelService::reportCompleted);
    m_manager->service(QStringLiteral("CLI-1"))->fetchFull();
    QVERIFY(done.wait(30000));
    const QString file = m_dir.filePath(QStringLiteral("saved.json"));
    const Run r = cli({QStringLiteral("save"), QStringLiteral("--station"), QStringLiteral("CLI-1"), QStringLiteral("--file"), file,
                       QStringLiteral("--name"), QStringLiteral("Saved")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const auto profile = dm::CommissioningProfile::fromJson(f.readAll());
    QVERIFY(profile.ok());
    QCOMPARE(profile.value().name, QStringLiteral("Saved"));
    QVERIFY(profile.value().values.size() > 40);
    bool found = false;
    for (const dm::WriteItem &w : profile.value().values)
        if (w.variable.name == QLatin1String("OfflineThreshold"))
            found = w.value == QLatin1String("76"); // the last value written by the tests above
    QVERIFY(found);
}

namespace {
struct ApiReply
{
    int status = 0;
    QJsonObject body;
};
} // namespace

void TestProfileCli::apiEndpoints()
{
    QNetworkAccessManager nam;
    const auto api = [&](const QByteArray &method, const QString &path, const QByteArray &body = {}) {
        QNetworkRequest req(QUrl(m_ws->apiUrl()).resolved(QUrl(QStringLiteral("stations/CLI-1/") + path)));
        req.setRawHeader("Authorization", "Bearer " + m_ws->apiToken());
        req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply *reply = nam.sendCustomRequest(req, method, body);
        QSignalSpy done(reply, &QNetworkReply::finished);
        ApiReply r;
        if (!done.wait(60000))
            return r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.body = QJsonDocument::fromJson(reply->readAll()).object();
        reply->deleteLater();
        return r;
    };
    ApiReply r = api("GET", QStringLiteral("devicemodel?refresh=1"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body.value(QLatin1String("reportData")).toArray().size(), m_station->deviceModel()->variableCount());
    const qint64 fresh = r.body.value(QLatin1String("snapshot")).toObject().value(QLatin1String("id")).toInteger();
    QVERIFY(fresh > 0);
    r = api("GET", QStringLiteral("devicemodel"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body.value(QLatin1String("snapshot")).toObject().value(QLatin1String("id")).toInteger(), fresh);
    r = api("GET", QStringLiteral("snapshots"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body.value(QLatin1String("snapshots")).toArray().first().toObject().value(QLatin1String("id")).toInteger(), fresh);
    r = api("GET", QStringLiteral("snapshots/%1").arg(fresh));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body.value(QLatin1String("snapshot")).toObject().value(QLatin1String("stationId")).toString(), QStringLiteral("CLI-1"));
    r = api("POST", QStringLiteral("snapshots"), R"({"label":"by hand"})");
    QCOMPARE(r.status, 201);
    const qint64 manual = r.body.value(QLatin1String("id")).toInteger();
    r = api("GET", QStringLiteral("snapshots/%1/diff/%2").arg(fresh).arg(manual));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body.value(QLatin1String("changed")).toInt(), 0);
    r = api("GET", QStringLiteral("snapshots/%1/diff/live").arg(fresh));
    QCOMPARE(r.status, 200);
    r = api("DELETE", QStringLiteral("snapshots/%1").arg(manual));
    QCOMPARE(r.status, 200);
    r = api("GET", QStringLiteral("snapshots/%1").arg(manual));
    QCOMPARE(r.status, 404);
    r = api("GET", QStringLiteral("snapshots/abc"));
    QCOMPARE(r.status, 400);
    r = api("GET", QStringLiteral("nothing-here"));
    QCOMPARE(r.status, 404);
    r = api("POST", QStringLiteral("profile"), "not json");
    QCOMPARE(r.status, 400);
    QVERIFY(!r.body.value(QLatin1String("hint")).toString().isEmpty());
}

QTEST_MAIN(TestProfileCli)
#include "tst_profilecli.moc"
