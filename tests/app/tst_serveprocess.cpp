// `chargebench-cli serve` as a user runs it: a real process with a real keychain (Basic auth,
// security profile 1), clean shutdown on SIGTERM (stations see 1001, the capture is complete),
// and kill -9 followed by reopening the database.
#include "secrets/secretstore.h"
#include "storage/database.h"
#include "storage/framerepository.h"
#include "storage/stationrepository.h"
#include "transport/stationclient.h"

#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace cb;

namespace {

struct ServeProcess
{
    QProcess process;
    QString output;
    QString url;

    bool start(const QStringList &extra)
    {
        process.setProcessChannelMode(QProcess::SeparateChannels);
        process.start(QStringLiteral(CHARGEBENCH_CLI),
                      QStringList{QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")} + extra);
        static const QRegularExpression urlLine(QStringLiteral("(ws://127\\.0\\.0\\.1:\\d+/ocpp/)"));
        return QTest::qWaitFor([&] {
            output += QString::fromUtf8(process.readAllStandardOutput());
            const auto m = urlLine.match(output);
            if (m.hasMatch())
                url = m.captured(1);
            return !url.isEmpty() || process.state() == QProcess::NotRunning;
        }, 30000) && !url.isEmpty();
    }
};

ClientConfig clientConfig(const QString &url, const QString &id, const QByteArray &password = {})
{
    ClientConfig c;
    c.baseUrl = QUrl(url);
    c.identity = id;
    c.versions = {OcppVersion::V201};
    c.password = password;
    return c;
}

qint64 frameCount(const QString &dbPath, const QString &station)
{
    Database db;
    if (!db.open(dbPath).ok())
        return -1;
    const auto n = FrameRepository(db).count(station);
    return n ? n.value() : -1;
}

QJsonObject boot()
{
    return QJsonObject{{QStringLiteral("reason"), QStringLiteral("PowerUp")},
                       {QStringLiteral("chargingStation"),
                        QJsonObject{{QStringLiteral("vendorName"), QStringLiteral("V")}, {QStringLiteral("model"), QStringLiteral("M")}}}};
}

} // namespace

class TestServeProcess : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void basicAuthFromKeychain();
    void sigtermClosesWith1001AndKeepsEveryFrame();
    void killDashNineThenReopen();
};

void TestServeProcess::basicAuthFromKeychain()
{
    std::optional<Status<>> written;
    SecretStore store;
    store.write(SecretStore::stationPasswordKey(QStringLiteral("CP-auth")), "0123456789abcdef", [&](Status<> s) { written = s; });
    QTRY_VERIFY_WITH_TIMEOUT(written.has_value(), 20000);
    QVERIFY(written->ok());

    QTemporaryDir dir;
    ServeProcess serve;
    QVERIFY2(serve.start({QStringLiteral("--profile"), QStringLiteral("1"), QStringLiteral("--db"), dir.filePath(QStringLiteral("c.sqlite"))}),
             qPrintable(serve.output + QString::fromUtf8(serve.process.readAllStandardError())));

    StationClient good;
    QSignalSpy up(&good, &StationClient::connected);
    good.open(clientConfig(serve.url, QStringLiteral("CP-auth"), "0123456789abcdef"));
    QVERIFY(up.wait(20000));

    StationClient bad;
    QSignalSpy failed(&bad, &StationClient::failed);
    bad.open(clientConfig(serve.url, QStringLiteral("CP-auth"), "not-the-password"));
    QVERIFY(failed.wait(20000));
    QVERIFY2(failed.first().first().toString().contains(QStringLiteral("401")), qPrintable(failed.first().first().toString()));
    // The reason is logged for the technician, never told to the peer.
    QString log;
    QTRY_VERIFY_WITH_TIMEOUT((log += QString::fromUtf8(serve.process.readAllStandardError())).contains(QStringLiteral("wrong password")),
                             10000);
    serve.process.terminate();
    QVERIFY(serve.process.waitForFinished(20000));
}

void TestServeProcess::sigtermClosesWith1001AndKeepsEveryFrame()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("c.sqlite"));
    ServeProcess serve;
    QVERIFY(serve.start({QStringLiteral("--db"), db}));
    StationClient client;
    QSignalSpy up(&client, &StationClient::connected), down(&client, &StationClient::disconnected);
    client.open(clientConfig(serve.url, QStringLiteral("CP-term")));
    QVERIFY(up.wait(20000));
    int answered = 0;
    client.rpc()->call(QStringLiteral("BootNotification"), boot(), [&](const CallOutcome &o) { answered += o.ok(); });
    for (int i = 0; i < 50; ++i)
        client.rpc()->call(QStringLiteral("Heartbeat"), {}, [&](const CallOutcome &o) { answered += o.ok(); });
    QTRY_COMPARE_WITH_TIMEOUT(answered, 51, 30000);

    ::kill(pid_t(serve.process.processId()), SIGTERM);
    QVERIFY(down.wait(20000));
    QCOMPARE(down.first().first().toInt(), 1001);
    QVERIFY(serve.process.waitForFinished(20000));
    QCOMPARE(serve.process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(serve.process.exitCode(), 0);
    // 51 CALLs and 51 replies, plus the open and close records.
    QCOMPARE(frameCount(db, QStringLiteral("CP-term")), 51 * 2 + 2);
}

void TestServeProcess::killDashNineThenReopen()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("c.sqlite"));
    ServeProcess serve;
    QVERIFY(serve.start({QStringLiteral("--db"), db}));
    StationClient client;
    QSignalSpy up(&client, &StationClient::connected);
    client.open(clientConfig(serve.url, QStringLiteral("CP-kill")));
    QVERIFY(up.wait(20000));
    client.rpc()->call(QStringLiteral("BootNotification"), boot());
    // Keep traffic flowing while the process is killed.
    std::function<void(const CallOutcome &)> again = [&](const CallOutcome &o) {
        if (o.ok() && client.rpc())
            client.rpc()->call(QStringLiteral("Heartbeat"), {}, again);
    };
    client.rpc()->call(QStringLiteral("Heartbeat"), {}, again);

    qint64 seen = 0;
    QTRY_VERIFY_WITH_TIMEOUT((seen = frameCount(db, QStringLiteral("CP-kill"))) >= 40, 30000);
    serve.process.kill(); // SIGKILL
    QVERIFY(serve.process.waitForFinished(20000));
    QCOMPARE(serve.process.exitStatus(), QProcess::CrashExit);

    Database reopened;
    const auto opened = reopened.open(db);
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().text()));
    const auto check = reopened.integrityCheck();
    QVERIFY(check.ok());
    QCOMPARE(check.value(), QStringLiteral("ok"));
    // Everything that was committed before the kill is still there.
    QVERIFY(FrameRepository(reopened).count(QStringLiteral("CP-kill")).value() >= seen);
    const auto station = StationRepository(reopened).get(QStringLiteral("CP-kill"));
    QVERIFY(station.ok() && station.value().has_value());
    QCOMPARE(station.value()->vendor, QStringLiteral("V"));
}

QTEST_GUILESS_MAIN(TestServeProcess)
#include "tst_serveprocess.moc"
