// Register profiles as data: every shipped profile loads, decodes into HardwareState the way the
// device documents its registers, and bounds writes; broken profile files are refused with a reason.
#include "modbus/registerdecoder.h"
#include "modbus/registerprofile.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace cb::serial;
using namespace cb::serial::modbus;

namespace {

RegisterProfile builtin(const char *id)
{
    auto p = RegisterProfile::load(QLatin1String(id));
    if (!p)
        qFatal("%s", qPrintable(p.error().text()));
    return p.value();
}

quint16 ascii2(const char *two)
{
    return quint16((quint8(two[0]) << 8) | (two[1] ? quint8(two[1]) : 0));
}

HardwareState decode(const RegisterProfile &p, const QHash<quint16, quint16> &regs)
{
    HardwareState s;
    RegisterDecoder::apply(p, regs, s);
    return s;
}

} // namespace

class TestRegisterProfile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void builtinProfilesLoad();
    void heidelbergStates_data();
    void heidelbergStates();
    void heidelbergMeasurements();
    void phoenixStatus_data();
    void phoenixStatus();
    void phoenixErrorBits();
    void evracing();
    void writeBounds_data();
    void writeBounds();
    void brokenProfiles_data();
    void brokenProfiles();
    void profileFromFile();
};

void TestRegisterProfile::builtinProfilesLoad()
{
    const QStringList ids = RegisterProfile::builtinIds();
    QCOMPARE(ids, (QStringList{QStringLiteral("evracing-evse-wb-din"), QStringLiteral("heidelberg-energy-control"),
                               QStringLiteral("phoenix-ev-charge-control-basic")}));
    for (const QString &id : ids) {
        const auto p = RegisterProfile::load(id);
        QVERIFY2(p, qPrintable(p ? QString() : p.error().text()));
        QCOMPARE(p.value().id, id);
        QVERIFY(!p.value().fields.isEmpty());
    }
    const RegisterProfile h = builtin("heidelberg-energy-control");
    QCOMPARE(h.serial.baudRate, 19200);
    QCOMPARE(h.serial.framing(), QStringLiteral("8E1"));
    QCOMPARE(h.requestDelayMs, 100);
    QCOMPARE(builtin("evracing-evse-wb-din").serial.framing(), QStringLiteral("8N1"));
    const auto missing = RegisterProfile::load(QStringLiteral("no-such-profile"));
    QVERIFY(!missing);
    QVERIFY(missing.error().hint.contains(QLatin1String("heidelberg-energy-control")));
}

void TestRegisterProfile::heidelbergStates_data()
{
    QTest::addColumn<int>("raw");
    QTest::addColumn<QString>("cp");
    QTest::addColumn<QString>("detail");
    QTest::addColumn<QString>("controller");
    QTest::addColumn<int>("contactor"); // -1 unknown, 0 open, 1 closed
    QTest::addColumn<int>("connected");
    QTest::addColumn<QStringList>("faults");
    QTest::newRow("A1") << 2 << "A" << "A1" << "" << 0 << 0 << QStringList();
    QTest::newRow("A2") << 3 << "A" << "A2" << "" << 0 << 0 << QStringList();
    QTest::newRow("B1") << 4 << "B" << "B1" << "" << 0 << 1 << QStringList();
    QTest::newRow("B2") << 5 << "B" << "B2" << "" << 0 << 1 << QStringList();
    QTest::newRow("C1") << 6 << "C" << "C1" << "" << 0 << 1 << QStringList();
    QTest::newRow("C2") << 7 << "C" << "C2" << "" << 1 << 1 << QStringList();
    QTest::newRow("derating") << 8 << "C" << "derating" << "derating" << 1 << 1 << QStringList();
    QTest::newRow("E") << 9 << "E" << "E" << "" << 0 << -1 << QStringList();
    QTest::newRow("F") << 10 << "F" << "F" << "" << 0 << -1 << QStringList();
    QTest::newRow("error") << 11 << "unknown" << "error" << "error" << -1 << -1 << QStringList{QStringLiteral("error")};
    QTest::newRow("undocumented") << 77 << "unknown" << "77" << "" << -1 << -1 << QStringList();
}

void TestRegisterProfile::heidelbergStates()
{
    QFETCH(int, raw);
    QFETCH(QString, cp);
    QFETCH(QString, detail);
    QFETCH(QString, controller);
    QFETCH(int, contactor);
    QFETCH(int, connected);
    QFETCH(QStringList, faults);
    const HardwareState s = decode(builtin("heidelberg-energy-control"), {{5, quint16(raw)}});
    QCOMPARE(cpStateName(s.cpState), cp);
    QCOMPARE(s.cpDetail, detail);
    QCOMPARE(s.controllerState, controller);
    QCOMPARE(s.contactorClosed ? int(*s.contactorClosed) : -1, contactor);
    QCOMPARE(s.evConnected ? int(*s.evConnected) : -1, connected);
    QCOMPARE(s.faults, faults);
}

void TestRegisterProfile::heidelbergMeasurements()
{
    QHash<quint16, quint16> regs{{4, 0x0108}, {5, 7}, {6, 160}, {7, 158}, {8, 0}, {9, quint16(qint16(-145))},
                                  {10, 230}, {11, 229}, {12, 0}, {13, 1}, {14, 7360}, {15, 0x0001}, {16, 0x0002},
                                  {100, 16}, {101, 6}, {203, 0x1234}, {261, 160}};
    const HardwareState s = decode(builtin("heidelberg-energy-control"), regs);
    QCOMPARE(s.currentA[0], std::optional<double>(16.0));
    QCOMPARE(s.currentA[1], std::optional<double>(15.8));
    QCOMPARE(s.currentA[2], std::optional<double>(0.0));
    QCOMPARE(s.temperaturesC.value(QStringLiteral("pcb")), -14.5);
    QCOMPARE(s.voltageV[1], std::optional<double>(229));
    QCOMPARE(s.lock, LockState::Unlocked);
    QCOMPARE(s.apparentPowerVA, std::optional<double>(7360));
    QCOMPARE(s.energyWh, std::optional<double>(65538)); // high word first
    QCOMPARE(s.maxCurrentA, std::optional<double>(16));
    QCOMPARE(s.minCurrentA, std::optional<double>(6));
    QCOMPARE(s.currentLimitA, std::optional<double>(16.0));
    QCOMPARE(s.firmwareVersion, QStringLiteral("4660"));
    QCOMPARE(s.vendor.value(QLatin1String("externalLock")).toObject().value(QLatin1String("text")).toString(), QStringLiteral("unlocked"));
    // A register missing from the reply leaves its value unknown, not zero.
    QVERIFY(!decode(builtin("heidelberg-energy-control"), {{5, 7}}).currentA[0]);
}

void TestRegisterProfile::phoenixStatus_data()
{
    QTest::addColumn<QByteArray>("status");
    QTest::addColumn<int>("pp");
    QTest::addColumn<QString>("cp");
    QTest::addColumn<int>("contactor");
    QTest::addColumn<double>("rating"); // -1 unknown
    QTest::addColumn<QStringList>("faults");
    QTest::newRow("A1 no cable") << QByteArray("A1") << 0 << "A" << 0 << 0.0 << QStringList();
    QTest::newRow("B1 13 A") << QByteArray("B1") << 13 << "B" << 0 << 13.0 << QStringList();
    QTest::newRow("B2 20 A") << QByteArray("B2") << 20 << "B" << 0 << 20.0 << QStringList();
    QTest::newRow("C2 32 A") << QByteArray("C2") << 32 << "C" << 1 << 32.0 << QStringList();
    QTest::newRow("D2 63 A") << QByteArray("D2") << 63 << "D" << 1 << 63.0 << QStringList();
    QTest::newRow("C1") << QByteArray("C1") << 32 << "C" << 0 << 32.0 << QStringList();
    QTest::newRow("E shorted PP") << QByteArray("E\0", 2) << 0xFFFF << "E" << 0 << -1.0 << QStringList{QStringLiteral("ppShorted")};
    QTest::newRow("F") << QByteArray("F ") << 0 << "F" << 0 << 0.0 << QStringList();
}

void TestRegisterProfile::phoenixStatus()
{
    QFETCH(QByteArray, status);
    QFETCH(int, pp);
    QFETCH(QString, cp);
    QFETCH(int, contactor);
    QFETCH(double, rating);
    QFETCH(QStringList, faults);
    const HardwareState s = decode(builtin("phoenix-ev-charge-control-basic"),
                                   {{24000, ascii2(status.constData())}, {24001, quint16(pp)}, {24002, 53}, {24003, 32}});
    QCOMPARE(cpStateName(s.cpState), cp);
    QCOMPARE(s.contactorClosed ? int(*s.contactorClosed) : -1, contactor);
    QCOMPARE(s.ppRatingA ? *s.ppRatingA : -1.0, rating);
    QCOMPARE(s.faults, faults);
    QCOMPARE(s.cpDutyPercent, std::optional<double>(53));
    QCOMPARE(s.pilotCurrentA, std::optional<double>(32));
}

void TestRegisterProfile::phoenixErrorBits()
{
    const RegisterProfile p = builtin("phoenix-ev-charge-control-basic");
    // Bits 15 (RCM trip) and 6 (lock fault) in 24025, bit 16 (RCM self-test) in 24026: low word first.
    const quint32 bits = (1u << 15) | (1u << 6) | (1u << 16);
    HardwareState s = decode(p, {{24000, ascii2("C2")}, {24025, quint16(bits & 0xFFFF)}, {24026, quint16(bits >> 16)},
                                 {1031, ascii2("1.")}, {1032, ascii2("42")}, {1033, ascii2(" \0")}});
    QCOMPARE(s.rcdTripped, std::optional<bool>(true));
    QCOMPARE(s.lock, LockState::Fault);
    QVERIFY(s.faults.contains(QStringLiteral("rcmTrip")));
    QVERIFY(s.faults.contains(QStringLiteral("lockFault")));
    QVERIFY(s.faults.contains(QStringLiteral("rcmSelfTestFailed")));
    QCOMPARE(s.faults.size(), 3);
    QCOMPARE(s.firmwareVersion, QStringLiteral("1.42"));
    QCOMPARE(s.vendor.value(QLatin1String("errors")).toObject().value(QLatin1String("bits")).toArray().size(), 3);
    // All clear: the RCM is reported healthy, not unknown.
    s = decode(p, {{24000, ascii2("B1")}, {24025, 0}, {24026, 0}});
    QCOMPARE(s.rcdTripped, std::optional<bool>(false));
    QVERIFY(s.faults.isEmpty());
    // Every documented bit maps to its own fault key.
    const QList<int> documented{2, 3, 4, 5, 6, 7, 8, 11, 12, 13, 15, 16};
    QSet<QString> keys;
    for (int bit : documented) {
        const quint32 b = 1u << bit;
        const HardwareState one = decode(p, {{24025, quint16(b & 0xFFFF)}, {24026, quint16(b >> 16)}});
        QCOMPARE(one.faults.size(), 1);
        keys.insert(one.faults.first());
    }
    QCOMPARE(keys.size(), documented.size());
}

void TestRegisterProfile::evracing()
{
    const RegisterProfile p = builtin("evracing-evse-wb-din");
    HardwareState s = decode(p, {{1000, 16}, {1001, 16}, {1002, 3}, {1003, 32}, {1004, 0}, {1005, 17}, {1006, 2}, {1007, 0x01}});
    QCOMPARE(s.cpState, CpState::C);
    QCOMPARE(s.currentLimitA, std::optional<double>(16));
    QCOMPARE(s.ppRatingA, std::optional<double>(32));
    QCOMPARE(s.firmwareVersion, QStringLiteral("17"));
    QCOMPARE(s.contactorClosed, std::optional<bool>(true));
    QCOMPARE(s.rcdTripped, std::optional<bool>(false));
    QCOMPARE(s.evConnected, std::optional<bool>(true));
    QCOMPARE(s.vendor.value(QLatin1String("cpStatus")).toObject().value(QLatin1String("text")).toString(), QStringLiteral("PWM on"));
    s = decode(p, {{1002, 5}, {1007, 0x10}});
    QCOMPARE(s.controllerState, QStringLiteral("fault"));
    QCOMPARE(s.rcdTripped, std::optional<bool>(true));
    QCOMPARE(s.contactorClosed, std::optional<bool>(false));
    QVERIFY(s.faults.contains(QStringLiteral("evseFault")));
    QVERIFY(s.faults.contains(QStringLiteral("rcdTripped")));
}

void TestRegisterProfile::writeBounds_data()
{
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QString>("name");
    QTest::addColumn<double>("value");
    QTest::addColumn<int>("raw"); // -1 refused
    QTest::newRow("heidelberg 16 A") << "heidelberg-energy-control" << "currentLimit" << 16.0 << 160;
    QTest::newRow("heidelberg 6 A") << "heidelberg-energy-control" << "currentLimit" << 6.0 << 60;
    QTest::newRow("heidelberg off") << "heidelberg-energy-control" << "currentLimit" << 0.0 << 0;
    QTest::newRow("heidelberg 5.9 A") << "heidelberg-energy-control" << "currentLimit" << 5.9 << -1;
    QTest::newRow("heidelberg 16.1 A") << "heidelberg-energy-control" << "currentLimit" << 16.1 << -1;
    QTest::newRow("heidelberg 3 A") << "heidelberg-energy-control" << "currentLimit" << 3.0 << -1;
    QTest::newRow("heidelberg standby 4") << "heidelberg-energy-control" << "standby" << 4.0 << 4;
    QTest::newRow("heidelberg standby 2") << "heidelberg-energy-control" << "standby" << 2.0 << -1;
    QTest::newRow("heidelberg unknown") << "heidelberg-energy-control" << "layoutVersion" << 1.0 << -1;
    QTest::newRow("phoenix 63") << "phoenix-ev-charge-control-basic" << "maxCurrent" << 63.0 << 63;
    QTest::newRow("phoenix 64") << "phoenix-ev-charge-control-basic" << "maxCurrent" << 64.0 << -1;
    QTest::newRow("phoenix 0") << "phoenix-ev-charge-control-basic" << "maxCurrent" << 0.0 << -1;
    QTest::newRow("evracing 80") << "evracing-evse-wb-din" << "setCurrent" << 80.0 << 80;
    QTest::newRow("evracing 0") << "evracing-evse-wb-din" << "setCurrent" << 0.0 << 0;
    QTest::newRow("evracing 5") << "evracing-evse-wb-din" << "setCurrent" << 5.0 << -1;
}

void TestRegisterProfile::writeBounds()
{
    QFETCH(QString, profile);
    QFETCH(QString, name);
    QFETCH(double, value);
    QFETCH(int, raw);
    const auto p = RegisterProfile::load(profile);
    QVERIFY(p);
    const auto r = p.value().encodeWrite(name, value);
    QCOMPARE(r.ok(), raw >= 0);
    if (r)
        QCOMPARE(int(r.value()), raw);
    else
        QVERIFY(!r.error().hint.isEmpty());
}

void TestRegisterProfile::brokenProfiles_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("mentions");
    const QByteArray head = R"({"id":"x","reads":[{"function":3,"start":10,"count":2}],)";
    QTest::newRow("not json") << QByteArray("{") << "not a JSON object";
    QTest::newRow("no id") << QByteArray(R"({"reads":[{"function":3,"start":0,"count":1}]})") << "no id";
    QTest::newRow("no reads") << QByteArray(R"({"id":"x"})") << "reads nothing";
    QTest::newRow("bad function") << QByteArray(R"({"id":"x","reads":[{"function":5,"start":0,"count":1}]})") << "function 3";
    QTest::newRow("too many") << QByteArray(R"({"id":"x","reads":[{"function":3,"start":0,"count":200}]})") << "125";
    QTest::newRow("outside block") << head + R"("registers":[{"name":"a","address":20}]})" << "not inside any read block";
    QTest::newRow("32 bit across end") << head + R"("registers":[{"name":"a","address":11,"type":"uint32"}]})" << "not inside";
    QTest::newRow("bad type") << head + R"("registers":[{"name":"a","address":10,"type":"float"}]})" << "unknown type";
    QTest::newRow("bad target") << head + R"("registers":[{"name":"a","address":10,"to":"nonsense"}]})" << "unknown target";
    QTest::newRow("bad set target") << head + R"("registers":[{"name":"a","address":10,"enum":{"1":{"set":{"bogus":1}}}}]})" << "unknown target";
    QTest::newRow("bit outside") << head + R"("registers":[{"name":"a","address":10,"bits":{"16":"x"}}]})" << "outside the register";
    QTest::newRow("unbounded write") << head + R"("writes":[{"name":"w","address":10}]})" << "no bounds";
    QTest::newRow("min above max") << head + R"("writes":[{"name":"w","address":10,"min":5,"max":1}]})" << "min not above max";
    QTest::newRow("too many retries") << head + R"("retries":9})" << "retries must be 0-5";
    QTest::newRow("bad framing") << QByteArray(R"({"id":"x","serial":{"framing":"8Q1"},"reads":[{"function":3,"start":0,"count":1}]})") << "8Q1";
}

void TestRegisterProfile::brokenProfiles()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, mentions);
    const auto p = RegisterProfile::fromJson(json, QStringLiteral("test.json"));
    QVERIFY(!p);
    QVERIFY2(p.error().message.contains(mentions), qPrintable(p.error().message));
    QVERIFY(p.error().message.contains(QLatin1String("test.json")));
}

void TestRegisterProfile::profileFromFile()
{
    QTemporaryDir dir;
    QFile f(dir.filePath(QStringLiteral("mine.json")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"id":"mine","serial":{"baud":38400},"reads":[{"function":4,"start":0,"count":2}],
               "registers":[{"name":"t","address":0,"type":"int32","scale":0.01,"to":"temperature.board"}]})");
    f.close();
    const auto p = RegisterProfile::load(f.fileName());
    QVERIFY2(p, qPrintable(p ? QString() : p.error().text()));
    QCOMPARE(p.value().serial.baudRate, 38400);
    HardwareState s;
    RegisterDecoder::apply(p.value(), {{0, 0xFFFF}, {1, 0xFF9C}}, s); // -100
    QCOMPARE(s.temperaturesC.value(QStringLiteral("board")), -1.0);
}

QTEST_GUILESS_MAIN(TestRegisterProfile)
#include "tst_registerprofile.moc"
