// ModbusClient (our RTU master over a SerialLink) against real peers over socat pty pairs: pymodbus
// serving the Heidelberg registers, QModbusRtuSerialServer as Phoenix (03 refused -> 04) and
// evracing, and a raw byte peer for CRC errors, garbage, split and foreign replies and silence;
// unplug/replug while polling. The byte log is checked byte for byte against frames computed
// independently (pymodbus's CRC), not against our own encoder.
#include "modbus/modbusclient.h"
#include "modbus/rtucrc.h"
#include "modbus/rtumaster.h"
#include "ptypair.h"

#include <QFileInfo>
#include <QModbusRtuSerialServer>
#include <QProcess>
#include <QSerialPort>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>

using namespace cb::serial;
using namespace std::chrono_literals;

Q_DECLARE_METATYPE(cb::serial::HardwareState)

namespace {

modbus::RegisterProfile profile(const char *id)
{
    auto p = modbus::RegisterProfile::load(QLatin1String(id));
    if (!p)
        qFatal("%s", qPrintable(p.error().text()));
    return p.value();
}

// Tests run 8N1: pseudo-terminals carry no parity (the Heidelberg profile itself says 8E1).
SerialSettings ptySettings(const modbus::RegisterProfile &p, const QString &port)
{
    SerialSettings s = ModbusClient::defaultSettings(p, port);
    s.parity = QSerialPort::NoParity;
    return s;
}

bool refresh(ModbusClient &c, QString *problem = nullptr)
{
    QSignalSpy done(&c, &HardwareClient::refreshFinished);
    c.refresh();
    if (!done.wait(10000))
        return false;
    if (problem)
        *problem = done.first().at(1).toString();
    return done.first().at(0).toBool();
}

QByteArray withCrc(QByteArray frame)
{
    const quint16 crc = ModbusClient::crc16(frame);
    frame.append(char(crc & 0xFF));
    frame.append(char(crc >> 8));
    return frame;
}

quint16 ascii2(const char *two)
{
    return quint16((quint8(two[0]) << 8) | quint8(two[1]));
}

QString python()
{
    // Debian's interpreter carries python3-pymodbus; a pyenv shim earlier on PATH would not.
    const QString system = QStandardPaths::findExecutable(QStringLiteral("python3"), {QStringLiteral("/usr/bin")});
    return system.isEmpty() ? QStandardPaths::findExecutable(QStringLiteral("python3")) : system;
}

} // namespace

namespace {

// evracing read 01 03 03E8 0008 and its good answer, both computed with pymodbus's CRC.
const QByteArray kEvracingRequest = QByteArray::fromHex("010303e80008c47c");
const QByteArray kEvracingReply = QByteArray::fromHex("01031000100010000300140000001100020001a682");

QByteArray corrupted(QByteArray frame)
{
    frame[frame.size() - 1] = char(frame.at(frame.size() - 1) ^ 0x5A);
    return frame;
}

// A device that is nothing but bytes on a pty: each request is answered with the next scripted
// answer (a list of chunks, the later ones written 30 ms apart, as a slow USB adapter delivers
// them), then with the good evracing reply. Everything it received is kept.
struct RawPeer
{
    QSerialPort port;
    QObject context;
    QList<QList<QByteArray>> script;
    QByteArray received;
    int requests = 0;
    QElapsedTimer clock;
    QList<qint64> requestTimesMs; // when each complete request had arrived

    bool open(const QString &name)
    {
        port.setPortName(name);
        if (!port.open(QIODevice::ReadWrite))
            return false;
        clock.start();
        QObject::connect(&port, &QSerialPort::readyRead, &context, [this] {
            received += port.readAll();
            while (received.size() >= 8 * (requests + 1)) {
                ++requests;
                requestTimesMs.append(clock.elapsed());
                const QList<QByteArray> chunks = script.isEmpty() ? QList<QByteArray>{kEvracingReply} : script.takeFirst();
                for (int i = 0; i < chunks.size(); ++i) {
                    if (i == 0)
                        port.write(chunks.at(0));
                    else
                        QTimer::singleShot(30 * i, &context, [this, c = chunks.at(i)] { port.write(c); });
                }
            }
        });
        return true;
    }
};

struct Logged
{
    QList<ByteLogEntry> entries;
    void attach(HardwareClient &c, QObject *context)
    {
        QObject::connect(&c, &HardwareClient::bytesLogged, context, [this](const ByteLogEntry &e) { entries.append(e); });
    }
    QList<QByteArray> bytes() const
    {
        QList<QByteArray> b;
        for (const auto &e : entries)
            b.append(e.bytes);
        return b;
    }
};

} // namespace

class TestModbusClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void crcMatchesReference();
    void requestFrames_data();
    void requestFrames();
    void interFrameSilence_data();
    void interFrameSilence();
    void crcErrorIsCountedAndLogged();
    void crcErrorRetried();
    void garbageAroundReplies();
    void splitReply();
    void echoingAdapter();
    void endlessNoise();
    void writeMultipleAgainstQtServer();
    void heidelbergAgainstPymodbus();
    void phoenixFallsBackTo04();
    void evracing();
    void writesAreBounded();
    void badPeer_data();
    void badPeer();
    void unplugWhilePolling();
    void openFailureExplains();
};

void TestModbusClient::crcMatchesReference()
{
    // Read holding registers 0..1 of server 1: 01 03 00 00 00 01 84 0A (the textbook frame).
    QCOMPARE(withCrc(QByteArray::fromHex("010300000001")), QByteArray::fromHex("010300000001840a"));
}

void TestModbusClient::heidelbergAgainstPymodbus()
{
    PtyPair pty;
    QVERIFY(pty.start());
    QProcess server;
    server.setProcessChannelMode(QProcess::SeparateChannels);
    server.start(python(), {QFINDTESTDATA("heidelberg_server.py"), pty.b(), QStringLiteral("19200")});
    QVERIFY2(server.waitForStarted(5000), qPrintable(server.errorString()));
    QByteArray serverOut;
    auto readServer = [&] { serverOut += server.readAllStandardOutput(); return serverOut; };
    QTRY_VERIFY2_WITH_TIMEOUT(readServer().contains("ready") || server.state() == QProcess::NotRunning,
                              "pymodbus server did not start", 15000);
    QVERIFY2(serverOut.contains("ready"), qPrintable(QStringLiteral("pymodbus server failed (install python3-pymodbus "
                                                                    "and python3-serial-asyncio): ") +
                                                     QString::fromLocal8Bit(server.readAllStandardError())));

    ModbusClient client(profile("heidelberg-energy-control"));
    QList<ByteLogEntry> log;
    connect(&client, &HardwareClient::bytesLogged, this, [&](const ByteLogEntry &e) { log.append(e); });
    QVERIFY(client.open(ptySettings(client.profile(), pty.a())));
    QElapsedTimer timer;
    timer.start();
    QString problem;
    QVERIFY2(refresh(client, &problem), qPrintable(problem));
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    // Four blocks with the wallbox's 100 ms between requests. Qt's coarse timers may fire up to
    // 5 % early, so three gaps are at least 285 ms (a run measured 299 ms).
    QVERIFY2(elapsed >= 285, qPrintable(QString::number(elapsed)));
    qInfo("Heidelberg refresh (4 requests, 100 ms apart) took %lld ms", elapsed);

    HardwareState s = client.state();
    QCOMPARE(s.source, QStringLiteral("modbus:heidelberg-energy-control"));
    QCOMPARE(s.cpState, CpState::C);
    QCOMPARE(s.cpDetail, QStringLiteral("C2"));
    QCOMPARE(s.contactorClosed, std::optional<bool>(true));
    QCOMPARE(s.currentA[0], std::optional<double>(16.0));
    QCOMPARE(s.currentA[1], std::optional<double>(15.8));
    QCOMPARE(s.voltageV[0], std::optional<double>(231));
    QCOMPARE(s.temperaturesC.value(QStringLiteral("pcb")), 24.5);
    QCOMPARE(s.lock, LockState::Unlocked);
    QCOMPARE(s.energyWh, std::optional<double>(100000));
    QCOMPARE(s.maxCurrentA, std::optional<double>(16));
    QCOMPARE(s.minCurrentA, std::optional<double>(6));
    QCOMPARE(s.currentLimitA, std::optional<double>(16.0));
    QCOMPARE(s.firmwareVersion, QStringLiteral("500"));
    QCOMPARE(s.counters.framesOut, 4);
    QCOMPARE(s.counters.framesIn, 4);
    QCOMPARE(s.counters.timeouts + s.counters.crcErrors + s.counters.exceptions, 0);

    // The byte log is the wire: each request and each reply pymodbus sent, byte for byte (frames
    // and CRCs computed with pymodbus's own CRC from the registers heidelberg_server.py serves).
    const QList<QByteArray> wire{
        QByteArray::fromHex("01040004000ff1cf"),
        QByteArray::fromHex("01041e0108000700a0009e000000f500e700e5000000011c84000186a0000000003190"),
        QByteArray::fromHex("0104006400023014"),
        QByteArray::fromHex("010404001000067a43"),
        QByteArray::fromHex("010400cb00014034"),
        QByteArray::fromHex("01040201f4b927"),
        QByteArray::fromHex("01030101000695f4"),
        QByteArray::fromHex("01030c000000000001000000a000008392"),
    };
    QCOMPARE(log.size(), wire.size());
    qint64 bytesIn = 0;
    for (int i = 0; i < wire.size(); ++i) {
        QCOMPARE(log.at(i).direction, i % 2 ? ByteLogEntry::Direction::In : ByteLogEntry::Direction::Out);
        QCOMPARE(log.at(i).bytes.toHex(' '), wire.at(i).toHex(' '));
        QVERIFY2(log.at(i).note.isEmpty(), qPrintable(log.at(i).note));
        QCOMPARE(log.at(i).port, pty.a());
        if (i % 2)
            bytesIn += wire.at(i).size();
    }
    QVERIFY(log.at(1).timestampUs >= log.at(0).timestampUs);
    QCOMPARE(s.counters.bytesIn, bytesIn);
    QCOMPARE(s.counters.bytesOut, 4 * 8);

    // The wallbox changes state; a write within bounds lands in its register.
    server.write("set i 5 4\n");
    QTRY_VERIFY(readServer().contains("ok"));
    bool written = false;
    QVERIFY(client.writeValue(QStringLiteral("currentLimit"), 10.0, [&](const cb::Status<> &st) { written = st.ok(); }));
    QTRY_VERIFY(written);
    QVERIFY(refresh(client));
    s = client.state();
    QCOMPARE(s.cpDetail, QStringLiteral("B1"));
    QCOMPARE(s.contactorClosed, std::optional<bool>(false));
    QCOMPARE(s.currentLimitA, std::optional<double>(10.0));
    server.write("get h 261\n");
    QTRY_VERIFY(readServer().contains("h 261 100"));
    server.closeWriteChannel();
    QVERIFY(server.waitForFinished(5000));
}

namespace {

// Qt's own RTU server as a Phoenix EV Charge Control: the status block exists only as input
// registers, so function 03 on it earns an exception and the client must fall back to 04.
struct PhoenixServer
{
    QModbusRtuSerialServer server;

    bool start(const QString &port)
    {
        QModbusDataUnitMap map;
        map.insert(QModbusDataUnit::InputRegisters, {QModbusDataUnit::InputRegisters, 0, 24028});
        map.insert(QModbusDataUnit::HoldingRegisters, {QModbusDataUnit::HoldingRegisters, 22000, 1});
        server.setMap(map);
        server.setServerAddress(1);
        server.setConnectionParameter(QModbusDevice::SerialPortNameParameter, port);
        server.setConnectionParameter(QModbusDevice::SerialBaudRateParameter, 9600);
        server.setData({QModbusDataUnit::InputRegisters, 24000,
                        {ascii2("C2"), 32, 53, 32, 0x0001, 0x0002}});
        server.setData({QModbusDataUnit::InputRegisters, 24025, {quint16(1u << 15), 0x0001}});
        server.setData({QModbusDataUnit::InputRegisters, 1031, {ascii2("2."), ascii2("07"), ascii2(".1")}});
        server.setData(QModbusDataUnit::HoldingRegisters, 22000, 32);
        return server.connectDevice();
    }
};

} // namespace

void TestModbusClient::phoenixFallsBackTo04()
{
    PtyPair pty;
    QVERIFY(pty.start());
    PhoenixServer phoenix;
    QVERIFY(phoenix.start(pty.b()));
    ModbusClient client(profile("phoenix-ev-charge-control-basic"));
    QVERIFY(client.open(ptySettings(client.profile(), pty.a())));
    QString problem;
    QVERIFY2(refresh(client, &problem), qPrintable(problem));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY(client.usesFallback(0));
    QCOMPARE(client.counters().exceptions, 1);
    HardwareState s = client.state();
    QCOMPARE(s.cpState, CpState::C);
    QCOMPARE(s.cpDetail, QStringLiteral("C2"));
    QCOMPARE(s.ppRatingA, std::optional<double>(32));
    QCOMPARE(s.cpDutyPercent, std::optional<double>(53));
    QCOMPARE(s.pilotCurrentA, std::optional<double>(32));
    QCOMPARE(s.contactorClosed, std::optional<bool>(true));
    QCOMPARE(s.rcdTripped, std::optional<bool>(true));
    QCOMPARE(s.faults, (QStringList{QStringLiteral("rcmTrip"), QStringLiteral("rcmSelfTestFailed")}));
    QCOMPARE(s.firmwareVersion, QStringLiteral("2.07.1"));
    QCOMPARE(s.currentLimitA, std::optional<double>(32));
    // Later polls go straight to 04: no new exception.
    phoenix.server.setData({QModbusDataUnit::InputRegisters, 24000, {ascii2("B1"), 0xFFFF}});
    QVERIFY(refresh(client));
    QCOMPARE(client.counters().exceptions, 1);
    s = client.state();
    QCOMPARE(s.cpDetail, QStringLiteral("B1"));
    QVERIFY(!s.ppRatingA);
    QVERIFY(s.faults.contains(QStringLiteral("ppShorted")));
}

void TestModbusClient::evracing()
{
    PtyPair pty;
    QVERIFY(pty.start());
    QModbusRtuSerialServer server;
    QModbusDataUnitMap map;
    map.insert(QModbusDataUnit::HoldingRegisters, {QModbusDataUnit::HoldingRegisters, 1000, 8});
    server.setMap(map);
    server.setServerAddress(1);
    server.setConnectionParameter(QModbusDevice::SerialPortNameParameter, pty.b());
    server.setConnectionParameter(QModbusDevice::SerialBaudRateParameter, 9600);
    server.setData({QModbusDataUnit::HoldingRegisters, 1000, {16, 16, 3, 20, 0, 17, 2, 0x0001}});
    QVERIFY(server.connectDevice());
    ModbusClient client(profile("evracing-evse-wb-din"));
    QVERIFY(client.open(ptySettings(client.profile(), pty.a())));
    QVERIFY(refresh(client));
    HardwareState s = client.state();
    QCOMPARE(s.cpState, CpState::C);
    QCOMPARE(s.contactorClosed, std::optional<bool>(true));
    QCOMPARE(s.ppRatingA, std::optional<double>(20));
    QCOMPARE(s.currentLimitA, std::optional<double>(16));
    QCOMPARE(s.firmwareVersion, QStringLiteral("17"));
    QCOMPARE(s.rcdTripped, std::optional<bool>(false));
    // RCD error, vehicle state fault.
    server.setData(QModbusDataUnit::HoldingRegisters, 1002, 5);
    server.setData(QModbusDataUnit::HoldingRegisters, 1007, 0x0010);
    QVERIFY(refresh(client));
    s = client.state();
    QCOMPARE(s.controllerState, QStringLiteral("fault"));
    QCOMPARE(s.rcdTripped, std::optional<bool>(true));
    QCOMPARE(s.contactorClosed, std::optional<bool>(false));

    // Server id: a client asking another id gets no answer, and says what to check.
    ModbusClient other(profile("evracing-evse-wb-din"));
    other.setServerId(7);
    other.setTimeout(150ms);
    client.close();
    QVERIFY(other.open(ptySettings(other.profile(), pty.a())));
    QString problem;
    QVERIFY(!refresh(other, &problem));
    QVERIFY2(problem.contains(QLatin1String("--id")), qPrintable(problem));
    QCOMPARE(other.counters().timeouts, 1);
}

void TestModbusClient::writesAreBounded()
{
    PtyPair pty;
    QVERIFY(pty.start());
    PhoenixServer phoenix;
    QVERIFY(phoenix.start(pty.b()));
    QSignalSpy serverWrites(&phoenix.server, &QModbusServer::dataWritten);
    ModbusClient client(profile("phoenix-ev-charge-control-basic"));
    QVERIFY(client.open(ptySettings(client.profile(), pty.a())));

    const qint64 before = client.counters().framesOut;
    for (double bad : {5.0, 64.0, -1.0}) {
        const auto st = client.writeValue(QStringLiteral("maxCurrent"), bad);
        QVERIFY(!st);
        QVERIFY(st.error().hint.contains(QLatin1String("6-63 A")));
    }
    QVERIFY(!client.writeValue(QStringLiteral("noSuchValue"), 1));
    QCOMPARE(client.counters().framesOut, before); // nothing left the port
    std::optional<cb::Status<>> result;
    QVERIFY(client.writeValue(QStringLiteral("maxCurrent"), 20, [&](const cb::Status<> &st) { result = st; }));
    QTRY_VERIFY(result.has_value());
    QVERIFY(result->ok());
    QCOMPARE(serverWrites.size(), 1);
    quint16 value = 0;
    QVERIFY(phoenix.server.data(QModbusDataUnit::HoldingRegisters, 22000, &value));
    QCOMPARE(value, quint16(20));
}

void TestModbusClient::badPeer_data()
{
    QTest::addColumn<QString>("mode");
    QTest::newRow("wrong CRC") << "crc";
    QTest::newRow("reply from another server") << "otherServer";
    QTest::newRow("silence") << "silent";
    QTest::newRow("exception") << "exception";
    QTest::newRow("garbage") << "garbage";
}

void TestModbusClient::badPeer()
{
    QFETCH(QString, mode);
    PtyPair pty;
    QVERIFY(pty.start());
    QSerialPort peer;
    peer.setPortName(pty.b());
    QVERIFY(peer.open(QIODevice::ReadWrite));
    int requests = 0;
    // A device that answers the evracing read (01 03 03E8 0008) the way `mode` says, once; then well.
    connect(&peer, &QSerialPort::readyRead, this, [&] {
        const QByteArray req = peer.readAll();
        if (req.size() < 8)
            return;
        ++requests;
        const QByteArray good = withCrc(QByteArray::fromHex("010310") + QByteArray::fromHex("0010001000030014000000110002") + QByteArray::fromHex("0001"));
        QByteArray answer = good;
        if (requests == 1) {
            if (mode == QLatin1String("crc"))
                answer[answer.size() - 1] = char(answer.at(answer.size() - 1) ^ 0x5A);
            else if (mode == QLatin1String("otherServer"))
                answer = withCrc(QByteArray(1, '\x09') + good.mid(1, good.size() - 3));
            else if (mode == QLatin1String("silent"))
                answer.clear();
            else if (mode == QLatin1String("exception"))
                answer = withCrc(QByteArray::fromHex("018302"));
            else if (mode == QLatin1String("garbage"))
                answer = QByteArray("\xff\x00 line noise", 12);
        }
        peer.write(answer);
    });
    ModbusClient client(profile("evracing-evse-wb-din"));
    client.setTimeout(200ms);
    QList<ByteLogEntry> log;
    connect(&client, &HardwareClient::bytesLogged, this, [&](const ByteLogEntry &e) { log.append(e); });
    QVERIFY(client.open(ptySettings(client.profile(), pty.a())));
    QString problem;
    QVERIFY(!refresh(client, &problem)); // one block, answered badly: no reading, no crash, no hang
    QVERIFY(!problem.isEmpty());
    const LinkCounters c = client.counters();
    if (mode == QLatin1String("crc")) {
        QCOMPARE(c.crcErrors, 1);
        QCOMPARE(c.timeouts, 0); // a corrupted reply ends the wait at once
        QVERIFY2(problem.contains(QLatin1String("CRC")), qPrintable(problem));
        QVERIFY(std::any_of(log.cbegin(), log.cend(), [](const ByteLogEntry &e) { return e.note.contains(QLatin1String("CRC")); }));
    } else if (mode == QLatin1String("otherServer")) {
        QCOMPARE(c.sequenceMismatches, 1);
        QCOMPARE(c.timeouts, 1);
    } else if (mode == QLatin1String("exception")) {
        QCOMPARE(c.exceptions, 1);
        QVERIFY2(problem.contains(QLatin1String("illegal data address")), qPrintable(problem));
        QCOMPARE(log.last().bytes, withCrc(QByteArray::fromHex("018302")));
    } else if (mode == QLatin1String("garbage")) {
        QCOMPARE(c.timeouts, 1);
        QCOMPARE(c.garbageBytes, 12);
        QCOMPARE(log.last().bytes, QByteArray("\xff\x00 line noise", 12));
        QVERIFY2(log.last().note.contains(QLatin1String("garbage")), qPrintable(log.last().note));
    } else {
        QCOMPARE(c.timeouts, 1);
    }
    // The next poll, answered properly, works.
    QVERIFY2(refresh(client, &problem), qPrintable(problem));
    QCOMPARE(client.state().cpState, CpState::C);
    QCOMPARE(client.state().ppRatingA, std::optional<double>(20));
}

void TestModbusClient::unplugWhilePolling()
{
    PtyPair pty;
    QVERIFY(pty.start());
    auto server = std::make_unique<PhoenixServer>();
    QVERIFY(server->start(pty.b()));
    ModbusClient client(profile("phoenix-ev-charge-control-basic"));
    client.setReconnectBackoff(50ms, 200ms);
    client.setTimeout(200ms);
    QSignalSpy lost(&client, &HardwareClient::linkLost);
    QSignalSpy restored(&client, &HardwareClient::linkRestored);
    QSignalSpy updated(&client, &HardwareClient::stateUpdated);
    QList<ByteLogEntry> log;
    connect(&client, &HardwareClient::bytesLogged, this, [&](const ByteLogEntry &e) { log.append(e); });
    QVERIFY(client.open(ptySettings(client.profile(), pty.a())));
    client.startPolling(20ms);
    QVERIFY(updated.wait(5000));

    server.reset();
    pty.stop(); // unplug
    QTRY_COMPARE(lost.size(), 1);
    QVERIFY(!client.isOpen());
    QVERIFY(pty.start()); // replug
    server = std::make_unique<PhoenixServer>();
    QVERIFY(server->start(pty.b()));
    server->server.setData({QModbusDataUnit::InputRegisters, 24000, {ascii2("A1"), 0}});
    QTRY_COMPARE(restored.size(), 1);
    const qsizetype logAtReplug = log.size();
    updated.clear();
    QTRY_VERIFY_WITH_TIMEOUT(!updated.isEmpty() && updated.last().first().value<HardwareState>().cpState == CpState::A, 10000);
    QCOMPARE(client.counters().disconnects, 1);
    QCOMPARE(client.counters().reconnects, 1);
    client.stopPolling();
    // After the replug the log is the wire again: requests and replies with valid CRCs, no notes.
    QVERIFY(log.size() >= logAtReplug + 2);
    for (qsizetype i = logAtReplug; i < log.size(); ++i) {
        QVERIFY2(modbus::crcValid(log.at(i).bytes), qPrintable(log.at(i).hex()));
        QVERIFY2(!log.at(i).problem, qPrintable(log.at(i).note));
    }
}

void TestModbusClient::openFailureExplains()
{
    ModbusClient client(profile("heidelberg-energy-control"));
    SerialSettings s = ModbusClient::defaultSettings(client.profile(), QStringLiteral("/dev/ttyChargeBenchMissing0"));
    const auto st = client.open(s);
    QVERIFY(!st);
    QVERIFY2(st.error().hint.contains(QLatin1String("serial list")), qPrintable(st.error().text()));
    QVERIFY(!client.isOpen());
    QSignalSpy done(&client, &HardwareClient::refreshFinished);
    client.refresh();
    QVERIFY(done.wait(1000));
    QCOMPARE(done.first().first().toBool(), false);
}

void TestModbusClient::requestFrames_data()
{
    QTest::addColumn<QByteArray>("built");
    QTest::addColumn<QByteArray>("reference"); // CRC from pymodbus.utilities.computeCRC
    using modbus::RtuRequest;
    QTest::newRow("03 read holding") << RtuRequest::read(1, 3, 0, 10).adu() << QByteArray::fromHex("01030000000ac5cd");
    QTest::newRow("04 read input") << RtuRequest::read(1, 4, 15, 4).adu() << QByteArray::fromHex("0104000f0004c1ca");
    QTest::newRow("06 write single") << RtuRequest::writeSingle(1, 261, 160).adu() << QByteArray::fromHex("0106010500a0984f");
    QTest::newRow("16 write multiple") << RtuRequest::writeMultiple(1, 1000, {10, 258}).adu()
                                       << QByteArray::fromHex("011003e8000204000a010248e2");
    QTest::newRow("exception reply") << modbus::withCrc(QByteArray::fromHex("018302")) << QByteArray::fromHex("018302c0f1");
}

void TestModbusClient::requestFrames()
{
    QFETCH(QByteArray, built);
    QFETCH(QByteArray, reference);
    QCOMPARE(built.toHex(' '), reference.toHex(' '));
    QVERIFY(modbus::crcValid(built));
    QVERIFY(!modbus::crcValid(corrupted(built)));
}

void TestModbusClient::interFrameSilence_data()
{
    QTest::addColumn<int>("baud");
    QTest::addColumn<QString>("framing");
    QTest::addColumn<qint64>("us");
    QTest::newRow("9600 8N1") << 9600 << "8N1" << qint64(3646);   // 3.5 x 10 bits
    QTest::newRow("9600 8E1") << 9600 << "8E1" << qint64(4011);   // 3.5 x 11 bits
    QTest::newRow("19200 8E1") << 19200 << "8E1" << qint64(2006);
    QTest::newRow("38400 8N1") << 38400 << "8N1" << qint64(1750); // fixed above 19200
    QTest::newRow("115200 8N1") << 115200 << "8N1" << qint64(1750);
}

void TestModbusClient::interFrameSilence()
{
    QFETCH(int, baud);
    QFETCH(QString, framing);
    QFETCH(qint64, us);
    SerialSettings s;
    s.baudRate = baud;
    QVERIFY(s.setFraming(framing));
    QCOMPARE(modbus::RtuMaster::interFrameSilence(s).count(), us);
}

void TestModbusClient::crcErrorIsCountedAndLogged()
{
    PtyPair pty;
    QVERIFY(pty.start());
    RawPeer peer;
    QVERIFY(peer.open(pty.b()));
    peer.script = {{corrupted(kEvracingReply)}};
    ModbusClient client(profile("evracing-evse-wb-din"));
    client.setTimeout(2000ms); // long: the CRC error must end the wait, not the timeout
    Logged log;
    log.attach(client, this);
    QVERIFY(client.open(ptySettings(client.profile(), pty.a())));
    QElapsedTimer t;
    t.start();
    QString problem;
    QVERIFY(!refresh(client, &problem));
    QVERIFY2(t.elapsed() < 1500, qPrintable(QString::number(t.elapsed())));
    QVERIFY2(problem.contains(QLatin1String("CRC")), qPrintable(problem));
    QCOMPARE(client.counters().crcErrors, 1);
    QCOMPARE(client.counters().timeouts, 0);
    QCOMPARE(client.counters().framesIn, 0);
    QCOMPARE(log.bytes(), (QList<QByteArray>{kEvracingRequest, corrupted(kEvracingReply)}));
    QCOMPARE(log.entries.at(1).direction, ByteLogEntry::Direction::In);
    QVERIFY2(log.entries.at(1).note.contains(QLatin1String("CRC error")), qPrintable(log.entries.at(1).note));
    QVERIFY(log.entries.at(1).problem);
    QVERIFY(!log.entries.at(0).problem);
    QCOMPARE(peer.received, kEvracingRequest);
    // The line is fine again: the next poll reads the device.
    QVERIFY2(refresh(client, &problem), qPrintable(problem));
    QCOMPARE(client.state().ppRatingA, std::optional<double>(20));
    QCOMPARE(log.entries.last().bytes, kEvracingReply);
    QVERIFY(log.entries.last().note.isEmpty());
}

void TestModbusClient::crcErrorRetried()
{
    PtyPair pty;
    QVERIFY(pty.start());
    RawPeer peer;
    QVERIFY(peer.open(pty.b()));
    peer.script = {{corrupted(kEvracingReply)}};
    ModbusClient client(profile("evracing-evse-wb-din"));
    client.setRetries(1);
    Logged log;
    log.attach(client, this);
    QVERIFY(client.open(ptySettings(client.profile(), pty.a())));
    QString problem;
    QVERIFY2(refresh(client, &problem), qPrintable(problem));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(client.counters().crcErrors, 1);
    QCOMPARE(client.counters().framesOut, 2);
    QCOMPARE(log.bytes(), (QList<QByteArray>{kEvracingRequest, corrupted(kEvracingReply), kEvracingRequest, kEvracingReply}));
    QCOMPARE(client.state().cpState, CpState::C);
    // The retry waits for the profile's 50 ms pause after the bad reply, not for the timeout.
    QCOMPARE(peer.requestTimesMs.size(), 2);
    const qint64 pause = peer.requestTimesMs.at(1) - peer.requestTimesMs.at(0);
    QVERIFY2(pause >= 48 && pause < 500, qPrintable(QString::number(pause)));
}

void TestModbusClient::garbageAroundReplies()
{
    PtyPair pty;
    QVERIFY(pty.start());
    RawPeer peer;
    QVERIFY(peer.open(pty.b()));
    const QByteArray before("\x00\xff\x01\x03 noise", 10);   // even holds a server id and function
    const QByteArray after("\xfe\xfe\xfe", 3);
    peer.script = {{before + kEvracingReply + after}};
    ModbusClient client(profile("evracing-evse-wb-din"));
    Logged log;
    log.attach(client, this);
    QVERIFY(client.open(ptySettings(client.profile(), pty.a())));
    QString problem;
    QVERIFY2(refresh(client, &problem), qPrintable(problem));
    QCOMPARE(client.state().ppRatingA, std::optional<double>(20));
    // The trailing bytes are logged once the line is quiet again.
    QTRY_COMPARE(log.entries.size(), 4);
    QCOMPARE(log.bytes(), (QList<QByteArray>{kEvracingRequest, before, kEvracingReply, after}));
    QVERIFY2(log.entries.at(1).note.contains(QLatin1String("garbage")), qPrintable(log.entries.at(1).note));
    QVERIFY(log.entries.at(2).note.isEmpty());
    QVERIFY(log.entries.at(1).problem && !log.entries.at(2).problem && log.entries.at(3).problem);
    QVERIFY2(log.entries.at(3).note.contains(QLatin1String("no request")), qPrintable(log.entries.at(3).note));
    QCOMPARE(client.counters().garbageBytes, before.size() + after.size());
    QCOMPARE(client.counters().bytesIn, before.size() + kEvracingReply.size() + after.size());

    // Noise between polls, while nothing is asked, does not spoil the next exchange.
    peer.port.write(QByteArray("\x01\x03\x10", 3));
    QTRY_COMPARE(log.entries.size(), 5);
    QVERIFY(refresh(client));
    QCOMPARE(log.entries.last().bytes, kEvracingReply);
    QCOMPARE(client.counters().garbageBytes, before.size() + after.size() + 3);
    QCOMPARE(client.counters().crcErrors + client.counters().timeouts, 0);
}

void TestModbusClient::splitReply()
{
    PtyPair pty;
    QVERIFY(pty.start());
    RawPeer peer;
    QVERIFY(peer.open(pty.b()));
    // As a USB adapter with a 16 ms latency timer delivers a reply: in pieces, far apart compared
    // with 3.5 characters. The reply is framed by its length, so the pieces make one frame.
    peer.script = {{kEvracingReply.left(2), kEvracingReply.mid(2, 9), kEvracingReply.mid(11)}};
    ModbusClient client(profile("evracing-evse-wb-din"));
    Logged log;
    log.attach(client, this);
    QVERIFY(client.open(ptySettings(client.profile(), pty.a())));
    QString problem;
    QVERIFY2(refresh(client, &problem), qPrintable(problem));
    QCOMPARE(log.bytes(), (QList<QByteArray>{kEvracingRequest, kEvracingReply}));
    QCOMPARE(client.counters().garbageBytes, 0);
    QCOMPARE(client.state().cpState, CpState::C);
}

void TestModbusClient::echoingAdapter()
{
    PtyPair pty;
    QVERIFY(pty.start());
    RawPeer peer;
    QVERIFY(peer.open(pty.b()));
    // An RS-485 adapter with local echo: the request comes back before the reply. The echo of a
    // read request even parses as a 03 reply with a valid CRC (its third byte, 03, reads as a byte count).
    peer.script = {{kEvracingRequest + kEvracingReply}};
    ModbusClient client(profile("evracing-evse-wb-din"));
    Logged log;
    log.attach(client, this);
    QVERIFY(client.open(ptySettings(client.profile(), pty.a())));
    QString problem;
    QVERIFY2(refresh(client, &problem), qPrintable(problem));
    QCOMPARE(log.bytes(), (QList<QByteArray>{kEvracingRequest, kEvracingRequest, kEvracingReply}));
    QVERIFY2(log.entries.at(1).note.contains(QLatin1String("echo")), qPrintable(log.entries.at(1).note));
    QVERIFY(!log.entries.at(1).problem);
    QCOMPARE(client.counters().garbageBytes, 0);
    QCOMPARE(client.state().ppRatingA, std::optional<double>(20));
}

void TestModbusClient::endlessNoise()
{
    PtyPair pty;
    QVERIFY(pty.start());
    RawPeer peer;
    QVERIFY(peer.open(pty.b()));
    ModbusClient client(profile("evracing-evse-wb-din"));
    Logged log;
    log.attach(client, this);
    QVERIFY(client.open(ptySettings(client.profile(), pty.a())));
    // 4 KiB of noise in one burst (more than the 512-byte bound on buffered bytes): every byte
    // logged once, in order, as a problem, counted, and the device still read afterwards.
    QByteArray noise;
    for (int i = 0; i < 4096; ++i)
        noise.append(char(0x80 | (i * 7) % 0x7f));
    peer.port.write(noise);
    QTRY_COMPARE(client.counters().garbageBytes, noise.size());
    QByteArray logged;
    for (const auto &e : log.entries) {
        QVERIFY(e.problem);
        logged += e.bytes;
    }
    QCOMPARE(logged, noise);
    QString problem;
    QVERIFY2(refresh(client, &problem), qPrintable(problem));
    QCOMPARE(log.entries.last().bytes, kEvracingReply);
}

void TestModbusClient::writeMultipleAgainstQtServer()
{
    PtyPair pty;
    QVERIFY(pty.start());
    QModbusRtuSerialServer server;
    QModbusDataUnitMap map;
    map.insert(QModbusDataUnit::HoldingRegisters, {QModbusDataUnit::HoldingRegisters, 1000, 8});
    server.setMap(map);
    server.setServerAddress(1);
    server.setConnectionParameter(QModbusDevice::SerialPortNameParameter, pty.b());
    server.setConnectionParameter(QModbusDevice::SerialBaudRateParameter, 9600);
    QVERIFY(server.connectDevice());
    SerialLink link;
    modbus::RtuMaster master(link);
    QList<ByteLogEntry> log;
    connect(&link, &SerialLink::bytesLogged, this, [&](const ByteLogEntry &e) {
        if (e.direction == ByteLogEntry::Direction::Out)
            log.append(e);
    });
    connect(&master, &modbus::RtuMaster::bytesLogged, this, [&](const ByteLogEntry &e) { log.append(e); });
    SerialSettings s;
    s.portName = pty.a();
    s.baudRate = 9600;
    QVERIFY(link.open(s));
    std::optional<modbus::RtuReply> written;
    master.send(modbus::RtuRequest::writeMultiple(1, 1000, {10, 258}), [&](const modbus::RtuReply &r) { written = r; });
    std::optional<modbus::RtuReply> read;
    master.send(modbus::RtuRequest::read(1, 3, 1000, 2), [&](const modbus::RtuReply &r) { read = r; });
    QTRY_VERIFY(read.has_value());
    QVERIFY(written && written->ok());
    QCOMPARE(written->adu.toHex(' '), QByteArray::fromHex("011003e80002c1b8").toHex(' '));
    QVERIFY(read->ok());
    QCOMPARE(read->data.toHex(' '), QByteArray::fromHex("04000a0102").toHex(' '));
    QCOMPARE(log.size(), 4);
    QCOMPARE(log.at(0).bytes, QByteArray::fromHex("011003e8000204000a010248e2"));
    QCOMPARE(log.at(1).bytes, written->adu);
    quint16 value = 0;
    QVERIFY(server.data(QModbusDataUnit::HoldingRegisters, 1001, &value));
    QCOMPARE(value, quint16(258));
    // Qt's server refuses a register outside its map with exception 02: logged as received.
    std::optional<modbus::RtuReply> refused;
    master.send(modbus::RtuRequest::read(1, 3, 2000, 1), [&](const modbus::RtuReply &r) { refused = r; });
    QTRY_VERIFY(refused.has_value());
    QCOMPARE(refused->status, modbus::RtuReply::Status::Exception);
    QCOMPARE(refused->exceptionCode, quint8(2));
    QCOMPARE(log.last().bytes.toHex(' '), QByteArray::fromHex("018302c0f1").toHex(' '));
    QVERIFY2(log.last().note.contains(QLatin1String("illegal data address")), qPrintable(log.last().note));
    QCOMPARE(master.counters().exceptions, 1);
}

QTEST_GUILESS_MAIN(TestModbusClient)
#include "tst_modbusclient.moc"
