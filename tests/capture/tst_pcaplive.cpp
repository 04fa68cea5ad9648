// PcapImporter against captures written by a real capture tool: dumpcap records loopback traffic
// between a real CsmsServer and a StationClient, and the import must match what the server's
// FrameSink saw.
#include "capture/pcapimporter.h"
#include "transport/csmsserver.h"
#include "transport/stationclient.h"

#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace cb;
using namespace std::chrono_literals;

namespace {

struct Seen
{
    bool outgoing;
    QByteArray text;
    int type;
    QString id;
    QString action;
    bool operator==(const Seen &) const = default;
};

char *toString(const Seen &s)
{
    return qstrdup(QByteArray((s.outgoing ? "out " : "in  ") + s.text + " " + s.action.toUtf8()).constData());
}

QList<Seen> importFrames(const QString &path, ImportSummary *summary = nullptr)
{
    QList<Seen> out;
    PcapImporter importer;
    auto result = importer.import(path, [&](CaptureRecord &&f) {
        if (f.kind == CaptureRecord::Kind::Frame)
            out.append({f.outgoing, f.data, f.messageType, f.messageId, f.action});
    });
    if (result && summary)
        *summary = result.value();
    return out;
}

} // namespace

class TestPcapLive : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void dumpcapMatchesFrameSink_data();
    void dumpcapMatchesFrameSink();
};

void TestPcapLive::dumpcapMatchesFrameSink_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<OcppVersion>("version");
    QTest::newRow("pcapng-2.0.1") << QStringLiteral("pcapng") << OcppVersion::V201;
    QTest::newRow("pcap-1.6") << QStringLiteral("pcap") << OcppVersion::V16;
}

void TestPcapLive::dumpcapMatchesFrameSink()
{
    QFETCH(QString, format);
    QFETCH(OcppVersion, version);
    const QString dumpcap = QStandardPaths::findExecutable(QStringLiteral("dumpcap"));
    if (dumpcap.isEmpty())
        QSKIP("dumpcap is not installed (Debian package tshark or wireshark-common); the live-capture test needs it.");

    CsmsServer server;
    QList<Seen> sink;
    server.setFrameSink([&](const ConnectionInfo &, const FrameEvent &e) {
        sink.append({e.direction == FrameEvent::Direction::Out, e.text, e.type ? int(*e.type) : 0, e.messageId, e.action});
    });
    QObject::connect(&server, &CsmsServer::connectionOpened, &server, [](StationConnection *c) {
        c->rpc().setHandler(QStringLiteral("BootNotification"), [](const RpcCall &, RpcResponder r) {
            r.result({{QStringLiteral("currentTime"), QStringLiteral("2026-01-01T00:00:00Z")}, {QStringLiteral("interval"), 60},
                      {QStringLiteral("status"), QStringLiteral("Accepted")}});
        });
        c->rpc().setHandler(QStringLiteral("DataTransfer"), [](const RpcCall &, RpcResponder r) {
            r.result({{QStringLiteral("status"), QStringLiteral("Accepted")}});
        });
        c->rpc().setHandler(QStringLiteral("Heartbeat"), [](const RpcCall &, RpcResponder r) {
            r.result({{QStringLiteral("currentTime"), QStringLiteral("2026-01-01T00:00:00Z")}});
        });
    });
    ServerConfig config;
    config.address = QHostAddress::LocalHost;
    config.port = 0;
    config.pingInterval = 0ms;
    QVERIFY(server.start(config).ok());

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("live.") + format);
    QProcess capture;
    QStringList args{QStringLiteral("-i"), QStringLiteral("lo"), QStringLiteral("-f"),
                     QStringLiteral("tcp port %1").arg(server.port()), QStringLiteral("-w"), path};
    if (format == QLatin1String("pcap"))
        args << QStringLiteral("-P");
    capture.setProcessChannelMode(QProcess::MergedChannels);
    capture.start(dumpcap, args);
    if (!capture.waitForStarted())
        QSKIP("dumpcap could not be started; capturing is not available here.");
    const auto stopCapture = qScopeGuard([&] {
        capture.terminate();
        capture.waitForFinished(10000);
    });
    // dumpcap says "Capturing on 'Loopback: lo'" once packets are being recorded.
    QByteArray said;
    QTRY_VERIFY_WITH_TIMEOUT((said += capture.readAll(), said.contains("Capturing on") || capture.state() == QProcess::NotRunning), 10000);
    if (!said.contains("Capturing on"))
        QSKIP(qPrintable(QStringLiteral("capturing on lo is not permitted or available: %1").arg(QString::fromLocal8Bit(said.trimmed()))));
    // dumpcap may say so a moment before its filter really records: on a loaded machine the
    // station's connection was missing from the file now and then. Knock on the server's port
    // (a bare TCP connection, which the import does not count as a WebSocket connection) until
    // a packet shows in the file.
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
        QTcpSocket knock;
        knock.connectToHost(QHostAddress::LocalHost, server.port());
        knock.waitForConnected(1000);
        knock.abort();
        ImportSummary seen;
        importFrames(path, &seen);
        return seen.packets > 0;
    }()), 60000);

    StationClient client;
    QSignalSpy connected(&client, &StationClient::connected);
    ClientConfig cc;
    cc.baseUrl = QUrl(QStringLiteral("ws://127.0.0.1:%1/ocpp").arg(server.port()));
    cc.identity = QStringLiteral("LIVE-1");
    cc.versions = {version};
    client.open(cc);
    QVERIFY(connected.wait());
    int done = 0;
    const QJsonObject boot = version == OcppVersion::V16
        ? QJsonObject{{QStringLiteral("chargePointVendor"), QStringLiteral("ACME")}, {QStringLiteral("chargePointModel"), QStringLiteral("One")}}
        : QJsonObject{{QStringLiteral("reason"), QStringLiteral("PowerUp")},
                      {QStringLiteral("chargingStation"), QJsonObject{{QStringLiteral("vendorName"), QStringLiteral("ACME")},
                                                                      {QStringLiteral("model"), QStringLiteral("One")}}}};
    client.rpc()->call(QStringLiteral("BootNotification"), boot, [&](const CallOutcome &) { ++done; });
    QTRY_COMPARE(done, 1);
    for (int i = 0; i < 20; ++i) {
        client.rpc()->call(QStringLiteral("Heartbeat"), {}, [&](const CallOutcome &) { ++done; });
        QTRY_COMPARE(done, 2 + i);
    }
    client.rpc()->call(QStringLiteral("DataTransfer"), {{QStringLiteral("vendorId"), QStringLiteral("acme")}, {QStringLiteral("data"), QString(70000, QLatin1Char('v'))}},
                       [&](const CallOutcome &) { ++done; });
    QTRY_COMPARE(done, 22);
    QSignalSpy closed(&server, &CsmsServer::connectionClosed);
    client.close();
    QVERIFY(closed.wait());
    QVERIFY2(sink.size() >= 44, qPrintable(QString::number(sink.size())));

    // dumpcap writes packets as they arrive, but through a buffer it flushes on its own schedule:
    // on a loaded machine (two cores shared with a build) that took over 10 s. Wait until the
    // file holds the whole exchange (the wait ends as soon as it does), so that stopping dumpcap
    // cannot cut off packets still on their way to it. Not an assertion: stopping it also flushes
    // its buffer, and the comparison below, after it has exited, is what decides.
    if (!QTest::qWaitFor([&] { return importFrames(path).size() == sink.size(); }, 60000))
        qInfo() << "dumpcap's file was still short after 60 s; comparing after it has stopped";
    capture.terminate();
    QVERIFY(capture.waitForFinished(10000));
    QCOMPARE(capture.exitStatus(), QProcess::NormalExit);

    ImportSummary summary;
    const QList<Seen> imported = importFrames(path, &summary);
    QVERIFY2(summary.complete(), qPrintable(summary.error));
    QCOMPARE(summary.connections, 1);
    // Element by element first: a failure then shows the first frame that differs.
    for (qsizetype i = 0; i < qMin(imported.size(), sink.size()); ++i)
        QCOMPARE(imported.at(i), sink.at(i));
    QCOMPARE(imported.size(), sink.size());
}

QTEST_GUILESS_MAIN(TestPcapLive)
#include "tst_pcaplive.moc"
