// RAPI framing and state mapping without a serial line: checksums (the documented examples),
// sequence ids, malformed lines, every EVSE state and flag, every read reply.
#include "rapi/rapiframe.h"
#include "rapi/rapistate.h"
#include "link/serialsettings.h"

#include <QJsonArray>
#include <QTest>

using namespace cb::serial;

class TestRapiFrame : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void encodesDocumentedExamples_data();
    void encodesDocumentedExamples();
    void sequenceIdRoundTrip();
    void decodes_data();
    void decodes();
    void rejects_data();
    void rejects();
    void evseStates_data();
    void evseStates();
    void flagsOverrideAndCombine();
    void readReplies();
    void malformedReplies_data();
    void malformedReplies();
    void asyncMessages();
    void framing_data();
    void framing();
};

void TestRapiFrame::encodesDocumentedExamples_data()
{
    QTest::addColumn<QByteArray>("command");
    QTest::addColumn<QList<QByteArray>>("params");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("GS") << QByteArray("GS") << QList<QByteArray>{} << QByteArray("$GS^30\r");
    QTest::newRow("GG") << QByteArray("GG") << QList<QByteArray>{} << QByteArray("$GG^24\r");
    QTest::newRow("SC 16") << QByteArray("SC") << QList<QByteArray>{"16"} << QByteArray("$SC 16^13\r");
}

void TestRapiFrame::encodesDocumentedExamples()
{
    QFETCH(QByteArray, command);
    QFETCH(QList<QByteArray>, params);
    QFETCH(QByteArray, expected);
    QCOMPARE(rapi::encodeCommand(command, params), expected);
    QCOMPARE(rapi::checksum("$GS"), quint8(0x30));
}

void TestRapiFrame::sequenceIdRoundTrip()
{
    const QByteArray f = rapi::encodeCommand("GS", {}, 0x1A);
    QVERIFY(f.startsWith("$GS :1A^"));
    QVERIFY(f.endsWith('\r'));
    // 0 means "no sequence id" and is never written.
    QCOMPARE(rapi::encodeCommand("GS", {}, 0), QByteArray("$GS^30\r"));
    // A reply that echoes the id: the id is removed from the tokens.
    const QByteArray body = "$OK 3 120 3 0140 :1A";
    const QByteArray line = body + '^' + QByteArray::number(rapi::checksum(body), 16).rightJustified(2, '0').toUpper();
    const auto m = rapi::decodeLine(line);
    QVERIFY(m);
    QCOMPARE(m.value().sequenceId, std::optional<int>(0x1A));
    QCOMPARE(m.value().tokens, (QList<QByteArray>{"3", "120", "3", "0140"}));
}

void TestRapiFrame::decodes_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QByteArray>("type");
    QTest::addColumn<int>("tokens");
    QTest::addColumn<bool>("checksum");
    auto framed = [](const QByteArray &b) -> QByteArray {
        return b + '^' + QByteArray::number(rapi::checksum(b), 16).rightJustified(2, '0').toUpper();
    };
    QTest::newRow("ok") << framed("$OK 7.1.3 5.0.1") << QByteArray("OK") << 2 << true;
    QTest::newRow("nk") << framed("$NK") << QByteArray("NK") << 0 << true;
    QTest::newRow("at") << framed("$AT 03 03 32 0140") << QByteArray("AT") << 4 << true;
    QTest::newRow("ab") << framed("$AB 00 7.1.3") << QByteArray("AB") << 2 << true;
    QTest::newRow("no checksum") << QByteArray("$OK 1 2") << QByteArray("OK") << 2 << false;
}

void TestRapiFrame::decodes()
{
    QFETCH(QByteArray, line);
    QFETCH(QByteArray, type);
    QFETCH(int, tokens);
    QFETCH(bool, checksum);
    const auto m = rapi::decodeLine(line);
    QVERIFY2(m, line.constData());
    QCOMPARE(m.value().type, type);
    QCOMPARE(m.value().tokens.size(), tokens);
    QCOMPARE(m.value().hasChecksum, checksum);
}

void TestRapiFrame::rejects_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<int>("kind");
    const int notFrame = int(rapi::RapiDecodeError::Kind::NotAFrame);
    const int badSum = int(rapi::RapiDecodeError::Kind::BadChecksum);
    const int badSeq = int(rapi::RapiDecodeError::Kind::BadSequenceId);
    QTest::newRow("wrong checksum") << QByteArray("$OK^00") << badSum;
    QTest::newRow("checksum one digit") << QByteArray("$GS^3") << badSum;
    QTest::newRow("checksum not hex") << QByteArray("$GS^ZZ") << badSum;
    QTest::newRow("no dollar") << QByteArray("OK 1 2") << notFrame;
    QTest::newRow("empty") << QByteArray("") << notFrame;
    QTest::newRow("type too long") << QByteArray("$OKAY") << notFrame;
    const QByteArray seq0 = "$OK :00";
    QTest::newRow("sequence 00") << seq0 + '^' + QByteArray::number(rapi::checksum(seq0), 16).rightJustified(2, '0').toUpper() << badSeq;
}

void TestRapiFrame::rejects()
{
    QFETCH(QByteArray, line);
    QFETCH(int, kind);
    const auto m = rapi::decodeLine(line);
    QVERIFY(!m);
    QCOMPARE(int(m.error().kind), kind);
}

void TestRapiFrame::evseStates_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<int>("pilot");
    QTest::addColumn<QString>("controller");
    QTest::addColumn<QString>("cp");
    QTest::addColumn<QString>("fault");
    QTest::addColumn<bool>("rcd");
    QTest::addColumn<bool>("ground");
    QTest::newRow("0 unknown") << 0x00 << 0x00 << "unknown" << "unknown" << "" << false << false;
    QTest::newRow("1 A") << 0x01 << 0x01 << "notConnected" << "A" << "" << false << false;
    QTest::newRow("2 B") << 0x02 << 0x02 << "connected" << "B" << "" << false << false;
    QTest::newRow("3 C") << 0x03 << 0x03 << "charging" << "C" << "" << false << false;
    QTest::newRow("4 D") << 0x04 << 0x04 << "ventilationRequired" << "D" << "" << false << false;
    QTest::newRow("5 diode") << 0x05 << 0x02 << "diodeCheckFailed" << "B" << "diodeCheckFailed" << false << false;
    QTest::newRow("6 GFCI") << 0x06 << 0x03 << "gfciFault" << "C" << "gfciFault" << true << false;
    QTest::newRow("7 no ground") << 0x07 << 0x01 << "noGround" << "A" << "noGround" << false << true;
    QTest::newRow("8 stuck relay") << 0x08 << 0x01 << "stuckRelay" << "A" << "stuckRelay" << false << false;
    QTest::newRow("9 GFI self-test") << 0x09 << 0x01 << "gfiSelfTestFailed" << "A" << "gfiSelfTestFailed" << false << false;
    QTest::newRow("A over-temperature") << 0x0A << 0x03 << "overTemperature" << "C" << "overTemperature" << false << false;
    QTest::newRow("B over-current") << 0x0B << 0x03 << "overCurrent" << "C" << "overCurrent" << false << false;
    QTest::newRow("E relay closure") << 0x0E << 0x03 << "relayClosureFault" << "C" << "relayClosureFault" << false << false;
    QTest::newRow("FE sleeping") << 0xFE << 0x02 << "sleeping" << "B" << "" << false << false;
    QTest::newRow("FF disabled") << 0xFF << 0x00 << "disabled" << "unknown" << "" << false << false;
}

void TestRapiFrame::evseStates()
{
    QFETCH(int, code);
    QFETCH(int, pilot);
    QFETCH(QString, controller);
    QFETCH(QString, cp);
    QFETCH(QString, fault);
    QFETCH(bool, rcd);
    QFETCH(bool, ground);
    HardwareState s;
    // Through the GS reply, as the client sees it.
    const QList<QByteArray> gs{QByteArray::number(code, 16), "42", QByteArray::number(pilot, 16), "0"};
    QVERIFY(rapi::applyReply(s, "GS", gs));
    QCOMPARE(s.controllerState, controller);
    QCOMPARE(cpStateName(s.cpState), cp);
    QCOMPARE(s.faults, fault.isEmpty() ? QStringList() : QStringList{fault});
    QCOMPARE(s.rcdTripped, std::optional<bool>(rcd));
    QCOMPARE(s.groundFault, std::optional<bool>(ground));
    QCOMPARE(s.contactorClosed, std::optional<bool>(false));
    QCOMPARE(s.vendor.value(QLatin1String("evseState")).toInt(), code);
    QCOMPARE(s.vendor.value(QLatin1String("elapsedS")).toInt(), 42);
}

void TestRapiFrame::flagsOverrideAndCombine()
{
    HardwareState s;
    using namespace rapi;
    QVERIFY(applyReply(s, "GS", {"3", "0", "3", QByteArray::number(VFlag::RelayClosed | VFlag::EvConnected, 16)}));
    QCOMPARE(s.contactorClosed, std::optional<bool>(true));
    QCOMPARE(s.evConnected, std::optional<bool>(true));
    QCOMPARE(s.rcdTripped, std::optional<bool>(false));
    QVERIFY(applyReply(s, "GS", {"1", "0", "1", QByteArray::number(VFlag::GfiTripped | VFlag::NoGroundTripped | VFlag::HardFault, 16)}));
    QCOMPARE(s.contactorClosed, std::optional<bool>(false));
    QCOMPARE(s.evConnected, std::optional<bool>(false));
    QCOMPARE(s.rcdTripped, std::optional<bool>(true));
    QCOMPARE(s.groundFault, std::optional<bool>(true));
    QCOMPARE(s.faults, QStringList{QStringLiteral("hardFault")});
    // Old firmware: "GS state elapsed" only; flags unknown, derived from the pilot state.
    HardwareState old;
    QVERIFY(applyReply(old, "GS", {"2", "5"}));
    QCOMPARE(old.cpState, CpState::B);
    QCOMPARE(old.evConnected, std::optional<bool>(true));
    QCOMPARE(old.contactorClosed, std::optional<bool>(false));
}

void TestRapiFrame::readReplies()
{
    HardwareState s;
    QVERIFY(rapi::applyReply(s, "GG", {"15500", "231000"}));
    QCOMPARE(s.currentA[0], std::optional<double>(15.5));
    QCOMPARE(s.voltageV[0], std::optional<double>(231.0));
    QVERIFY(rapi::applyReply(s, "GG", {"-1", "-1"}));
    QVERIFY(!s.currentA[0]);
    QVERIFY(!s.voltageV[0]);
    QVERIFY(rapi::applyReply(s, "GP", {"251", "-2560", "-15"}));
    QCOMPARE(s.temperaturesC.value(QStringLiteral("rtc")), 25.1);
    QVERIFY(!s.temperaturesC.contains(QStringLiteral("ambient")));
    QCOMPARE(s.temperaturesC.value(QStringLiteral("infrared")), -1.5);
    QVERIFY(rapi::applyReply(s, "GF", {"a", "2", "ff"}));
    QCOMPARE(s.faultCounters.value(QStringLiteral("gfiTrips")), 10);
    QCOMPARE(s.faultCounters.value(QStringLiteral("noGroundTrips")), 2);
    QCOMPARE(s.faultCounters.value(QStringLiteral("stuckRelayTrips")), 255);
    QVERIFY(rapi::applyReply(s, "GE", {"24", "0021"}));
    QCOMPARE(s.currentLimitA, std::optional<double>(24));
    QVERIFY(rapi::applyReply(s, "GC", {"6", "40", "24", "32"}));
    QCOMPARE(s.minCurrentA, std::optional<double>(6));
    QCOMPARE(s.maxCurrentA, std::optional<double>(40));
    QCOMPARE(s.pilotCurrentA, std::optional<double>(24));
    QVERIFY(rapi::applyReply(s, "GV", {"7.1.3", "5.0.1"}));
    QCOMPARE(s.firmwareVersion, QStringLiteral("7.1.3"));
    QCOMPARE(s.protocolVersion, QStringLiteral("5.0.1"));
    QVERIFY(rapi::applyReply(s, "GU", {"7200", "1500"}));
    QCOMPARE(s.sessionEnergyWh, std::optional<double>(2.0));
    QCOMPARE(s.energyWh, std::optional<double>(1500));
    QVERIFY(rapi::applyReply(s, "G0", {"1"}));
    QCOMPARE(s.evConnected, std::optional<bool>(true));
    QVERIFY(rapi::applyReply(s, "G0", {"2"}));
    QVERIFY(!s.evConnected);
    const QJsonObject j = s.toJson();
    QCOMPARE(j.value(QLatin1String("currentA")).toArray().at(0).isNull(), true);
    QCOMPARE(j.value(QLatin1String("temperaturesC")).toObject().value(QLatin1String("infrared")).toDouble(), -1.5);
}

void TestRapiFrame::malformedReplies_data()
{
    QTest::addColumn<QByteArray>("command");
    QTest::addColumn<QList<QByteArray>>("tokens");
    QTest::newRow("GS empty") << QByteArray("GS") << QList<QByteArray>{};
    QTest::newRow("GS text") << QByteArray("GS") << QList<QByteArray>{"zz", "1"};
    QTest::newRow("GG one") << QByteArray("GG") << QList<QByteArray>{"100"};
    QTest::newRow("GP two") << QByteArray("GP") << QList<QByteArray>{"1", "2"};
    QTest::newRow("GC text") << QByteArray("GC") << QList<QByteArray>{"6", "x", "1", "2"};
    QTest::newRow("GV one") << QByteArray("GV") << QList<QByteArray>{"7.1.3"};
    QTest::newRow("G0 range") << QByteArray("G0") << QList<QByteArray>{"7"};
    QTest::newRow("unknown") << QByteArray("GZ") << QList<QByteArray>{"1"};
}

void TestRapiFrame::malformedReplies()
{
    QFETCH(QByteArray, command);
    QFETCH(QList<QByteArray>, tokens);
    HardwareState s;
    const auto st = rapi::applyReply(s, command, tokens);
    QVERIFY(!st);
    QVERIFY(!st.error().message.isEmpty());
}

void TestRapiFrame::asyncMessages()
{
    HardwareState s;
    QVERIFY(rapi::applyAsync(s, "AT", {"03", "03", "32", QByteArray::number(rapi::VFlag::RelayClosed | rapi::VFlag::EvConnected, 16)}));
    QCOMPARE(s.cpState, CpState::C);
    QCOMPARE(s.pilotCurrentA, std::optional<double>(32));
    QCOMPARE(s.contactorClosed, std::optional<bool>(true));
    QVERIFY(rapi::applyAsync(s, "AB", {"00", "8.2.0"}));
    QCOMPARE(s.firmwareVersion, QStringLiteral("8.2.0"));
    QVERIFY(!rapi::applyAsync(s, "AT", {"03"}));
}

void TestRapiFrame::framing_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("normalized");
    QTest::newRow("8N1") << "8N1" << true << "8N1";
    QTest::newRow("8e1") << "8e1" << true << "8E1";
    QTest::newRow("7O2") << "7O2" << true << "7O2";
    QTest::newRow("9N1") << "9N1" << false << "";
    QTest::newRow("8X1") << "8X1" << false << "";
    QTest::newRow("8N3") << "8N3" << false << "";
    QTest::newRow("empty") << "" << false << "";
}

void TestRapiFrame::framing()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(QString, normalized);
    SerialSettings s;
    const auto st = s.setFraming(text);
    QCOMPARE(st.ok(), valid);
    if (valid)
        QCOMPARE(s.framing(), normalized);
    else
        QVERIFY(!st.error().hint.isEmpty());
}

QTEST_GUILESS_MAIN(TestRapiFrame)
#include "tst_rapiframe.moc"
