// `chargebench-cli serial ...` as a technician runs it: against the RAPI simulator and a Qt Modbus
// server on socat pty pairs, reading stdout JSON, exit codes and Ctrl-C.
#include "ptypair.h"
#include "rapi/rapistate.h"
#include "rapisimulator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QModbusRtuSerialServer>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

#include <csignal>

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs the CLI to completion while this process's event loop keeps serving the simulators.
Run runCli(const QStringList &args, int timeoutMs = 15000)
{
    QProcess p;
    p.start(QStringLiteral(CHARGEBENCH_CLI), QStringList{QStringLiteral("serial")} + args);
    Run r;
    if (!p.waitForStarted(5000))
        return r;
    if (!QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, timeoutMs)) {
        p.kill();
        p.waitForFinished(2000);
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QList<QJsonObject> jsonLines(const QByteArray &out)
{
    QList<QJsonObject> lines;
    for (const QByteArray &l : out.split('\n')) {
        if (!l.trimmed().isEmpty())
            lines.append(QJsonDocument::fromJson(l).object());
    }
    return lines;
}

} // namespace

class TestSerialCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void usage_data();
    void usage();
    void profiles();
    void readRapi();
    void readModbusPhoenix();
    void watchStreamsChanges();
    void watchStopsOnSecondsAndCtrlC();

private:
    std::unique_ptr<PtyPair> m_pty;
};

void TestSerialCli::init()
{
    m_pty = std::make_unique<PtyPair>();
    QVERIFY(m_pty->start());
}

void TestSerialCli::usage_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("no subcommand") << QStringList() << 0 << "list|profiles|read|watch";
    QTest::newRow("unknown subcommand") << QStringList{QStringLiteral("frobnicate")} << 2 << "Unknown serial command";
    QTest::newRow("no port") << QStringList{QStringLiteral("read"), QStringLiteral("--protocol"), QStringLiteral("rapi")} << 2 << "--port";
    QTest::newRow("unknown protocol") << QStringList{QStringLiteral("read"), QStringLiteral("--port"), QStringLiteral("PTY"),
                                                     QStringLiteral("--protocol"), QStringLiteral("canbus")} << 2 << "modbus:PROFILE";
    QTest::newRow("bad framing") << QStringList{QStringLiteral("read"), QStringLiteral("--port"), QStringLiteral("PTY"),
                                                QStringLiteral("--protocol"), QStringLiteral("rapi"), QStringLiteral("--framing"),
                                                QStringLiteral("8X1")} << 2 << "8N1";
    QTest::newRow("missing device") << QStringList{QStringLiteral("read"), QStringLiteral("--port"), QStringLiteral("/dev/ttyChargeBenchNone"),
                                                   QStringLiteral("--protocol"), QStringLiteral("rapi")} << 1 << "serial list";
    QTest::newRow("bad count") << QStringList{QStringLiteral("watch"), QStringLiteral("--port"), QStringLiteral("PTY"),
                                              QStringLiteral("--protocol"), QStringLiteral("rapi"), QStringLiteral("--count"),
                                              QStringLiteral("0")} << 2 << "--count";
    QTest::newRow("bad retries") << QStringList{QStringLiteral("read"), QStringLiteral("--port"), QStringLiteral("PTY"),
                                                QStringLiteral("--protocol"), QStringLiteral("modbus:evracing-evse-wb-din"),
                                                QStringLiteral("--retries"), QStringLiteral("9")} << 2 << "--retries";
}

void TestSerialCli::usage()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, mentions);
    args.replaceInStrings(QStringLiteral("PTY"), m_pty->a());
    const Run r = runCli(args);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2(QString::fromUtf8(r.err).contains(mentions), r.err.constData());
}

void TestSerialCli::profiles()
{
    const Run r = runCli({QStringLiteral("profiles")});
    QCOMPARE(r.exitCode, 0);
    for (const char *id : {"modbus:heidelberg-energy-control", "modbus:phoenix-ev-charge-control-basic", "modbus:evracing-evse-wb-din"})
        QVERIFY2(r.out.contains(id), r.out.constData());
    QVERIFY(r.out.contains("19200 8E1"));
    QVERIFY(r.out.contains("currentLimit: 0 or 6-16 A"));
    const Run list = runCli({QStringLiteral("list"), QStringLiteral("--json")});
    QCOMPARE(list.exitCode, 0);
    QVERIFY(QJsonDocument::fromJson(list.out).isArray());
}

void TestSerialCli::readRapi()
{
    RapiSimulator sim;
    QVERIFY(sim.open(m_pty->b()));
    sim.evseState = 0x03;
    sim.pilotState = 0x03;
    sim.vflags = cb::serial::rapi::VFlag::RelayClosed | cb::serial::rapi::VFlag::EvConnected;
    sim.asyncBeforeReply = true; // an $AT in the middle does not disturb the reading
    const Run r = runCli({QStringLiteral("read"), QStringLiteral("--port"), m_pty->a(), QStringLiteral("--protocol"), QStringLiteral("rapi")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.isEmpty(), r.err.constData());
    const QJsonObject s = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(s.value(QLatin1String("cpState")).toString(), QStringLiteral("C"));
    QCOMPARE(s.value(QLatin1String("contactorClosed")).toBool(), true);
    QCOMPARE(s.value(QLatin1String("firmwareVersion")).toString(), QStringLiteral("7.1.3"));
    QCOMPARE(s.value(QLatin1String("source")).toString(), QStringLiteral("rapi"));
    QCOMPARE(s.value(QLatin1String("diagnostics")).toObject().value(QLatin1String("asyncMessages")).toInt(), 1);

    // The controller is silent: a clear failure, quickly, not a hang.
    sim.silentReplies = 100;
    QElapsedTimer t;
    t.start();
    const Run silent = runCli({QStringLiteral("read"), QStringLiteral("--port"), m_pty->a(), QStringLiteral("--protocol"),
                               QStringLiteral("rapi"), QStringLiteral("--timeout"), QStringLiteral("50")});
    QCOMPARE(silent.exitCode, 1);
    QVERIFY2(silent.err.contains("did not answer GV, GS, G0"), silent.err.constData());
    QCOMPARE(silent.err.count("did not answer"), 1);
    QVERIFY(t.elapsed() < 5000);
}

void TestSerialCli::readModbusPhoenix()
{
    QModbusRtuSerialServer server;
    QModbusDataUnitMap map;
    map.insert(QModbusDataUnit::InputRegisters, {QModbusDataUnit::InputRegisters, 0, 24028});
    map.insert(QModbusDataUnit::HoldingRegisters, {QModbusDataUnit::HoldingRegisters, 22000, 1});
    server.setMap(map);
    server.setServerAddress(3);
    server.setConnectionParameter(QModbusDevice::SerialPortNameParameter, m_pty->b());
    server.setData({QModbusDataUnit::InputRegisters, 24000, {quint16(('B' << 8) | '2'), 20}});
    server.setData(QModbusDataUnit::HoldingRegisters, 22000, 20);
    QVERIFY(server.connectDevice());
    const QStringList base{QStringLiteral("read"), QStringLiteral("--port"), m_pty->a(), QStringLiteral("--protocol"),
                           QStringLiteral("modbus:phoenix-ev-charge-control-basic"), QStringLiteral("--timeout"), QStringLiteral("200")};
    const Run r = runCli(base + QStringList{QStringLiteral("--id"), QStringLiteral("3"), QStringLiteral("--trace")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject s = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(s.value(QLatin1String("cpDetail")).toString(), QStringLiteral("B2"));
    QCOMPARE(s.value(QLatin1String("ppRatingA")).toDouble(), 20.0);
    QCOMPARE(s.value(QLatin1String("diagnostics")).toObject().value(QLatin1String("exceptions")).toInt(), 1); // 03 -> 04
    QVERIFY2(r.err.contains("out  03 03 5d c0 00 1c"), r.err.constData()); // --trace: the 03 request, server 3
    QVERIFY(r.err.contains("out  03 04 5d c0 00 1c"));
    // The exception reply as Qt's server sent it (CRC from pymodbus), with what it means.
    QVERIFY2(r.err.contains("in  03 83 02 61 31"), r.err.constData());
    QVERIFY(r.err.contains("illegal data address"));

    const Run wrongId = runCli(base + QStringList{QStringLiteral("--id"), QStringLiteral("9")});
    QCOMPARE(wrongId.exitCode, 1);
    QVERIFY2(wrongId.err.contains("--id"), wrongId.err.constData());
}

void TestSerialCli::watchStreamsChanges()
{
    RapiSimulator sim;
    QVERIFY(sim.open(m_pty->b()));
    QProcess p;
    p.start(QStringLiteral(CHARGEBENCH_CLI), {QStringLiteral("serial"), QStringLiteral("watch"), QStringLiteral("--port"), m_pty->a(),
                                               QStringLiteral("--protocol"), QStringLiteral("rapi"), QStringLiteral("--interval"),
                                               QStringLiteral("50"), QStringLiteral("--count"), QStringLiteral("3")});
    QVERIFY(p.waitForStarted(5000));
    QByteArray out;
    auto lines = [&] {
        out += p.readAllStandardOutput();
        return jsonLines(out).size();
    };
    QTRY_COMPARE_WITH_TIMEOUT(lines(), 1, 10000);
    // Unchanged polls print nothing; a change prints one line.
    const int polls = sim.commandsReceived;
    QTRY_VERIFY(sim.commandsReceived >= polls + 18);
    QCOMPARE(lines(), 1);
    sim.changeState(0x02, 0x02, cb::serial::rapi::VFlag::EvConnected);
    QTRY_COMPARE_WITH_TIMEOUT(lines(), 2, 10000);
    sim.evseState = 0x03;
    sim.pilotState = 0x03;
    sim.vflags = cb::serial::rapi::VFlag::EvConnected | cb::serial::rapi::VFlag::RelayClosed;
    QTRY_VERIFY_WITH_TIMEOUT(p.state() == QProcess::NotRunning, 10000);
    QCOMPARE(p.exitCode(), 0);
    lines();
    const auto all = jsonLines(out);
    QCOMPARE(all.size(), 3);
    QCOMPARE(all.at(0).value(QLatin1String("cpState")).toString(), QStringLiteral("A"));
    QCOMPARE(all.at(1).value(QLatin1String("cpState")).toString(), QStringLiteral("B"));
    QCOMPARE(all.at(2).value(QLatin1String("cpState")).toString(), QStringLiteral("C"));
    QCOMPARE(all.at(2).value(QLatin1String("contactorClosed")).toBool(), true);
}

void TestSerialCli::watchStopsOnSecondsAndCtrlC()
{
    RapiSimulator sim;
    QVERIFY(sim.open(m_pty->b()));
    QElapsedTimer t;
    t.start();
    const Run r = runCli({QStringLiteral("watch"), QStringLiteral("--port"), m_pty->a(), QStringLiteral("--protocol"),
                          QStringLiteral("rapi"), QStringLiteral("--seconds"), QStringLiteral("0.5")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(jsonLines(r.out).size(), 1);
    QVERIFY(t.elapsed() < 5000);

    QProcess p;
    p.start(QStringLiteral(CHARGEBENCH_CLI), {QStringLiteral("serial"), QStringLiteral("watch"), QStringLiteral("--port"), m_pty->a(),
                                               QStringLiteral("--protocol"), QStringLiteral("rapi"), QStringLiteral("--interval"),
                                               QStringLiteral("50")});
    QVERIFY(p.waitForStarted(5000));
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += p.readAllStandardOutput()).contains('\n'), 10000);
    ::kill(pid_t(p.processId()), SIGINT);
    QTRY_VERIFY_WITH_TIMEOUT(p.state() == QProcess::NotRunning, 5000);
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestSerialCli)
#include "tst_serialcli.moc"
