// The serial channel of the capture database: a RAPI client talks to the in-repo simulator over a
// real socat pty pair, SerialCapture records the link, and the real SQLite file is read back with
// FrameRepository. The simulator's own record of what it received is the oracle for the bytes
// sent. Also the session: its RAPI command line sends exactly "$GS^30", even while polling.
#include "ptypair.h"
#include "rapi/rapiclient.h"
#include "rapisimulator.h"
#include "serialcapture/serialcapture.h"
#include "serialcapture/serialsession.h"
#include "storage/capturewriter.h"
#include "storage/database.h"
#include "storage/framerepository.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace cb;
using serial::ByteLogEntry;

namespace {

QList<CaptureRecord> readChannel(const QString &path, const QString &channel)
{
    Database db;
    if (!db.open(path).ok())
        return {};
    FrameRepository repo(db);
    QList<CaptureRecord> out;
    qint64 after = 0;
    qint64 lastTs = 0;
    for (;;) {
        const auto page = repo.frames({QString(), after, FrameFilter::kMaxLimit});
        if (!page.ok() || page.value().isEmpty())
            break;
        for (const auto &row : page.value()) {
            // Rows come back in insertion order; timestamps never go backwards within a channel.
            if (row.record.channel == channel) {
                if (row.record.timestampUs < lastTs)
                    qWarning() << "timestamp went backwards at id" << row.id;
                lastTs = row.record.timestampUs;
                out << row.record;
            }
        }
        after = page.value().constLast().id;
    }
    return out;
}

QJsonObject details(const CaptureRecord &r)
{
    return QJsonDocument::fromJson(r.data).object();
}

QByteArray joined(const QList<QByteArray> &lines)
{
    QByteArray all;
    for (const QByteArray &l : lines)
        all += l + '\r';
    return all;
}

} // namespace

class TestSerialCapture : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void entriesBecomeRecords_data();
    void entriesBecomeRecords();
    void rapiTrafficIsRecordedInOrder();
    void unplugAndReplugAreRecorded();
    void sessionRecordsItsLink();
    void sessionSendsTypedCommandsWithoutSequenceId_data();
    void sessionSendsTypedCommandsWithoutSequenceId();
    void typedCommandWaitsForTheRunningRefresh();
    void typedCommandNeedsAnOpenRapiLink();

private:
    CaptureWriter::Options fastOptions() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<PtyPair> m_pair;
    std::unique_ptr<RapiSimulator> m_sim;
    QString m_db;
};

void TestSerialCapture::initTestCase()
{
    if (QStandardPaths::findExecutable(QStringLiteral("socat")).isEmpty())
        QFAIL("socat is required (apt-get install socat)");
}

void TestSerialCapture::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_db = m_dir->filePath(QStringLiteral("capture.sqlite"));
    m_pair = std::make_unique<PtyPair>();
    QString problem;
    QVERIFY2(m_pair->start(&problem), qPrintable(problem));
    m_sim = std::make_unique<RapiSimulator>();
    QVERIFY(m_sim->open(m_pair->b()));
}

void TestSerialCapture::cleanup()
{
    m_sim.reset();
    m_pair.reset();
    m_dir.reset();
}

CaptureWriter::Options TestSerialCapture::fastOptions() const
{
    CaptureWriter::Options o;
    o.flushIntervalMs = 20;
    return o;
}

void TestSerialCapture::entriesBecomeRecords_data()
{
    QTest::addColumn<bool>("outgoing");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("note");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("problem");
    QTest::addColumn<bool>("bad"); // ByteLogEntry::problem

    QTest::newRow("command out") << true << QByteArray("$GS^30\r") << QString() << int(CaptureRecord::Kind::Frame) << QString() << false;
    QTest::newRow("reply in") << false << QByteArray("$OK 1 0^20\r") << QString() << int(CaptureRecord::Kind::Frame) << QString() << false;
    QTest::newRow("binary Modbus reply") << false << QByteArray("\x01\x04\x02\x00\x07\xf9\x32", 7)
                                         << QString() << int(CaptureRecord::Kind::Frame) << QString() << false;
    QTest::newRow("Modbus reply with a wrong CRC") << false << QByteArray("\x01\x04\x02\x00\x07\xf9\x68", 7)
                                                   << QStringLiteral("CRC error: discarded") << int(CaptureRecord::Kind::Frame)
                                                   << QStringLiteral("CRC error: discarded") << true;
    QTest::newRow("garbage") << false << QByteArray("\xff\x00noise", 7) << QStringLiteral("7 bytes of garbage")
                             << int(CaptureRecord::Kind::Frame) << QStringLiteral("7 bytes of garbage") << true;
    QTest::newRow("discarded frame") << false << QByteArray() << QStringLiteral("frame with a wrong CRC discarded")
                                     << int(CaptureRecord::Kind::Note) << QStringLiteral("frame with a wrong CRC discarded") << false;
}

void TestSerialCapture::entriesBecomeRecords()
{
    QFETCH(bool, outgoing);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, note);
    QFETCH(int, kind);
    QFETCH(QString, problem);
    QFETCH(bool, bad);

    ByteLogEntry e;
    e.direction = outgoing ? ByteLogEntry::Direction::Out : ByteLogEntry::Direction::In;
    e.timestampUs = 1'700'000'000'123'456;
    e.port = QStringLiteral("/dev/ttyUSB3");
    e.bytes = bytes;
    e.note = note;
    e.problem = bad;
    const CaptureRecord r = SerialCapture::toRecord(e, 42);
    QCOMPARE(int(r.kind), kind);
    QCOMPARE(r.channel, QStringLiteral("serial:/dev/ttyUSB3"));
    QCOMPARE(r.connectionId, qint64(42));
    QCOMPARE(r.outgoing, outgoing);
    QCOMPARE(r.data, bytes);
    QCOMPARE(r.problem, problem);
    QCOMPARE(r.timestampUs, e.timestampUs);
    QCOMPARE(r.messageType, 0);

    // And through a real SQLite file: the bytes come back exactly (BLOB when not text).
    CaptureWriter writer;
    QVERIFY(writer.open(m_db, fastOptions()).ok());
    writer.append(r);
    QVERIFY(writer.close().ok());
    const auto back = readChannel(m_db, r.channel);
    QCOMPARE(back.size(), 1);
    QCOMPARE(back.first().data, bytes);
    QCOMPARE(back.first().outgoing, outgoing);
    QCOMPARE(int(back.first().kind), kind);
    QCOMPARE(back.first().problem, problem);
}

void TestSerialCapture::rapiTrafficIsRecordedInOrder()
{
    CaptureWriter writer;
    QVERIFY(writer.open(m_db, fastOptions()).ok());
    serial::RapiClient client;
    const serial::SerialSettings settings = serial::RapiClient::defaultSettings(m_pair->a());
    QVERIFY(client.open(settings).ok());
    QList<ByteLogEntry> logged;
    connect(&client, &serial::HardwareClient::bytesLogged, this, [&logged](const ByteLogEntry &e) { logged << e; });
    auto capture = std::make_unique<SerialCapture>(writer);
    capture->attach(&client, settings);
    QVERIFY(capture->isAttached());
    const qint64 connection = capture->connectionId();
    QVERIFY(connection > 0);

    QSignalSpy refreshed(&client, &serial::HardwareClient::refreshFinished);
    client.refresh();
    QVERIFY(refreshed.wait(5000));
    QVERIFY(refreshed.first().first().toBool());
    QSignalSpy updated(&client, &serial::HardwareClient::stateUpdated);
    m_sim->changeState(0x02, 0x02, 0x0100); // unsolicited $AT: bytes in without a command
    QVERIFY(updated.wait(5000));
    capture->detach();
    QVERIFY(!capture->isAttached());
    QVERIFY(writer.close().ok());

    const QString channel = QStringLiteral("serial:") + m_pair->a();
    QCOMPARE(capture->channel(), channel);
    const auto records = readChannel(m_db, channel);
    QCOMPARE(records.size(), logged.size() + 2); // opened, every chunk, closed
    QCOMPARE(records.first().kind, CaptureRecord::Kind::ConnectionOpened);
    QCOMPARE(details(records.first()).value(QStringLiteral("port")).toString(), m_pair->a());
    QCOMPARE(details(records.first()).value(QStringLiteral("protocol")).toString(), QStringLiteral("rapi"));
    QCOMPARE(details(records.first()).value(QStringLiteral("settings")).toString(), settings.describe());
    QCOMPARE(records.last().kind, CaptureRecord::Kind::ConnectionClosed);

    QByteArray out, in;
    for (int i = 0; i < logged.size(); ++i) {
        const CaptureRecord &r = records.at(i + 1);
        QCOMPARE(r.kind, CaptureRecord::Kind::Frame);
        QCOMPARE(r.connectionId, connection);
        QCOMPARE(r.data, logged.at(i).bytes);
        QCOMPARE(r.outgoing, logged.at(i).direction == ByteLogEntry::Direction::Out);
        QCOMPARE(r.timestampUs, logged.at(i).timestampUs);
        (r.outgoing ? out : in) += r.data;
    }
    for (const CaptureRecord &r : records)
        QCOMPARE(r.connectionId, connection);
    // What the database says went out is what the simulator received, byte for byte, in order.
    QCOMPARE(out, joined(m_sim->received));
    QVERIFY(out.startsWith("$GV :"));
    QVERIFY(in.contains("$OK 7.1.3 5.0.1 :"));
    QVERIFY(in.endsWith(RapiSimulator::frame("$AT 2 2 16 100")));
}

void TestSerialCapture::unplugAndReplugAreRecorded()
{
    CaptureWriter writer;
    QVERIFY(writer.open(m_db, fastOptions()).ok());
    serial::RapiClient client;
    client.link().setReconnectBackoff(std::chrono::milliseconds(50), std::chrono::milliseconds(200));
    client.link().setPresenceInterval(std::chrono::milliseconds(100));
    const serial::SerialSettings settings = serial::RapiClient::defaultSettings(m_pair->a());
    QVERIFY(client.open(settings).ok());
    SerialCapture capture(writer);
    capture.attach(&client, settings);

    QSignalSpy refreshed(&client, &serial::HardwareClient::refreshFinished);
    client.refresh();
    QVERIFY(refreshed.wait(5000));
    QSignalSpy lost(&client, &serial::HardwareClient::linkLost);
    QSignalSpy restored(&client, &serial::HardwareClient::linkRestored);
    m_pair->stop();
    QVERIFY(lost.wait(5000));
    QString problem;
    QVERIFY2(m_pair->start(&problem), qPrintable(problem));
    QVERIFY(m_sim->open(m_pair->b()));
    QVERIFY(restored.wait(5000));
    refreshed.clear();
    client.refresh();
    QTRY_VERIFY_WITH_TIMEOUT(!refreshed.isEmpty(), 5000);
    QVERIFY(refreshed.last().first().toBool());
    capture.detach(QStringLiteral("test over"));
    QVERIFY(writer.close().ok());

    const auto records = readChannel(m_db, QStringLiteral("serial:") + m_pair->a());
    QList<CaptureRecord::Kind> events;
    int framesBefore = 0, framesAfter = 0;
    for (const CaptureRecord &r : records) {
        if (r.kind == CaptureRecord::Kind::Frame)
            (events.size() < 2 ? framesBefore : framesAfter)++;
        else
            events << r.kind;
    }
    using K = CaptureRecord::Kind;
    QCOMPARE(events, (QList<K>{K::ConnectionOpened, K::ConnectionClosed, K::ConnectionOpened, K::ConnectionClosed}));
    QVERIFY(framesBefore >= 18); // 9 commands and their replies
    QVERIFY(framesAfter >= 18);

    QList<CaptureRecord> marks;
    for (const CaptureRecord &r : records)
        if (r.kind != K::Frame)
            marks << r;
    QCOMPARE(details(marks.at(1)).value(QStringLiteral("lost")).toBool(), true);
    QCOMPARE(marks.at(1).problem, lost.first().first().toString()); // the reason, for people
    QVERIFY(!marks.at(1).problem.isEmpty());
    QCOMPARE(details(marks.at(2)).value(QStringLiteral("restored")).toBool(), true);
    QCOMPARE(details(marks.at(3)).value(QStringLiteral("reason")).toString(), QStringLiteral("test over"));
    QVERIFY(marks.at(3).problem.isEmpty()); // a deliberate close is no problem
}

void TestSerialCapture::sessionRecordsItsLink()
{
    CaptureWriter writer;
    QVERIFY(writer.open(m_db, fastOptions()).ok());
    {
        SerialSession session(&writer);
        session.setPollInterval(std::chrono::milliseconds(100));
        QSignalSpy refreshed(&session, &SerialSession::refreshFinished);
        QVERIFY(session.open(QStringLiteral("rapi"), serial::RapiClient::defaultSettings(m_pair->a())).ok());
        QCOMPARE(session.linkState(), SerialSession::LinkState::Open);
        QVERIFY(session.isRapi());
        // Polling: refreshes keep coming without anyone asking.
        QTRY_VERIFY_WITH_TIMEOUT(refreshed.count() >= 3, 5000);
        QVERIFY(refreshed.last().first().toBool());
        QCOMPARE(session.state().firmwareVersion, QStringLiteral("7.1.3"));
        session.close();
        QCOMPARE(session.linkState(), SerialSession::LinkState::Closed);
        QVERIFY(!session.isActive());
    }
    QVERIFY(writer.close().ok());
    const auto records = readChannel(m_db, QStringLiteral("serial:") + m_pair->a());
    QVERIFY(records.size() > 3 * 18);
    QCOMPARE(records.first().kind, CaptureRecord::Kind::ConnectionOpened);
    QCOMPARE(records.last().kind, CaptureRecord::Kind::ConnectionClosed);
    QByteArray out;
    for (const CaptureRecord &r : records)
        if (r.kind == CaptureRecord::Kind::Frame && r.outgoing)
            out += r.data;
    QCOMPARE(out, joined(m_sim->received));
}

void TestSerialCapture::sessionSendsTypedCommandsWithoutSequenceId_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QByteArray>("onTheWire");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QByteArray>("reply");

    QTest::newRow("GS") << QStringLiteral("GS") << QByteArray("$GS^30") << true << RapiSimulator::frame("$OK 1 0 1 0").chopped(1);
    QTest::newRow("GV lower case") << QStringLiteral("gv") << RapiSimulator::frame("$GV").chopped(1) << true
                                   << RapiSimulator::frame("$OK 7.1.3 5.0.1").chopped(1);
    QTest::newRow("SC within range") << QStringLiteral("SC 20") << RapiSimulator::frame("$SC 20").chopped(1) << true
                                     << RapiSimulator::frame("$OK 20").chopped(1);
    QTest::newRow("SC clamped") << QStringLiteral("sc 99") << RapiSimulator::frame("$SC 99").chopped(1) << false
                                << RapiSimulator::frame("$NK 32").chopped(1);
    QTest::newRow("unknown command") << QStringLiteral("ZZ") << RapiSimulator::frame("$ZZ").chopped(1) << false
                                     << RapiSimulator::frame("$NK").chopped(1);
}

void TestSerialCapture::sessionSendsTypedCommandsWithoutSequenceId()
{
    QFETCH(QString, typed);
    QFETCH(QByteArray, onTheWire);
    QFETCH(bool, ok);
    QFETCH(QByteArray, reply);

    SerialSession session;
    session.setPollInterval(std::chrono::hours(1)); // one refresh at open, then quiet
    QSignalSpy refreshed(&session, &SerialSession::refreshFinished);
    QVERIFY(session.open(QStringLiteral("rapi"), serial::RapiClient::defaultSettings(m_pair->a())).ok());
    QVERIFY(refreshed.wait(5000));
    QSignalSpy sent(&session, &SerialSession::rapiCommandSent);
    QSignalSpy finished(&session, &SerialSession::rapiCommandFinished);
    QVERIFY(session.sendRapiCommand(typed).ok());
    QVERIFY(finished.wait(5000));
    QCOMPARE(sent.count(), 1);
    QCOMPARE(sent.first().first().toByteArray(), onTheWire + '\r');
    QVERIFY2(m_sim->received.contains(onTheWire), qPrintable(QString::fromLatin1(m_sim->received.join(" | "))));
    QCOMPARE(finished.first().at(0).toByteArray(), onTheWire + '\r');
    QCOMPARE(finished.first().at(1).toBool(), ok);
    QCOMPARE(finished.first().at(2).toString(), QString::fromLatin1(reply));
    // A refresh follows at once to show what the command changed.
    QVERIFY(refreshed.wait(5000));
    QCOMPARE(session.counters().sequenceMismatches, 0);
}

void TestSerialCapture::typedCommandWaitsForTheRunningRefresh()
{
    SerialSession session;
    session.setPollInterval(std::chrono::hours(1));
    QSignalSpy refreshed(&session, &SerialSession::refreshFinished);
    QSignalSpy finished(&session, &SerialSession::rapiCommandFinished);
    QVERIFY(session.open(QStringLiteral("rapi"), serial::RapiClient::defaultSettings(m_pair->a())).ok());
    // The first refresh is running now: the typed commands wait for it, in order.
    QVERIFY(session.sendRapiCommand(QStringLiteral("GS")).ok());
    QVERIFY(session.sendRapiCommand(QStringLiteral("FD")).ok());
    QCOMPARE(session.queuedCommands(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 5000);
    QCOMPARE(refreshed.first().first().toBool(), true); // the refresh was not disturbed
    const QList<QByteArray> &rx = m_sim->received;
    const qsizetype gs = rx.indexOf("$GS^30");
    QVERIFY(gs >= 9);   // after the nine refresh commands
    QCOMPARE(rx.at(gs + 1), RapiSimulator::frame("$FD").chopped(1));
    for (qsizetype i = 0; i < gs; ++i)
        QVERIFY2(rx.at(i).contains(" :"), rx.at(i).constData()); // refresh commands carry sequence ids
    QTRY_COMPARE_WITH_TIMEOUT(refreshed.count(), 2, 5000);
    QCOMPARE(session.state().controllerState, QStringLiteral("disabled"));
    QCOMPARE(session.counters().sequenceMismatches, 0);
}

void TestSerialCapture::typedCommandNeedsAnOpenRapiLink()
{
    SerialSession session;
    auto st = session.sendRapiCommand(QStringLiteral("GS"));
    QVERIFY(!st.ok());
    QVERIFY(st.error().message.contains(QStringLiteral("No RAPI link")));
    QVERIFY(session.open(QStringLiteral("rapi"), serial::RapiClient::defaultSettings(m_pair->a())).ok());
    st = session.sendRapiCommand(QStringLiteral("G"));
    QVERIFY(!st.ok());
    QVERIFY(st.error().message.contains(QStringLiteral("not a RAPI command")));
    const auto badPort = session.open(QStringLiteral("rapi"), serial::RapiClient::defaultSettings(m_dir->filePath(QStringLiteral("nothing"))));
    QVERIFY(!badPort.ok());
    QVERIFY(!badPort.error().hint.isEmpty());
    QCOMPARE(session.linkState(), SerialSession::LinkState::Closed);
}

QTEST_GUILESS_MAIN(TestSerialCapture)
#include "tst_serialcapture.moc"
