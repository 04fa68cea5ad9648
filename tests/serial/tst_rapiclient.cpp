// RapiClient against the in-repo RAPI simulator over a socat pty pair: every state and fault,
// sequence ids, async lines in the middle of a reply, garbage and wrong checksums, clamped
// current, timeouts, and unplug/replug while polling.
#include "ptypair.h"
#include "rapi/rapiclient.h"
#include "rapi/rapistate.h"
#include "rapisimulator.h"

#include <QSignalSpy>
#include <QTest>

using namespace cb::serial;
using namespace std::chrono_literals;

Q_DECLARE_METATYPE(cb::serial::HardwareState)
Q_DECLARE_METATYPE(cb::serial::rapi::RapiMessage)

class TestRapiClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void readsEverything();
    void everyStateAndFault_data();
    void everyStateAndFault();
    void asyncStateChangeArrivesAlone();
    void asyncWhileWaitingForReply();
    void asyncCuttingAReplyInTwo();
    void garbageAndPartialLines();
    void wrongChecksumIsCountedNotTrusted();
    void staleSequenceIdIsIgnored();
    void withoutSequenceIds();
    void actions();
    void clampedCurrentIsRefused();
    void restartAnnouncesBoot();
    void timeoutThenRecovers();
    void unplugWhilePolling();

private:
    bool refresh();
    std::unique_ptr<PtyPair> m_pty;
    std::unique_ptr<RapiSimulator> m_sim;
    std::unique_ptr<RapiClient> m_client;
};

void TestRapiClient::init()
{
    m_pty = std::make_unique<PtyPair>();
    QString problem;
    QVERIFY2(m_pty->start(&problem), qPrintable(problem));
    m_sim = std::make_unique<RapiSimulator>();
    QVERIFY(m_sim->open(m_pty->b()));
    m_client = std::make_unique<RapiClient>();
    m_client->setCommandTimeout(300ms);
    m_client->link().setReconnectBackoff(50ms, 200ms);
    m_client->link().setPresenceInterval(50ms);
    const auto st = m_client->open(RapiClient::defaultSettings(m_pty->a()));
    QVERIFY2(st, qPrintable(st ? QString() : st.error().text()));
}

void TestRapiClient::cleanup()
{
    m_client.reset();
    m_sim.reset();
    m_pty.reset();
}

bool TestRapiClient::refresh()
{
    QSignalSpy done(m_client.get(), &HardwareClient::refreshFinished);
    m_client->refresh();
    if (!done.wait(5000))
        return false;
    return done.first().first().toBool();
}

void TestRapiClient::readsEverything()
{
    m_sim->evseState = 0x03;
    m_sim->pilotState = 0x03;
    m_sim->vflags = rapi::VFlag::RelayClosed | rapi::VFlag::EvConnected;
    m_sim->currentMa = 15500;
    m_sim->gfiTrips = 0x0B;
    m_sim->connectState = 1;
    QSignalSpy updated(m_client.get(), &HardwareClient::stateUpdated);
    QSignalSpy done(m_client.get(), &HardwareClient::refreshFinished);
    m_client->refresh();
    QVERIFY(done.wait(5000));
    QCOMPARE(done.first().at(0).toBool(), true);
    QCOMPARE(done.first().at(1).toString(), QString());
    QCOMPARE(updated.size(), 1);
    const HardwareState s = m_client->state();
    QCOMPARE(s.cpState, CpState::C);
    QCOMPARE(s.controllerState, QStringLiteral("charging"));
    QCOMPARE(s.contactorClosed, std::optional<bool>(true));
    QCOMPARE(s.evConnected, std::optional<bool>(true));
    QCOMPARE(s.currentA[0], std::optional<double>(15.5));
    QCOMPARE(s.voltageV[0], std::optional<double>(230));
    QCOMPARE(s.temperaturesC.value(QStringLiteral("rtc")), 25.1);
    QCOMPARE(s.temperaturesC.value(QStringLiteral("ambient")), 26.2);
    QVERIFY(!s.temperaturesC.contains(QStringLiteral("infrared")));
    QCOMPARE(s.faultCounters.value(QStringLiteral("gfiTrips")), 11);
    QCOMPARE(s.currentLimitA, std::optional<double>(16));
    QCOMPARE(s.minCurrentA, std::optional<double>(6));
    QCOMPARE(s.maxCurrentA, std::optional<double>(32));
    QCOMPARE(s.firmwareVersion, QStringLiteral("7.1.3"));
    QCOMPARE(s.protocolVersion, QStringLiteral("5.0.1"));
    QCOMPARE(s.sessionEnergyWh, std::optional<double>(10));
    QCOMPARE(s.energyWh, std::optional<double>(1234));
    QCOMPARE(s.source, QStringLiteral("rapi"));
    QVERIFY(s.timestamp.isValid());
    QCOMPARE(s.counters.framesOut, 9);
    QCOMPARE(s.counters.framesIn, 9);
    QVERIFY(s.counters.bytesIn > 0);
    QCOMPARE(s.counters.checksumErrors + s.counters.garbageBytes + s.counters.timeouts, 0);
    // Every command carried a valid checksum and a sequence id.
    QCOMPARE(m_sim->badChecksumsReceived, 0);
    for (const QByteArray &c : m_sim->received)
        QVERIFY2(c.contains(" :"), c.constData());
    QCOMPARE(s.toJson().value(QLatin1String("diagnostics")).toObject().value(QLatin1String("framesIn")).toInt(), 9);
}

void TestRapiClient::everyStateAndFault_data()
{
    QTest::addColumn<int>("evse");
    QTest::addColumn<int>("pilot");
    QTest::addColumn<int>("flags");
    QTest::addColumn<QString>("controller");
    QTest::addColumn<QString>("cp");
    QTest::addColumn<QStringList>("faults");
    QTest::addColumn<bool>("rcd");
    QTest::addColumn<bool>("ground");
    QTest::addColumn<bool>("contactor");
    using namespace rapi::VFlag;
    QTest::newRow("A") << 0x01 << 0x01 << 0 << "notConnected" << "A" << QStringList() << false << false << false;
    QTest::newRow("B") << 0x02 << 0x02 << EvConnected << "connected" << "B" << QStringList() << false << false << false;
    QTest::newRow("C") << 0x03 << 0x03 << (EvConnected | RelayClosed) << "charging" << "C" << QStringList() << false << false << true;
    QTest::newRow("D") << 0x04 << 0x04 << (EvConnected | RelayClosed) << "ventilationRequired" << "D" << QStringList() << false << false << true;
    QTest::newRow("diode") << 0x05 << 0x02 << EvConnected << "diodeCheckFailed" << "B" << QStringList{QStringLiteral("diodeCheckFailed")} << false << false << false;
    QTest::newRow("GFCI") << 0x06 << 0x03 << (GfiTripped | HardFault) << "gfciFault" << "C" << QStringList{QStringLiteral("gfciFault"), QStringLiteral("hardFault")} << true << false << false;
    QTest::newRow("no ground") << 0x07 << 0x01 << NoGroundTripped << "noGround" << "A" << QStringList{QStringLiteral("noGround")} << false << true << false;
    QTest::newRow("stuck relay") << 0x08 << 0x01 << (RelayClosed | HardFault) << "stuckRelay" << "A" << QStringList{QStringLiteral("stuckRelay"), QStringLiteral("hardFault")} << false << false << true;
    QTest::newRow("GFI self-test") << 0x09 << 0x01 << HardFault << "gfiSelfTestFailed" << "A" << QStringList{QStringLiteral("gfiSelfTestFailed"), QStringLiteral("hardFault")} << false << false << false;
    QTest::newRow("over-temperature") << 0x0A << 0x03 << EvConnected << "overTemperature" << "C" << QStringList{QStringLiteral("overTemperature")} << false << false << false;
    QTest::newRow("over-current") << 0x0B << 0x03 << EvConnected << "overCurrent" << "C" << QStringList{QStringLiteral("overCurrent")} << false << false << false;
    QTest::newRow("relay closure") << 0x0E << 0x03 << EvConnected << "relayClosureFault" << "C" << QStringList{QStringLiteral("relayClosureFault")} << false << false << false;
    QTest::newRow("sleeping") << 0xFE << 0x02 << EvConnected << "sleeping" << "B" << QStringList() << false << false << false;
    QTest::newRow("disabled") << 0xFF << 0x01 << 0 << "disabled" << "A" << QStringList() << false << false << false;
}

void TestRapiClient::everyStateAndFault()
{
    QFETCH(int, evse);
    QFETCH(int, pilot);
    QFETCH(int, flags);
    QFETCH(QString, controller);
    QFETCH(QString, cp);
    QFETCH(QStringList, faults);
    QFETCH(bool, rcd);
    QFETCH(bool, ground);
    QFETCH(bool, contactor);
    auto check = [&](const HardwareState &s) {
        QCOMPARE(s.controllerState, controller);
        QCOMPARE(cpStateName(s.cpState), cp);
        QCOMPARE(s.faults, faults);
        QCOMPARE(s.rcdTripped, std::optional<bool>(rcd));
        QCOMPARE(s.groundFault, std::optional<bool>(ground));
        QCOMPARE(s.contactorClosed, std::optional<bool>(contactor));
        QCOMPARE(s.evConnected, std::optional<bool>((flags & rapi::VFlag::EvConnected) != 0));
    };
    // Polled (GS) ...
    m_sim->evseState = evse;
    m_sim->pilotState = pilot;
    m_sim->vflags = flags;
    QVERIFY(refresh());
    check(m_client->state());
    if (QTest::currentTestFailed())
        return;
    // ... and announced ($AT), starting from a different state.
    m_sim->evseState = 0x01;
    m_sim->pilotState = 0x01;
    m_sim->vflags = 0;
    QVERIFY(refresh());
    QSignalSpy updated(m_client.get(), &HardwareClient::stateUpdated);
    m_sim->changeState(evse, pilot, flags);
    QVERIFY(updated.wait(2000));
    check(updated.last().first().value<HardwareState>());
}

void TestRapiClient::asyncStateChangeArrivesAlone()
{
    QSignalSpy async(m_client.get(), &RapiClient::asyncMessage);
    QSignalSpy updated(m_client.get(), &HardwareClient::stateUpdated);
    m_sim->pilotAmps = 24;
    m_sim->changeState(0x03, 0x03, rapi::VFlag::RelayClosed | rapi::VFlag::EvConnected);
    QVERIFY(updated.wait(2000));
    QCOMPARE(async.size(), 1);
    const HardwareState s = m_client->state();
    QCOMPARE(s.cpState, CpState::C);
    QCOMPARE(s.pilotCurrentA, std::optional<double>(24));
    QCOMPARE(s.counters.asyncMessages, 1);
    QCOMPARE(s.counters.sequenceMismatches, 0);
}

void TestRapiClient::asyncWhileWaitingForReply()
{
    m_sim->asyncBeforeReply = true;
    m_sim->evseState = 0x02;
    m_sim->pilotState = 0x02;
    QSignalSpy async(m_client.get(), &RapiClient::asyncMessage);
    QVERIFY(refresh());
    QCOMPARE(async.size(), 1);
    const LinkCounters c = m_client->counters();
    QCOMPARE(c.asyncMessages, 1);
    QCOMPARE(c.timeouts, 0);
    QCOMPARE(c.garbageBytes, 0);
    QCOMPARE(c.framesIn, 10);
    QCOMPARE(m_client->state().firmwareVersion, QStringLiteral("7.1.3")); // the awaited reply still counted
}

void TestRapiClient::asyncCuttingAReplyInTwo()
{
    // The first command's reply is cut by an $AT line: the async line is still understood, the
    // broken reply is garbage, and that one command times out; the rest of the refresh works.
    m_sim->asyncInsideReply = true;
    QSignalSpy async(m_client.get(), &RapiClient::asyncMessage);
    QSignalSpy done(m_client.get(), &HardwareClient::refreshFinished);
    m_client->refresh();
    QVERIFY(done.wait(5000));
    QCOMPARE(done.first().at(0).toBool(), true);
    QVERIFY(done.first().at(1).toString().contains(QLatin1String("GV")));
    QCOMPARE(async.size(), 1);
    const LinkCounters c = m_client->counters();
    QCOMPARE(c.timeouts, 1);
    QVERIFY(c.garbageBytes > 0);
    QVERIFY(m_client->state().firmwareVersion.isEmpty()); // GV was the cut reply
    QCOMPARE(m_client->state().cpState, CpState::A);
    // The next refresh is clean.
    QVERIFY(refresh());
    QCOMPARE(m_client->state().firmwareVersion, QStringLiteral("7.1.3"));
}

void TestRapiClient::garbageAndPartialLines()
{
    m_sim->sendRaw(QByteArray("\x00\xff noise \r\n", 11));
    m_sim->garbageBeforeReply = "@@##";
    m_sim->splitReply = true;
    QVERIFY(refresh());
    QCOMPARE(m_client->state().firmwareVersion, QStringLiteral("7.1.3"));
    const LinkCounters c = m_client->counters();
    QCOMPARE(c.garbageBytes, 9 + 4); // \r\n between frames is not garbage
    QCOMPARE(c.timeouts, 0);
    QCOMPARE(c.framesIn, 9);
    // An endless line without '\r' is dropped as noise, not buffered forever.
    m_sim->sendRaw("$" + QByteArray(400, 'x'));
    QTRY_VERIFY(m_client->counters().garbageBytes >= 13 + 256);
    QVERIFY(refresh());
}

void TestRapiClient::wrongChecksumIsCountedNotTrusted()
{
    m_sim->badChecksumOnce = true;
    m_sim->firmware = "9.9.9";
    QSignalSpy done(m_client.get(), &HardwareClient::refreshFinished);
    m_client->refresh();
    QVERIFY(done.wait(5000));
    const LinkCounters c = m_client->counters();
    QCOMPARE(c.checksumErrors, 1);
    QCOMPARE(c.timeouts, 1);
    QVERIFY(m_client->state().firmwareVersion.isEmpty()); // the GV reply had the bad checksum
    // An async line with a bad checksum does not change the picture either.
    QByteArray bad = RapiSimulator::frame("$AT 06 03 16 0080");
    bad[bad.size() - 2] = bad.at(bad.size() - 2) == '0' ? '1' : '0';
    m_sim->sendRaw(bad);
    QTRY_COMPARE(m_client->counters().checksumErrors, 2);
    QVERIFY(m_client->state().controllerState != QLatin1String("gfciFault"));
}

void TestRapiClient::staleSequenceIdIsIgnored()
{
    m_sim->staleReplyFirst = true;
    QVERIFY(refresh());
    const LinkCounters c = m_client->counters();
    QCOMPARE(c.sequenceMismatches, 1);
    QCOMPARE(c.timeouts, 0);
    QCOMPARE(m_client->state().firmwareVersion, QStringLiteral("7.1.3")); // not "99"
    // A reply nobody asked for (no command pending) is a mismatch too.
    m_sim->sendRaw(RapiSimulator::frame("$OK 1 2"));
    QTRY_COMPARE(m_client->counters().sequenceMismatches, 2);
}

void TestRapiClient::withoutSequenceIds()
{
    m_client->setUseSequenceIds(false);
    QVERIFY(refresh());
    for (const QByteArray &c : m_sim->received)
        QVERIFY2(!c.contains(':'), c.constData());
    QCOMPARE(m_client->state().firmwareVersion, QStringLiteral("7.1.3"));
}

void TestRapiClient::actions()
{
    struct Case
    {
        void (RapiClient::*fn)(RapiClient::ActionCallback);
        QByteArray command;
        int state;
    };
    const Case cases[] = {{&RapiClient::disable, "FD", 0xFF}, {&RapiClient::enable, "FE", 0x01}, {&RapiClient::sleep, "FS", 0xFE}};
    for (const Case &c : cases) {
        bool called = false;
        bool ok = false;
        (m_client.get()->*c.fn)([&](const cb::Status<> &st) {
            called = true;
            ok = st.ok();
        });
        QTRY_VERIFY(called);
        QVERIFY(ok);
        QCOMPARE(m_sim->evseState, c.state);
        // The action is followed by a refresh showing its effect.
        QTRY_COMPARE(m_client->state().controllerState, rapi::evseStateName(c.state));
    }
}

void TestRapiClient::clampedCurrentIsRefused()
{
    std::optional<cb::Status<>> result;
    m_client->setCurrentLimit(16, [&](const cb::Status<> &st) { result = st; });
    QTRY_VERIFY(result.has_value());
    QVERIFY(result->ok());
    QVERIFY(m_sim->received.contains(QByteArray("$SC 16 :01^") + QByteArray::number(cb::serial::rapi::checksum("$SC 16 :01"), 16).rightJustified(2, '0').toUpper()));
    result.reset();
    m_client->setCurrentLimit(80, [&](const cb::Status<> &st) { result = st; });
    QTRY_VERIFY(result.has_value());
    QVERIFY(!result->ok());
    QVERIFY(result->error().message.contains(QLatin1String("SC 80")));
    QVERIFY(result->error().message.contains(QLatin1String("32"))); // the clamped value the controller chose
    QVERIFY(!result->error().hint.isEmpty());
    QCOMPARE(m_client->counters().negativeReplies, 1);
    QCOMPARE(m_sim->ampsSetting, 32);
}

void TestRapiClient::restartAnnouncesBoot()
{
    m_sim->firmware = "8.2.1";
    QSignalSpy async(m_client.get(), &RapiClient::asyncMessage);
    bool ok = false;
    m_client->restart([&](const cb::Status<> &st) { ok = st.ok(); });
    QVERIFY(async.wait(2000));
    QVERIFY(ok);
    const auto m = async.first().first().value<rapi::RapiMessage>();
    QCOMPARE(m.type, QByteArray("AB"));
    QCOMPARE(m_client->state().vendor.value(QLatin1String("postCode")).toString(), QStringLiteral("00"));
    QTRY_COMPARE(m_client->state().firmwareVersion, QStringLiteral("8.2.1"));
}

void TestRapiClient::timeoutThenRecovers()
{
    m_sim->silentReplies = 9;
    QSignalSpy done(m_client.get(), &HardwareClient::refreshFinished);
    m_client->refresh();
    QVERIFY(done.wait(9 * 300 + 3000));
    QCOMPARE(done.first().at(0).toBool(), false);
    QVERIFY(done.first().at(1).toString().contains(QLatin1String("did not answer")));
    QCOMPARE(m_client->counters().timeouts, 9);
    QVERIFY(refresh());
    QCOMPARE(m_client->counters().timeouts, 9);
}

void TestRapiClient::unplugWhilePolling()
{
    QSignalSpy lost(m_client.get(), &HardwareClient::linkLost);
    QSignalSpy restored(m_client.get(), &HardwareClient::linkRestored);
    QSignalSpy updated(m_client.get(), &HardwareClient::stateUpdated);
    QSignalSpy finished(m_client.get(), &HardwareClient::refreshFinished);
    m_client->startPolling(20ms);
    QVERIFY(updated.wait(3000));

    m_sim->close();
    m_pty->stop(); // unplug
    QTRY_COMPARE(lost.size(), 1);
    QVERIFY(!m_client->isOpen());
    // Polls while unplugged fail fast with a reason instead of hanging.
    QTRY_VERIFY(!finished.last().at(0).toBool());
    QVERIFY(!finished.last().at(1).toString().isEmpty());

    QVERIFY(m_pty->start()); // replug
    QVERIFY(m_sim->open(m_pty->b()));
    QTRY_COMPARE(restored.size(), 1);
    m_sim->evseState = 0x02;
    m_sim->pilotState = 0x02;
    updated.clear();
    QTRY_VERIFY(!updated.isEmpty() && updated.last().first().value<HardwareState>().cpState == CpState::B);
    const LinkCounters c = m_client->counters();
    QCOMPARE(c.disconnects, 1);
    QCOMPARE(c.reconnects, 1);
    m_client->stopPolling();
}

QTEST_GUILESS_MAIN(TestRapiClient)
#include "tst_rapiclient.moc"
