// SerialLink on a real pty pair: bytes both ways with the byte log, open failures that say what to
// do, and unplug/replug by killing and restarting socat.
#include "link/seriallink.h"
#include "link/serialportlister.h"
#include "ptypair.h"

#include <QSerialPort>
#include <QSignalSpy>
#include <QTest>

using namespace cb::serial;
using namespace std::chrono_literals;

class TestSerialLink : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bytesBothWaysAreLogged();
    void openFailuresExplain_data();
    void openFailuresExplain();
    void unplugAndReplug();
    void listPorts();
};

namespace {
SerialSettings settingsFor(const QString &port)
{
    SerialSettings s;
    s.portName = port;
    s.baudRate = 115200;
    return s;
}
} // namespace

void TestSerialLink::bytesBothWaysAreLogged()
{
    PtyPair pty;
    QString problem;
    QVERIFY2(pty.start(&problem), qPrintable(problem));
    SerialLink link;
    QList<ByteLogEntry> observed;
    link.setByteObserver([&](const ByteLogEntry &e) { observed.append(e); });
    QSignalSpy logged(&link, &SerialLink::bytesLogged);
    const auto st = link.open(settingsFor(pty.a()));
    QVERIFY2(st, qPrintable(st ? QString() : st.error().text()));
    QCOMPARE(link.state(), SerialLink::State::Open);

    QSerialPort peer;
    peer.setPortName(pty.b());
    QVERIFY(peer.open(QIODevice::ReadWrite));

    QVERIFY(link.write(QByteArray("$GS^30\r")));
    QTRY_VERIFY(peer.bytesAvailable() >= 7);
    QCOMPARE(peer.readAll(), QByteArray("$GS^30\r"));

    QByteArray received;
    connect(&link, &SerialLink::dataReceived, this, [&](const QByteArray &b) { received += b; });
    const QByteArray binary("\x01\x03\x00\xff\x7f\\", 6);
    peer.write(binary);
    peer.flush();
    QTRY_COMPARE(received, binary);

    QVERIFY(observed.size() >= 2);
    QCOMPARE(logged.size(), observed.size());
    const ByteLogEntry &out = observed.first();
    QCOMPARE(out.direction, ByteLogEntry::Direction::Out);
    QCOMPARE(out.hex(), QStringLiteral("24 47 53 5e 33 30 0d"));
    QCOMPARE(out.text(), QStringLiteral("$GS^30\\r"));
    QCOMPARE(out.port, pty.a());
    QVERIFY(out.timestampUs > 1'600'000'000'000'000LL);
    QByteArray in;
    for (const auto &e : observed) {
        if (e.direction == ByteLogEntry::Direction::In)
            in += e.bytes;
    }
    QCOMPARE(in, binary);
    const ByteLogEntry inEntry = *std::find_if(observed.cbegin(), observed.cend(),
                                               [](const auto &e) { return e.direction == ByteLogEntry::Direction::In; });
    QVERIFY(inEntry.text().startsWith(QLatin1String("\\x01\\x03\\x00\\xff")));
    QVERIFY(inEntry.timestampUs >= out.timestampUs);
    QCOMPARE(inEntry.toJson().value(QLatin1String("direction")).toString(), QStringLiteral("in"));
    QCOMPARE(link.counters().bytesOut, 7);
    QCOMPARE(link.counters().bytesIn, binary.size());
}

void TestSerialLink::openFailuresExplain_data()
{
    QTest::addColumn<QString>("port");
    QTest::addColumn<QString>("framing");
    QTest::addColumn<QString>("hintMentions");
    QTest::newRow("missing device") << "/dev/ttyChargeBenchMissing0" << "8N1" << "serial list";
    QTest::newRow("held by another program") << "BUSY" << "8N1" << "other programs";
}

void TestSerialLink::openFailuresExplain()
{
    QFETCH(QString, port);
    QFETCH(QString, framing);
    QFETCH(QString, hintMentions);
    PtyPair pty;
    QVERIFY(pty.start());
    SerialSettings s = settingsFor(port == QLatin1String("BUSY") ? pty.a() : port);
    QVERIFY(s.setFraming(framing));
    SerialLink holder;
    if (port == QLatin1String("BUSY"))
        QVERIFY(holder.open(s));
    SerialLink link;
    const auto st = link.open(s);
    QVERIFY(!st);
    QVERIFY2(st.error().hint.contains(hintMentions), qPrintable(st.error().text()));
    QVERIFY(st.error().message.contains(s.portName));
    QCOMPARE(link.state(), SerialLink::State::Closed);
    QVERIFY(!link.write("x"));
}

void TestSerialLink::unplugAndReplug()
{
    PtyPair pty;
    QVERIFY(pty.start());
    SerialLink link;
    link.setReconnectBackoff(50ms, 200ms);
    link.setPresenceInterval(50ms);
    QVERIFY(link.open(settingsFor(pty.a())));
    QSignalSpy lost(&link, &SerialLink::linkLost);
    QSignalSpy restored(&link, &SerialLink::linkRestored);

    pty.stop(); // unplug
    QTRY_COMPARE(lost.size(), 1);
    QCOMPARE(link.state(), SerialLink::State::Reconnecting);
    QVERIFY(lost.first().first().toString().contains(pty.a()));
    QVERIFY(!link.write("lost"));
    QCOMPARE(link.counters().disconnects, 1);

    QVERIFY(pty.start()); // replug: same link names, new pty devices
    QTRY_COMPARE(restored.size(), 1);
    QCOMPARE(link.state(), SerialLink::State::Open);
    QCOMPARE(link.counters().reconnects, 1);

    // And it really works again.
    QSerialPort peer;
    peer.setPortName(pty.b());
    QVERIFY(peer.open(QIODevice::ReadWrite));
    QVERIFY(link.write("again"));
    QTRY_VERIFY(peer.bytesAvailable() >= 5);
    QCOMPARE(peer.readAll(), QByteArray("again"));
    QCOMPARE(lost.size(), 1);

    link.close();
    QCOMPARE(link.state(), SerialLink::State::Closed);
}

void TestSerialLink::listPorts()
{
    // The machine may have no serial ports at all; whatever is listed must be consistent.
    const auto ports = SerialPortLister::availablePorts();
    for (const auto &p : ports) {
        QVERIFY(!p.name.isEmpty());
        QVERIFY(!p.systemLocation.isEmpty());
        QCOMPARE(SerialPortLister::find(p.name)->systemLocation, p.systemLocation);
        if (p.vendorId && p.productId)
            QCOMPARE(p.usbId().size(), 9);
    }
    QVERIFY(!SerialPortLister::find(QStringLiteral("ffff:ffff")));
}

QTEST_GUILESS_MAIN(TestSerialLink)
#include "tst_seriallink.moc"
