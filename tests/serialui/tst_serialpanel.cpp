// The serial panel over the real workspace capture, connected through the connection form to the
// in-repo RAPI simulator over a real socat pty pair (offscreen): the CP letter and its colour
// follow the simulator, a typed RAPI command goes out with its checksum and the reply is shown,
// unplug and replug (socat stopped and started) show the notice and recover, the byte log and the
// capture database get the bytes, and the panel renders to a PNG with live data.
#include "link/serialportlister.h"
#include "modbus/registerprofile.h"
#include "ptypair.h"
#include "rapisimulator.h"
#include "serial/bytelogmodel.h"
#include "serial/cpstatebadge.h"
#include "serial/cpstatestyle.h"
#include "serial/hardwarestateview.h"
#include "serial/linkcountersview.h"
#include "serial/rapiconsole.h"
#include "serial/serialconnectionform.h"
#include "serial/serialpanel.h"
#include "serial/serialtimelinechart.h"
#include "storage/database.h"
#include "storage/framerepository.h"
#include "workspace/workspace.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSerialPort>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace cb;
using serial::CpState;

class TestSerialPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cpColoursAreDistinctAndReadable();
    void formOffersEveryProfileAndPrefills();
    void refusesAnIncompleteForm();
    void showsTheCpLetterAndFollowsTheSimulator_data();
    void showsTheCpLetterAndFollowsTheSimulator();
    void typedRapiCommandIsSentWithChecksumAndAnswered_data();
    void typedRapiCommandIsSentWithChecksumAndAnswered();
    void worksFromTheKeyboard();
    void unplugShowsNoticeAndReplugRecovers();
    void bytesReachTheLogAndTheCaptureDatabase();
    void modbusProfileShowsTheWallbox();
    void modbusByteLogShowsBadFrames();
    void rendersWithLiveData();

private:
    void connectPanel();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<PtyPair> m_pair;
    std::unique_ptr<RapiSimulator> m_sim;
    std::unique_ptr<Workspace> m_ws;
    std::unique_ptr<SerialPanel> m_panel;
    QString m_db;
};

void TestSerialPanel::initTestCase()
{
    if (QStandardPaths::findExecutable(QStringLiteral("socat")).isEmpty())
        QFAIL("socat is required (apt-get install socat)");
}

void TestSerialPanel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_pair = std::make_unique<PtyPair>();
    QString problem;
    QVERIFY2(m_pair->start(&problem), qPrintable(problem));
    m_sim = std::make_unique<RapiSimulator>();
    QVERIFY(m_sim->open(m_pair->b()));
    m_ws = std::make_unique<Workspace>();
    // The capture database without the OCPP server: the serial panel needs only the writer.
    m_db = m_dir->filePath(QStringLiteral("panel.sqlite"));
    QVERIFY(m_ws->capture().open(m_db).ok());
    m_panel = std::make_unique<SerialPanel>(*m_ws);
    new QAbstractItemModelTester(m_panel->byteLogModel(), QAbstractItemModelTester::FailureReportingMode::QtTest, m_panel.get());
    m_panel->session().setPollInterval(std::chrono::milliseconds(200));
    m_panel->session().setReconnectBackoff(std::chrono::milliseconds(50), std::chrono::milliseconds(250));
    m_panel->resize(1180, 860);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
}

void TestSerialPanel::cleanup()
{
    m_panel.reset();
    m_ws.reset();
    m_sim.reset();
    m_pair.reset();
    m_dir.reset();
}

void TestSerialPanel::connectPanel()
{
    SerialConnectionForm *form = m_panel->connectionForm();
    form->setPortName(m_pair->a());
    QVERIFY(form->setProtocol(QStringLiteral("rapi")));
    QCOMPARE(form->baudCombo()->currentText(), QStringLiteral("115200"));
    QTest::mouseClick(form->connectButton(), Qt::LeftButton);
    QCOMPARE(m_panel->session().linkState(), SerialSession::LinkState::Open);
    QCOMPARE(form->connectButton()->text(), QStringLiteral("&Disconnect"));
    QVERIFY(!form->portCombo()->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->stateView()->badge()->letter(), QStringLiteral("A"), 5000);
}

void TestSerialPanel::cpColoursAreDistinctAndReadable()
{
    QList<QRgb> seen;
    for (CpState s : {CpState::Unknown, CpState::A, CpState::B, CpState::C, CpState::D, CpState::E, CpState::F}) {
        const QColor c = cpStateColor(s);
        QVERIFY2(!seen.contains(c.rgb()), qPrintable(cpStateLetter(s)));
        seen << c.rgb();
        // The letter contrasts with its background (WCAG-style luminance difference).
        const QColor ink = cpStateTextColor(s);
        QVERIFY(std::abs(ink.lightnessF() - c.lightnessF()) > 0.3);
        QVERIFY(!cpStateMeaning(s).isEmpty());
    }
    QVERIFY(cpStateColor(CpState::A).green() > cpStateColor(CpState::A).red()); // A green
    QVERIFY(cpStateColor(CpState::F).red() > 2 * cpStateColor(CpState::F).green()); // F red
    QCOMPARE(cpStateLetter(CpState::Unknown), QStringLiteral("?"));
    QCOMPARE(cpStateLetter(CpState::E), QStringLiteral("E"));
}

void TestSerialPanel::formOffersEveryProfileAndPrefills()
{
    SerialConnectionForm *form = m_panel->connectionForm();
    QComboBox *protocols = form->protocolCombo();
    QStringList offered;
    for (int i = 0; i < protocols->count(); ++i)
        offered << protocols->itemData(i).toString();
    QCOMPARE(offered.first(), QStringLiteral("rapi"));
    QCOMPARE(offered.last(), QStringLiteral("file"));
    for (const QString &id : serial::modbus::RegisterProfile::builtinIds())
        QVERIFY2(offered.contains(QStringLiteral("modbus:") + id), qPrintable(id));

    QVERIFY(form->setProtocol(QStringLiteral("modbus:heidelberg-energy-control")));
    QCOMPARE(form->baudCombo()->currentText(), QStringLiteral("19200"));
    QCOMPARE(form->framingCombo()->currentText(), QStringLiteral("8E1"));
    QVERIFY(form->serverIdSpin()->isEnabled());
    QVERIFY(form->setProtocol(QStringLiteral("rapi")));
    QCOMPARE(form->baudCombo()->currentText(), QStringLiteral("115200"));
    QCOMPARE(form->framingCombo()->currentText(), QStringLiteral("8N1"));
    QVERIFY(!form->serverIdSpin()->isEnabled());
    QVERIFY(!form->setProtocol(QStringLiteral("telepathy")));

    // A profile file is added beside the built-in ones and selected.
    const auto builtin = serial::modbus::RegisterProfile::load(QStringLiteral("heidelberg-energy-control"));
    QVERIFY(builtin.ok());
    const QString path = m_dir->filePath(QStringLiteral("copy.json"));
    QVERIFY(QFile::copy(QStringLiteral(":/modbus/heidelberg-energy-control.json"), path));
    QVERIFY(form->setProtocol(QStringLiteral("modbus:") + path));
    QCOMPARE(form->protocol(), QStringLiteral("modbus:") + path);
    QCOMPARE(form->baudCombo()->currentText(), QStringLiteral("19200"));
    QCOMPARE(form->serverIdSpin()->value(), builtin.value().serverId);

    // Ports are listed off the GUI thread; the list (maybe empty here) arrives by signal.
    QSignalSpy listed(form, &SerialConnectionForm::portsListed);
    form->refreshPorts();
    QVERIFY(listed.wait(5000));
    QCOMPARE(listed.first().first().toInt(), int(serial::SerialPortLister::availablePorts().size()));
}

void TestSerialPanel::refusesAnIncompleteForm()
{
    SerialConnectionForm *form = m_panel->connectionForm();
    form->setPortName(QString());
    QVERIFY(!m_panel->connectLink());
    QCOMPARE(m_panel->notice(), SerialPanel::Notice::Error);
    QVERIFY(m_panel->noticeText().contains(QStringLiteral("No serial port")));

    form->setPortName(m_dir->filePath(QStringLiteral("ttyMissing")));
    QVERIFY(!m_panel->connectLink());
    QVERIFY2(m_panel->noticeText().contains(QStringLiteral("does not exist")), qPrintable(m_panel->noticeText()));
    QCOMPARE(m_panel->session().linkState(), SerialSession::LinkState::Closed);
    QVERIFY(form->portCombo()->isEnabled());
}

void TestSerialPanel::showsTheCpLetterAndFollowsTheSimulator_data()
{
    QTest::addColumn<int>("evse");
    QTest::addColumn<int>("flags");
    QTest::addColumn<QString>("letter");
    QTest::addColumn<QString>("contactor");

    QTest::newRow("B: vehicle connected") << 2 << 0x0100 << QStringLiteral("B") << QStringLiteral("open");
    QTest::newRow("C: charging") << 3 << 0x0140 << QStringLiteral("C") << QStringLiteral("closed");
    QTest::newRow("D: ventilation") << 4 << 0x0140 << QStringLiteral("D") << QStringLiteral("closed");
}

void TestSerialPanel::showsTheCpLetterAndFollowsTheSimulator()
{
    QFETCH(int, evse);
    QFETCH(int, flags);
    QFETCH(QString, letter);
    QFETCH(QString, contactor);

    connectPanel();
    CpStateBadge *badge = m_panel->stateView()->badge();
    QCOMPARE(badge->color(), cpStateColor(CpState::A));
    QCOMPARE(m_panel->stateView()->fieldText(QStringLiteral("contactor")), QStringLiteral("open"));
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->stateView()->fieldText(QStringLiteral("firmware")), QStringLiteral("7.1.3 (protocol 5.0.1)"), 5000);

    m_sim->changeState(evse, evse, flags);
    QTRY_COMPARE_WITH_TIMEOUT(badge->letter(), letter, 5000);
    QCOMPARE(badge->color(), cpStateColor(badge->state()));
    QVERIFY(badge->color() != cpStateColor(CpState::A));
    QVERIFY(badge->accessibleName().contains(letter));
    QCOMPARE(m_panel->stateView()->fieldText(QStringLiteral("contactor")), contactor);
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->timeline()->lastCpLevel(), evse, 5000);

    // And back to A when the vehicle leaves.
    m_sim->changeState(1, 1, 0);
    QTRY_COMPARE_WITH_TIMEOUT(badge->letter(), QStringLiteral("A"), 5000);
    QCOMPARE(badge->color(), cpStateColor(CpState::A));
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->timeline()->lastCpLevel(), 1, 5000);
}

void TestSerialPanel::typedRapiCommandIsSentWithChecksumAndAnswered_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QByteArray>("onTheWire");
    QTest::addColumn<QByteArray>("reply");
    QTest::newRow("GS") << QStringLiteral("GS") << QByteArray("$GS^30") << RapiSimulator::frame("$OK 1 0 1 0").chopped(1);
    QTest::newRow("SC 10") << QStringLiteral("sc 10") << RapiSimulator::frame("$SC 10").chopped(1) << RapiSimulator::frame("$OK 10").chopped(1);
    QTest::newRow("refused") << QStringLiteral("XX") << RapiSimulator::frame("$XX").chopped(1) << RapiSimulator::frame("$NK").chopped(1);
}

void TestSerialPanel::typedRapiCommandIsSentWithChecksumAndAnswered()
{
    QFETCH(QString, typed);
    QFETCH(QByteArray, onTheWire);
    QFETCH(QByteArray, reply);

    connectPanel();
    RapiConsole *console = m_panel->rapiConsole();
    QVERIFY(console->isVisible());
    QSignalSpy finished(&m_panel->session(), &SerialSession::rapiCommandFinished);
    console->input()->setFocus();
    QTest::keyClicks(console->input(), typed);
    QTest::keyClick(console->input(), Qt::Key_Return);
    QVERIFY(console->input()->text().isEmpty());
    QVERIFY(finished.wait(5000));
    QVERIFY2(m_sim->received.contains(onTheWire), qPrintable(QString::fromLatin1(m_sim->received.join(" | "))));
    QCOMPARE(console->lastReply(), QString::fromLatin1(reply));
    QVERIFY(console->transcript().contains(QString::fromLatin1(onTheWire)));
    QVERIFY(console->transcript().contains(QString::fromLatin1(reply)));
    // Up brings the command back for another go.
    QTest::keyClick(console->input(), Qt::Key_Up);
    QCOMPARE(console->input()->text(), typed);

    // Text that is no command never reaches the wire; the reason is shown.
    const int before = m_sim->commandsReceived;
    console->input()->setText(QStringLiteral("G"));
    QTest::keyClick(console->input(), Qt::Key_Return);
    QVERIFY(console->lastReply().contains(QStringLiteral("not a RAPI command")));
    QCOMPARE(console->input()->text(), QStringLiteral("G")); // kept for correcting
    QVERIFY(m_sim->commandsReceived - before <= 9); // at most a refresh, nothing typed
    for (const QByteArray &line : std::as_const(m_sim->received))
        QVERIFY(!line.startsWith("$G^") && !line.startsWith("$G "));
}

void TestSerialPanel::worksFromTheKeyboard()
{
    m_panel->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_panel.get()));
    SerialConnectionForm *form = m_panel->connectionForm();
    QVERIFY(form->setProtocol(QStringLiteral("rapi")));
    // Alt+P to the port field, type the path, Alt+C connects.
    QTest::keyClick(m_panel.get(), Qt::Key_P, Qt::AltModifier);
    QTRY_VERIFY(form->portCombo()->hasFocus());
    form->portCombo()->lineEdit()->selectAll();
    QTest::keyClicks(QApplication::focusWidget(), m_pair->a());
    QTest::keyClick(m_panel.get(), Qt::Key_C, Qt::AltModifier);
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->session().linkState(), SerialSession::LinkState::Open, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->stateView()->badge()->letter(), QStringLiteral("A"), 5000);
    // Alt+M to the RAPI command line, type, Enter.
    QTest::keyClick(m_panel.get(), Qt::Key_M, Qt::AltModifier);
    QTRY_VERIFY(m_panel->rapiConsole()->input()->hasFocus());
    QSignalSpy finished(&m_panel->session(), &SerialSession::rapiCommandFinished);
    QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("GS"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QVERIFY(finished.wait(5000));
    QVERIFY(m_sim->received.contains("$GS^30"));
    // Alt+D disconnects (the button's text changed with its role).
    QTest::keyClick(m_panel.get(), Qt::Key_D, Qt::AltModifier);
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->session().linkState(), SerialSession::LinkState::Closed, 5000);
}

void TestSerialPanel::unplugShowsNoticeAndReplugRecovers()
{
    connectPanel();
    QVERIFY(m_panel->noticeText().isEmpty());
    m_pair->stop();
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->session().linkState(), SerialSession::LinkState::Reconnecting, 5000);
    QCOMPARE(m_panel->notice(), SerialPanel::Notice::Warning);
    QVERIFY2(m_panel->noticeText().contains(QStringLiteral("Cable unplugged or port gone \u2014 reconnecting...")),
             qPrintable(m_panel->noticeText()));
    QVERIFY(m_panel->stateView()->badge()->isStale());
    QCOMPARE(m_panel->connectionForm()->connectButton()->text(), QStringLiteral("&Disconnect")); // still ours
    if (const QString shots = qEnvironmentVariable("CHARGEBENCH_SCREENSHOT_DIR"); !shots.isEmpty()) {
        QDir().mkpath(shots);
        QVERIFY(m_panel->grab().save(QDir(shots).filePath(QStringLiteral("serial-panel-unplugged.png"))));
    }

    // The vehicle was plugged in meanwhile: after the replug the panel shows B, not the stale A.
    m_sim->evseState = 2;
    m_sim->pilotState = 2;
    m_sim->vflags = 0x0100;
    QString problem;
    QVERIFY2(m_pair->start(&problem), qPrintable(problem));
    QVERIFY(m_sim->open(m_pair->b()));
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->session().linkState(), SerialSession::LinkState::Open, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->stateView()->badge()->letter(), QStringLiteral("B"), 5000);
    QVERIFY(!m_panel->stateView()->badge()->isStale());
    QCOMPARE(m_panel->notice(), SerialPanel::Notice::Info);
    QVERIFY(m_panel->noticeText().contains(QStringLiteral("Link restored")));
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->countersView()->counters().reconnects, qint64(1), 5000);
    QCOMPARE(m_panel->countersView()->counters().disconnects, qint64(1));

    // The RAPI command line works again after the replug.
    QSignalSpy finished(&m_panel->session(), &SerialSession::rapiCommandFinished);
    m_panel->rapiConsole()->input()->setText(QStringLiteral("GS"));
    m_panel->rapiConsole()->submit();
    QVERIFY(finished.wait(5000));
    QCOMPARE(m_panel->rapiConsole()->lastReply(), QString::fromLatin1(RapiSimulator::frame("$OK 2 0 2 100").chopped(1)));
}

void TestSerialPanel::bytesReachTheLogAndTheCaptureDatabase()
{
    connectPanel();
    ByteLogModel *model = m_panel->byteLogModel();
    QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() >= 18, 5000);
    const QModelIndex first = model->index(0, ByteLogModel::Text);
    QVERIFY(first.data().toString().startsWith(QStringLiteral("$GV :")));
    QVERIFY(model->index(0, ByteLogModel::Time).data(ByteLogModel::OutgoingRole).toBool());
    QVERIFY(!m_panel->findChild<QTableView *>(QStringLiteral("byteLogView"))->isColumnHidden(ByteLogModel::Text)); // RAPI is text

    // Pause: nothing new in the view, but the capture keeps everything.
    QTest::mouseClick(m_panel->findChild<QCheckBox *>(QStringLiteral("byteLogPause")), Qt::LeftButton);
    QSignalSpy refreshed(&m_panel->session(), &SerialSession::refreshFinished);
    QVERIFY(refreshed.wait(5000));
    QVERIFY(refreshed.wait(5000));
    const int rowsWhilePaused = model->rowCount();
    QVERIFY(refreshed.wait(5000));
    QCOMPARE(model->rowCount(), rowsWhilePaused);

    m_panel->disconnectLink();
    QCOMPARE(m_panel->connectionForm()->connectButton()->text(), QStringLiteral("&Connect"));
    QVERIFY(m_ws->capture().flush().ok());
    Database db;
    QVERIFY(db.open(m_db).ok());
    FrameRepository repo(db);
    const auto rows = repo.frames({QString(), 0, FrameFilter::kMaxLimit});
    QVERIFY(rows.ok());
    const QString channel = QStringLiteral("serial:") + m_pair->a();
    QByteArray out;
    int frames = 0;
    for (const auto &row : rows.value()) {
        QCOMPARE(row.record.channel, channel);
        if (row.record.kind == CaptureRecord::Kind::Frame) {
            ++frames;
            if (row.record.outgoing)
                out += row.record.data;
        }
    }
    QVERIFY(frames > rowsWhilePaused); // the capture got what the paused view skipped
    QCOMPARE(rows.value().first().record.kind, CaptureRecord::Kind::ConnectionOpened);
    QCOMPARE(rows.value().last().record.kind, CaptureRecord::Kind::ConnectionClosed);
    QByteArray expected;
    for (const QByteArray &l : std::as_const(m_sim->received))
        expected += l + '\r';
    QCOMPARE(out, expected);
}

void TestSerialPanel::modbusProfileShowsTheWallbox()
{
    // pymodbus (an independent Modbus RTU stack) plays a Heidelberg wallbox on the other pty end.
    m_sim.reset();
    const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"), {QStringLiteral("/usr/bin")});
    QVERIFY(!python.isEmpty());
    QProcess server;
    server.start(python, {QFINDTESTDATA("../serial/heidelberg_server.py"), m_pair->b(), QStringLiteral("19200")});
    QVERIFY2(server.waitForStarted(5000), qPrintable(server.errorString()));
    QByteArray serverOut;
    QTRY_VERIFY_WITH_TIMEOUT((serverOut += server.readAllStandardOutput()).contains("ready") || server.state() == QProcess::NotRunning,
                             15000);
    QVERIFY2(serverOut.contains("ready"), "pymodbus did not start (python3-pymodbus, python3-serial-asyncio)");

    SerialConnectionForm *form = m_panel->connectionForm();
    form->setPortName(m_pair->a());
    QVERIFY(form->setProtocol(QStringLiteral("modbus:heidelberg-energy-control")));
    QCOMPARE(form->framingCombo()->currentText(), QStringLiteral("8E1")); // the wallbox's
    form->framingCombo()->setCurrentText(QStringLiteral("8N1"));          // ptys carry no parity
    QCOMPARE(form->serverIdSpin()->value(), 1);
    QVERIFY(m_panel->connectLink());
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->stateView()->badge()->letter(), QStringLiteral("C"), 5000);
    HardwareStateView *view = m_panel->stateView();
    QCOMPARE(view->badge()->color(), cpStateColor(CpState::C));
    QCOMPARE(view->fieldText(QStringLiteral("current")), QStringLiteral("16.0 / 15.8 / 0.0\u00a0A"));
    QCOMPARE(view->fieldText(QStringLiteral("lock")), QStringLiteral("unlocked"));
    QCOMPARE(view->fieldText(QStringLiteral("contactor")), QStringLiteral("closed"));
    QVERIFY(!m_panel->rapiConsole()->isVisible()); // RAPI only
    QVERIFY(view->fieldText(QStringLiteral("temperatures")).contains(QStringLiteral("pcb 24.5")));

    // The wallbox goes to B1 (vehicle connected, no charge): letter and colour follow.
    server.write("set i 5 4\n");
    QTRY_COMPARE_WITH_TIMEOUT(view->badge()->letter(), QStringLiteral("B"), 5000);
    QCOMPARE(view->badge()->color(), cpStateColor(CpState::B));
    QCOMPARE(m_panel->countersView()->errorCount(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(m_panel->byteLogModel()->rowCount() >= 8, 5000);
    // The log is the wire: the first request and pymodbus's own reply, byte for byte (CRCs
    // computed with pymodbus), and nothing flagged.
    ByteLogModel *log = m_panel->byteLogModel();
    QCOMPARE(log->index(0, ByteLogModel::Hex).data(ByteLogModel::EntryBytesRole).toByteArray().toHex(' '),
             QByteArray::fromHex("01040004000ff1cf").toHex(' '));
    QCOMPARE(log->index(1, ByteLogModel::Hex).data(ByteLogModel::EntryBytesRole).toByteArray().toHex(' '),
             QByteArray::fromHex("01041e0108000700a0009e000000f500e700e5000000011c84000186a0000000003190").toHex(' '));
    for (int row = 0; row < 8; ++row)
        QVERIFY2(!log->index(row, ByteLogModel::Note).data(ByteLogModel::ProblemRole).toBool(), qPrintable(log->entryAt(row).note));
    if (const QString shots = qEnvironmentVariable("CHARGEBENCH_SCREENSHOT_DIR"); !shots.isEmpty()) {
        QDir().mkpath(shots);
        QVERIFY(m_panel->grab().save(QDir(shots).filePath(QStringLiteral("serial-panel-modbus.png"))));
    }

    // A wrong server id: nobody answers, the panel says so and counts the timeouts.
    m_panel->disconnectLink();
    form->serverIdSpin()->setValue(7);
    QVERIFY(m_panel->connectLink());
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->notice(), SerialPanel::Notice::Warning, 10000);
    QVERIFY2(m_panel->noticeText().contains(QStringLiteral("does not answer")), qPrintable(m_panel->noticeText()));
    QVERIFY(m_panel->countersView()->counters().timeouts > 0);
    m_panel->disconnectLink();
    server.closeWriteChannel(); // the script stops at the end of its input
    if (!server.waitForFinished(5000))
        server.kill();
}

void TestSerialPanel::modbusByteLogShowsBadFrames()
{
    // A raw byte peer as an evracing controller on a noisy line: the first answer has a wrong CRC,
    // the second comes after line noise, then all is well. The log shows each as it was received.
    m_sim.reset();
    QSerialPort peer;
    peer.setPortName(m_pair->b());
    QVERIFY(peer.open(QIODevice::ReadWrite));
    const QByteArray request = QByteArray::fromHex("010303e80008c47c");
    const QByteArray good = QByteArray::fromHex("01031000100010000300140000001100020001a682");
    QByteArray bad = good;
    bad[bad.size() - 1] = char(bad.at(bad.size() - 1) ^ 0x5A);
    const QByteArray noise("\xff\x00~~", 4);
    QByteArray received;
    int answered = 0;
    connect(&peer, &QSerialPort::readyRead, this, [&] {
        received += peer.readAll();
        while (received.size() >= 8 * (answered + 1)) {
            ++answered;
            peer.write(answered == 1 ? bad : answered == 2 ? noise + good : good);
        }
    });
    SerialConnectionForm *form = m_panel->connectionForm();
    form->setPortName(m_pair->a());
    QVERIFY(form->setProtocol(QStringLiteral("modbus:evracing-evse-wb-din")));
    QVERIFY(m_panel->connectLink());
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->stateView()->badge()->letter(), QStringLiteral("C"), 5000);
    ByteLogModel *log = m_panel->byteLogModel();
    QTRY_VERIFY_WITH_TIMEOUT(log->rowCount() >= 7, 5000);
    // request, bad reply, request, noise, good reply, request, good reply
    const QList<QByteArray> wire{request, bad, request, noise, good, request, good};
    for (int row = 0; row < wire.size(); ++row)
        QCOMPARE(log->entryAt(row).bytes.toHex(' '), wire.at(row).toHex(' '));
    QVERIFY(log->index(1, ByteLogModel::Note).data(ByteLogModel::ProblemRole).toBool());
    QVERIFY2(log->index(1, ByteLogModel::Note).data().toString().contains(QStringLiteral("CRC error")),
             qPrintable(log->entryAt(1).note));
    QVERIFY(log->index(3, ByteLogModel::Note).data(ByteLogModel::ProblemRole).toBool());
    QVERIFY(!log->index(4, ByteLogModel::Note).data(ByteLogModel::ProblemRole).toBool());
    // Binary frames: the escaped-text column makes room for the hex.
    auto *byteView = m_panel->findChild<QTableView *>(QStringLiteral("byteLogView"));
    QVERIFY(byteView && byteView->isColumnHidden(ByteLogModel::Text));
    QTRY_VERIFY_WITH_TIMEOUT(m_panel->countersView()->counters().crcErrors == 1, 5000);
    QCOMPARE(m_panel->countersView()->counters().garbageBytes, noise.size());
    if (const QString shots = qEnvironmentVariable("CHARGEBENCH_SCREENSHOT_DIR"); !shots.isEmpty()) {
        QDir().mkpath(shots);
        QVERIFY(m_panel->grab().save(QDir(shots).filePath(QStringLiteral("serial-panel-modbus-errors.png"))));
    }

    // The capture database has the same bytes, the bad ones with their problem.
    m_panel->disconnectLink();
    QVERIFY(m_ws->capture().flush().ok());
    Database db;
    QVERIFY(db.open(m_db).ok());
    FrameRepository repo(db);
    const auto rows = repo.frames({QString(), 0, FrameFilter::kMaxLimit});
    QVERIFY(rows.ok());
    QList<CaptureRecord> frames;
    for (const auto &row : rows.value()) {
        if (row.record.kind == CaptureRecord::Kind::Frame)
            frames.append(row.record);
    }
    QVERIFY(frames.size() >= wire.size());
    for (int i = 0; i < wire.size(); ++i)
        QCOMPARE(frames.at(i).data.toHex(' '), wire.at(i).toHex(' '));
    QVERIFY2(frames.at(1).problem.contains(QStringLiteral("CRC error")), qPrintable(frames.at(1).problem));
    QVERIFY(!frames.at(3).problem.isEmpty());
    QVERIFY(frames.at(4).problem.isEmpty());
}

void TestSerialPanel::rendersWithLiveData()
{
    // A realistic picture: a vehicle arrives, charges at rising current, with temperatures and
    // energy; then the panel is grabbed and checked where it matters.
    m_sim->temps[0] = 312;
    m_sim->temps[1] = 287;
    m_sim->totalWh = 1'834'520;
    connectPanel();
    SerialTimelineChart *chart = m_panel->timeline();
    auto waitForPoints = [chart](int n) { return QTest::qWaitFor([chart, n] { return chart->cpPointCount() >= n; }, 5000); };
    QVERIFY(waitForPoints(4));
    m_sim->changeState(2, 2, 0x0100);
    QVERIFY(waitForPoints(chart->cpPointCount() + 4));
    m_sim->changeState(3, 3, 0x0140);
    for (int ma : {6000, 10000, 13500, 15800, 15900}) {
        m_sim->currentMa = ma;
        m_sim->sessionWs += int(qint64(4) * 3600 * 230 * ma / 1000 / 1000);
        QVERIFY(waitForPoints(chart->cpPointCount() + 2));
    }
    QSignalSpy finished(&m_panel->session(), &SerialSession::rapiCommandFinished);
    m_panel->rapiConsole()->input()->setText(QStringLiteral("GG"));
    m_panel->rapiConsole()->submit();
    QVERIFY(finished.wait(5000));
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->stateView()->badge()->letter(), QStringLiteral("C"), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(m_panel->stateView()->fieldText(QStringLiteral("current")).startsWith(QStringLiteral("15.9")), 5000);
    QVERIFY(chart->currentPointCount() >= 5);

    const QImage image = m_panel->grab().toImage();
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), m_panel->size() * image.devicePixelRatio());
    // The badge is painted in C's colour (a point inside its rounded box, clear of the letter).
    CpStateBadge *badge = m_panel->stateView()->badge();
    const QPoint inBadge = badge->mapTo(m_panel.get(), QPoint(badge->width() / 2, 8));
    QCOMPARE(QColor(image.pixel(inBadge)).rgb(), cpStateColor(CpState::C).rgb());
    const QString out = qEnvironmentVariable("CHARGEBENCH_SCREENSHOT_DIR");
    if (!out.isEmpty()) {
        QDir().mkpath(out);
        QVERIFY(image.save(QDir(out).filePath(QStringLiteral("serial-panel.png"))));
    }
}

QTEST_MAIN(TestSerialPanel)
#include "tst_serialpanel.moc"
