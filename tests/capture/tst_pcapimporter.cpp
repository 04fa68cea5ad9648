// PcapImporter against captures written by the test itself: every TCP and WebSocket corner the
// importer claims to handle, one capture each.
#include "capture/pcapimporter.h"
#include "pcapwriter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace cb;

namespace {

const QHostAddress kStation(QStringLiteral("192.168.7.20"));
const QHostAddress kCsms(QStringLiteral("192.168.7.1"));

QByteArray bootCall(const QString &id)
{
    return QStringLiteral(R"([2,"%1","BootNotification",{"reason":"PowerUp","chargingStation":{"model":"M1","vendorName":"V"}}])")
        .arg(id)
        .toUtf8();
}

QByteArray bootResult(const QString &id)
{
    return QStringLiteral(R"([3,"%1",{"currentTime":"2026-01-01T00:00:00Z","interval":300,"status":"Accepted"}])")
        .arg(id)
        .toUtf8();
}

QByteArray heartbeat(const QString &id) { return QStringLiteral(R"([2,"%1","Heartbeat",{}])").arg(id).toUtf8(); }

struct Imported
{
    ImportSummary summary;
    QList<CaptureRecord> records;
    QString error;

    QList<CaptureRecord> frames() const
    {
        QList<CaptureRecord> out;
        for (const auto &r : records)
            if (r.kind == CaptureRecord::Kind::Frame)
                out << r;
        return out;
    }
    QByteArrayList texts() const
    {
        QByteArrayList out;
        for (const auto &f : frames())
            out << f.data;
        return out;
    }
};

Imported importBytes(const QByteArray &bytes)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("crafted.pcap"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        qFatal("cannot write the test capture");
    f.close();
    Imported out;
    PcapImporter importer;
    auto result = importer.import(path, [&](CaptureRecord &&r) { out.records << r; });
    if (result)
        out.summary = result.value();
    else
        out.error = result.error().message;
    return out;
}

// The upgrade plus one boot exchange and a clean close, on any link type and address family.
QByteArray bootCapture(PcapWriter::Link link, const QHostAddress &station, const QHostAddress &csms)
{
    QByteArray bytes;
    PcapWriter w(&bytes, link);
    TcpFlow flow(w, station, 50123, csms, 9000);
    flow.upgrade(QStringLiteral("CS 1/ü"), QStringLiteral("ocpp2.0.1"));
    flow.send(true, wsFrame(1, bootCall(QStringLiteral("b1")), true, true));
    flow.send(false, wsFrame(1, bootResult(QStringLiteral("b1"))));
    flow.send(true, wsFrame(8, QByteArray("\x03\xe8", 2) + "bye", true, true));
    flow.send(false, wsFrame(8, QByteArray("\x03\xe8", 2)));
    flow.fin(false);
    flow.fin(true);
    return bytes;
}

} // namespace

class TestPcapImporter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void linkTypesAndFamilies_data();
    void linkTypesAndFamilies();
    void reorderedSegments();
    void retransmissionsAndOverlaps();
    void fragmentedMessageWithControlFrames();
    void permessageDeflate_data();
    void permessageDeflate();
    void interleavedConnections();
    void repliesGetTheirCallsAction();
    void tlsIsListedAsEncrypted();
    void refusedUpgradeIsANote();
    void largeMessageAcrossManySegments();
    void truncatedFileKeepsWhatWasRead();
    void garbageIsAnError();
    void missingSegmentIsReported();
    void progressAndCancel();
    void portReuseStartsANewConnection();
    void randomStreamsDoNotBreakTheImport_data();
    void randomStreamsDoNotBreakTheImport();
};

void TestPcapImporter::linkTypesAndFamilies_data()
{
    QTest::addColumn<int>("link");
    QTest::addColumn<QString>("station");
    QTest::addColumn<QString>("csms");
    QTest::newRow("ethernet-ipv4") << int(PcapWriter::Ethernet) << QStringLiteral("192.168.7.20") << QStringLiteral("192.168.7.1");
    QTest::newRow("ethernet-ipv6") << int(PcapWriter::Ethernet) << QStringLiteral("fd00::20") << QStringLiteral("fd00::1");
    QTest::newRow("raw-ipv4") << int(PcapWriter::Raw) << QStringLiteral("10.0.0.2") << QStringLiteral("10.0.0.1");
    QTest::newRow("null-ipv6") << int(PcapWriter::Null) << QStringLiteral("::1") << QStringLiteral("::1");
    QTest::newRow("sll-ipv4") << int(PcapWriter::LinuxSll) << QStringLiteral("127.0.0.1") << QStringLiteral("127.0.0.1");
    QTest::newRow("sll2-ipv6") << int(PcapWriter::LinuxSll2) << QStringLiteral("fd00::20") << QStringLiteral("fd00::1");
}

void TestPcapImporter::linkTypesAndFamilies()
{
    QFETCH(int, link);
    QFETCH(QString, station);
    QFETCH(QString, csms);
    const Imported in = importBytes(bootCapture(PcapWriter::Link(link), QHostAddress(station), QHostAddress(csms)));
    QVERIFY2(in.error.isEmpty(), qPrintable(in.error));
    QVERIFY2(in.summary.complete(), qPrintable(in.summary.error));
    QCOMPARE(in.records.size(), 4);
    const CaptureRecord &opened = in.records.at(0);
    QCOMPARE(opened.kind, CaptureRecord::Kind::ConnectionOpened);
    // "/ocpp/CS%201%2F%C3%BC": the last path segment, percent-decoded (an encoded slash stays in it).
    QCOMPARE(opened.stationId, QStringLiteral("CS 1/ü"));
    const QJsonObject details = QJsonDocument::fromJson(opened.data).object();
    QCOMPARE(details.value(QStringLiteral("subprotocol")).toString(), QStringLiteral("ocpp2.0.1"));
    QVERIFY2(!opened.data.contains("secret") && !opened.data.contains("Q1MxOnNlY3JldA"), opened.data.constData());

    const auto frames = in.frames();
    QCOMPARE(frames.size(), 2);
    QCOMPARE(frames.at(0).data, bootCall(QStringLiteral("b1")));
    QCOMPARE(frames.at(0).outgoing, false);
    QCOMPARE(frames.at(0).messageType, 2);
    QCOMPARE(frames.at(0).messageId, QStringLiteral("b1"));
    QCOMPARE(frames.at(0).action, QStringLiteral("BootNotification"));
    QCOMPARE(frames.at(0).problem, QString());
    QCOMPARE(frames.at(1).outgoing, true);
    QCOMPARE(frames.at(1).messageType, 3);
    QCOMPARE(frames.at(1).action, QStringLiteral("BootNotification"));
    QCOMPARE(frames.at(1).problem, QString());
    QCOMPARE(frames.at(0).connectionId, opened.connectionId);

    const CaptureRecord &closed = in.records.at(3);
    QCOMPARE(closed.kind, CaptureRecord::Kind::ConnectionClosed);
    QCOMPARE(QJsonDocument::fromJson(closed.data).object().value(QStringLiteral("closeCode")).toInt(), 1000);
    QCOMPARE(QJsonDocument::fromJson(closed.data).object().value(QStringLiteral("reason")).toString(), QStringLiteral("bye"));
    QCOMPARE(in.summary.connections, 1);
    QCOMPARE(in.summary.frames, 2);
    QCOMPARE(in.summary.problems, 0);
}

void TestPcapImporter::reorderedSegments()
{
    QByteArray bytes;
    PcapWriter w(&bytes);
    TcpFlow flow(w, kStation, 40000, kCsms, 8180);
    flow.upgrade(QStringLiteral("CS1"), QStringLiteral("ocpp2.0.1"));
    const QByteArray data = wsFrame(1, bootCall(QStringLiteral("r1")), true, true) + wsFrame(1, heartbeat(QStringLiteral("r2")), true, true);
    const qint64 base = flow.sent(true);
    // Third piece first, then the first, then the second.
    flow.segment(true, data.mid(60), base + 60);
    flow.segment(true, data.left(25), base);
    flow.segment(true, data.mid(25, 35), base + 25);
    const Imported in = importBytes(bytes);
    QCOMPARE(in.texts(), (QByteArrayList{bootCall(QStringLiteral("r1")), heartbeat(QStringLiteral("r2"))}));
    QCOMPARE(in.summary.problems, 0);
}

void TestPcapImporter::retransmissionsAndOverlaps()
{
    QByteArray bytes;
    PcapWriter w(&bytes);
    TcpFlow flow(w, kStation, 40001, kCsms, 8180);
    flow.upgrade(QStringLiteral("CS1"), QStringLiteral("ocpp2.0.1"));
    const QByteArray data = wsFrame(1, bootCall(QStringLiteral("o1")), true, true);
    const qint64 base = flow.sent(true);
    flow.segment(true, data.left(40), base);
    flow.segment(true, data.left(40), base);              // plain retransmission
    flow.segment(true, data.mid(30, 50), base + 30);      // overlaps the first by ten bytes
    flow.segment(true, data.mid(90), base + 90);          // early
    flow.segment(true, data.mid(70, 40), base + 70);      // fills the hole and overlaps both sides
    flow.segment(true, data.mid(10, 20), base + 10);      // old data again
    flow.send(false, wsFrame(1, bootResult(QStringLiteral("o1"))));
    const Imported in = importBytes(bytes);
    QCOMPARE(in.texts(), (QByteArrayList{bootCall(QStringLiteral("o1")), bootResult(QStringLiteral("o1"))}));
    QCOMPARE(in.summary.problems, 0);
}

void TestPcapImporter::fragmentedMessageWithControlFrames()
{
    QByteArray bytes;
    PcapWriter w(&bytes);
    TcpFlow flow(w, kStation, 40002, kCsms, 8180);
    flow.upgrade(QStringLiteral("CS1"), QStringLiteral("ocpp1.6"));
    const QByteArray call = QByteArrayLiteral(R"([2,"f1","Heartbeat",{}])");
    flow.send(true, wsFrame(1, call.left(5), false, true) + wsFrame(9, "ping?", true, true)
                        + wsFrame(0, call.mid(5, 7), false, true));
    flow.send(false, wsFrame(10, "pong"));
    flow.send(true, wsFrame(10, "unsolicited", true, true) + wsFrame(0, call.mid(12), true, true));
    flow.send(false, wsFrame(1, QByteArrayLiteral(R"([3,"f1",{"currentTime":"2026-01-01T00:00:00Z"}])")));
    const Imported in = importBytes(bytes);
    const auto frames = in.frames();
    QCOMPARE(frames.size(), 2);
    QCOMPARE(frames.at(0).data, call);
    QCOMPARE(frames.at(0).action, QStringLiteral("Heartbeat"));
    QCOMPARE(frames.at(1).action, QStringLiteral("Heartbeat"));
    QCOMPARE(frames.at(1).problem, QString());
}

void TestPcapImporter::permessageDeflate_data()
{
    QTest::addColumn<bool>("noContextTakeover");
    QTest::newRow("context takeover") << false;
    QTest::newRow("no_context_takeover") << true;
}

void TestPcapImporter::permessageDeflate()
{
    QFETCH(bool, noContextTakeover);
    QByteArray bytes;
    PcapWriter w(&bytes);
    TcpFlow flow(w, kStation, 40003, kCsms, 8180);
    const QByteArray ext = noContextTakeover
        ? QByteArray("Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; client_no_context_takeover\r\n")
        : QByteArray("Sec-WebSocket-Extensions: permessage-deflate\r\n");
    flow.upgrade(QStringLiteral("CS1"), QStringLiteral("ocpp2.0.1"), ext);
    Deflater station(noContextTakeover), csms(noContextTakeover);
    QByteArrayList expected;
    for (int i = 0; i < 4; ++i) {
        // Identical messages: with context takeover the later ones are back-references only.
        const QByteArray call = bootCall(QStringLiteral("z%1").arg(i));
        const QByteArray compressed = station.compress(call);
        if (i == 2) {
            // A compressed message split into fragments: only the first carries RSV1.
            flow.send(true, wsFrame(1, compressed.left(3), false, true, true) + wsFrame(0, compressed.mid(3), true, true));
        } else {
            flow.send(true, wsFrame(1, compressed, true, true, true));
        }
        flow.send(false, wsFrame(1, csms.compress(bootResult(QStringLiteral("z%1").arg(i))), true, false, true));
        expected << call << bootResult(QStringLiteral("z%1").arg(i));
    }
    flow.send(false, wsFrame(1, heartbeat(QStringLiteral("plain")))); // uncompressed message on the same connection
    expected << heartbeat(QStringLiteral("plain"));
    const Imported in = importBytes(bytes);
    QCOMPARE(in.texts(), expected);
    for (const auto &f : in.frames())
        QVERIFY2(f.problem.isEmpty(), qPrintable(f.problem));
}

void TestPcapImporter::interleavedConnections()
{
    QByteArray bytes;
    PcapWriter w(&bytes);
    TcpFlow a(w, kStation, 41000, kCsms, 9000);
    TcpFlow b(w, QHostAddress(QStringLiteral("fd00::7")), 41000, QHostAddress(QStringLiteral("fd00::1")), 9000);
    a.upgrade(QStringLiteral("A"), QStringLiteral("ocpp2.0.1"));
    b.upgrade(QStringLiteral("B"), QStringLiteral("ocpp1.6"));
    // The same message id on both connections: pending CALLs are tracked per connection.
    a.send(true, wsFrame(1, heartbeat(QStringLiteral("1")), true, true));
    b.send(true, wsFrame(1, heartbeat(QStringLiteral("1")), true, true));
    b.send(false, wsFrame(1, QByteArrayLiteral(R"([3,"1",{"currentTime":"2026-01-01T00:00:00Z"}])")));
    a.send(false, wsFrame(1, QByteArrayLiteral(R"([3,"1",{"currentTime":"2026-01-01T00:00:00Z"}])")));
    b.rst(true);
    const Imported in = importBytes(bytes);
    QCOMPARE(in.summary.connections, 2);
    const auto frames = in.frames();
    QCOMPARE(frames.size(), 4);
    QStringList order;
    for (const auto &f : frames) {
        order << f.stationId + QLatin1Char(f.outgoing ? '<' : '>');
        QCOMPARE(f.action, QStringLiteral("Heartbeat"));
        QVERIFY2(f.problem.isEmpty(), qPrintable(f.problem));
    }
    QCOMPARE(order, (QStringList{QStringLiteral("A>"), QStringLiteral("B>"), QStringLiteral("B<"), QStringLiteral("A<")}));
    QVERIFY(frames.at(0).connectionId != frames.at(1).connectionId);
    // B was reset: closed abnormally. A stays open at the end of the capture: 1006 too.
    int closed = 0;
    for (const auto &r : in.records)
        if (r.kind == CaptureRecord::Kind::ConnectionClosed) {
            ++closed;
            QCOMPARE(QJsonDocument::fromJson(r.data).object().value(QStringLiteral("closeCode")).toInt(), 1006);
        }
    QCOMPARE(closed, 2);
}

void TestPcapImporter::repliesGetTheirCallsAction()
{
    QByteArray bytes;
    PcapWriter w(&bytes);
    TcpFlow flow(w, kStation, 40004, kCsms, 8180);
    flow.upgrade(QStringLiteral("CS1"), QStringLiteral("ocpp2.0.1"));
    // CSMS-initiated CALL, answered by the station; a station CALL with the same id in between.
    flow.send(false, wsFrame(1, QByteArrayLiteral(R"([2,"x","Reset",{"type":"Immediate"}])")));
    flow.send(true, wsFrame(1, heartbeat(QStringLiteral("x")), true, true));
    flow.send(true, wsFrame(1, QByteArrayLiteral(R"([3,"x",{"status":"Accepted"}])"), true, true));
    flow.send(false, wsFrame(1, QByteArrayLiteral(R"([3,"x",{"currentTime":"2026-01-01T00:00:00Z"}])")));
    flow.send(true, wsFrame(1, QByteArrayLiteral(R"([3,"nobody",{}])"), true, true));
    flow.send(true, wsFrame(1, QByteArrayLiteral(R"([2,"v","BootNotification",{"reason":"PowerUp"}])"), true, true));
    flow.send(false, wsFrame(1, QByteArrayLiteral(R"([4,"v","FormatViolation","bad",{}])")));
    flow.send(true, wsFrame(1, QByteArrayLiteral(R"([2,"v"]x)"), true, true));
    flow.send(true, wsFrame(2, QByteArrayLiteral("\x01\x02"), true, true));
    const Imported in = importBytes(bytes);
    const auto f = in.frames();
    QCOMPARE(f.size(), 9);
    QCOMPARE(f.at(2).action, QStringLiteral("Reset"));
    QCOMPARE(f.at(2).problem, QString());
    QCOMPARE(f.at(3).action, QStringLiteral("Heartbeat"));
    QCOMPARE(f.at(3).problem, QString());
    QCOMPARE(f.at(4).action, QString());
    QVERIFY2(f.at(4).problem.contains(QStringLiteral("unknown message id nobody")), qPrintable(f.at(4).problem));
    QVERIFY2(f.at(5).problem.contains(QStringLiteral("chargingStation")), qPrintable(f.at(5).problem));
    QCOMPARE(f.at(6).messageType, 4);
    QCOMPARE(f.at(6).action, QStringLiteral("BootNotification"));
    QCOMPARE(f.at(7).messageType, 0);
    QVERIFY(!f.at(7).problem.isEmpty());
    QVERIFY(f.at(8).problem.contains(QStringLiteral("binary")));
    QCOMPARE(in.summary.problems, 4);
}

void TestPcapImporter::tlsIsListedAsEncrypted()
{
    QByteArray bytes;
    PcapWriter w(&bytes);
    TcpFlow tls(w, kStation, 40005, kCsms, 443);
    tls.handshake();
    tls.send(true, QByteArray::fromHex("16030100a5010000a10303") + QByteArray(160, '\x11'));
    tls.send(false, QByteArray::fromHex("160303007a0200007603") + QByteArray(120, '\x22'));
    TcpFlow plain(w, kStation, 40006, kCsms, 80);
    plain.handshake();
    plain.send(true, "SSH-2.0-OpenSSH\r\n"); // another protocol: ignored, not encrypted
    const Imported in = importBytes(bytes);
    QCOMPARE(in.records.size(), 0);
    QCOMPARE(in.summary.encrypted.size(), 1);
    QCOMPARE(in.summary.encrypted.first().client, QStringLiteral("192.168.7.20:40005"));
    QCOMPARE(in.summary.encrypted.first().server, QStringLiteral("192.168.7.1:443"));
    QVERIFY(in.summary.encrypted.first().reason.contains(QStringLiteral("TLS: no keys")));
}

void TestPcapImporter::refusedUpgradeIsANote()
{
    QByteArray bytes;
    PcapWriter w(&bytes);
    TcpFlow flow(w, kStation, 40007, kCsms, 8180);
    flow.handshake();
    flow.send(true, "GET /ocpp/CS9 HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n\r\n");
    flow.send(false, "HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n");
    const Imported in = importBytes(bytes);
    QCOMPARE(in.records.size(), 1);
    QCOMPARE(in.records.first().kind, CaptureRecord::Kind::Note);
    QCOMPARE(in.records.first().stationId, QStringLiteral("CS9"));
    QVERIFY(in.records.first().problem.contains(QStringLiteral("401")));
}

void TestPcapImporter::largeMessageAcrossManySegments()
{
    QByteArray bytes;
    PcapWriter w(&bytes);
    TcpFlow flow(w, kStation, 40008, kCsms, 8180);
    flow.upgrade(QStringLiteral("CS1"), QStringLiteral("ocpp2.0.1"));
    const QByteArray big = QStringLiteral(R"([2,"big","DataTransfer",{"vendorId":"x","data":"%1"}])")
                               .arg(QString(200000, QLatin1Char('d')))
                               .toUtf8();
    flow.send(true, wsFrame(1, big, true, true), 1448);
    const Imported in = importBytes(bytes);
    QCOMPARE(in.texts(), QByteArrayList{big});
}

void TestPcapImporter::truncatedFileKeepsWhatWasRead()
{
    QByteArray bytes = bootCapture(PcapWriter::Ethernet, kStation, kCsms);
    const qsizetype full = bytes.size();
    bytes.chop(60); // cuts into the FIN packets at the end
    const Imported in = importBytes(bytes);
    QVERIFY(in.error.isEmpty());
    QVERIFY(!in.summary.complete());
    QVERIFY2(in.summary.error.contains(QStringLiteral("truncated")), qPrintable(in.summary.error));
    QVERIFY(in.summary.bytesRead < full);
    QCOMPARE(in.frames().size(), 2);
}

void TestPcapImporter::garbageIsAnError()
{
    const Imported in = importBytes(QByteArray("this is not a capture file at all, just text\n").repeated(10));
    QVERIFY(!in.error.isEmpty());
    QVERIFY(in.records.isEmpty());
    // A valid header followed by garbage: an error after zero packets, not a crash.
    QByteArray bytes;
    PcapWriter w(&bytes);
    bytes += QByteArray::fromHex("ffffffffffffffff") + QByteArray(100, '\x7f');
    const Imported corrupt = importBytes(bytes);
    QVERIFY(corrupt.error.isEmpty());
    QVERIFY(!corrupt.summary.error.isEmpty());
}

void TestPcapImporter::missingSegmentIsReported()
{
    QByteArray bytes;
    PcapWriter w(&bytes);
    TcpFlow flow(w, kStation, 40009, kCsms, 8180);
    flow.upgrade(QStringLiteral("CS1"), QStringLiteral("ocpp2.0.1"));
    flow.send(true, wsFrame(1, heartbeat(QStringLiteral("h1")), true, true));
    const QByteArray lost = wsFrame(1, heartbeat(QStringLiteral("h2")), true, true);
    const qint64 base = flow.sent(true);
    flow.segment(true, lost.mid(10), base + 10); // the first ten bytes never captured
    flow.send(false, wsFrame(1, bootResult(QStringLiteral("nope"))));
    const Imported in = importBytes(bytes);
    QCOMPARE(in.texts().first(), heartbeat(QStringLiteral("h1")));
    bool noted = false;
    for (const auto &r : in.records)
        noted = noted || (r.kind == CaptureRecord::Kind::Note && r.problem.contains(QStringLiteral("missing")));
    QVERIFY(noted);
}

void TestPcapImporter::progressAndCancel()
{
    QByteArray bytes;
    PcapWriter w(&bytes);
    TcpFlow flow(w, kStation, 40010, kCsms, 8180);
    flow.upgrade(QStringLiteral("CS1"), QStringLiteral("ocpp2.0.1"));
    for (int i = 0; i < 4000; ++i)
        flow.send(true, wsFrame(1, heartbeat(QString::number(i)), true, true));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("p.pcap"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
    f.close();

    PcapImporter importer;
    QList<qint64> reported;
    importer.setProgress([&](qint64 done, qint64 total) {
        QCOMPARE(total, bytes.size());
        reported << done;
    });
    auto all = importer.import(path, [](CaptureRecord &&) {});
    QVERIFY(all.ok());
    QVERIFY(reported.size() >= 2);
    QCOMPARE(reported.last(), bytes.size());
    QVERIFY(std::is_sorted(reported.begin(), reported.end()));

    std::atomic_bool cancel = false;
    importer.setProgress([&](qint64, qint64) { cancel = true; });
    importer.setCancelFlag(&cancel);
    qint64 frames = 0;
    auto part = importer.import(path, [&](CaptureRecord &&) { ++frames; });
    QVERIFY(part.ok());
    QVERIFY(part.value().cancelled);
    QVERIFY(frames > 0 && frames < 4001);
}

void TestPcapImporter::portReuseStartsANewConnection()
{
    QByteArray bytes;
    PcapWriter w(&bytes);
    for (int i = 0; i < 2; ++i) {
        // The same addresses and ports twice: the station reconnects from the same source port.
        TcpFlow flow(w, kStation, 40011, kCsms, 8180);
        flow.upgrade(QStringLiteral("CS1"), QStringLiteral("ocpp2.0.1"));
        flow.send(true, wsFrame(1, heartbeat(QStringLiteral("same")), true, true));
        flow.send(false, wsFrame(1, QByteArrayLiteral(R"([3,"same",{"currentTime":"2026-01-01T00:00:00Z"}])")));
        flow.fin(true);
        flow.fin(false);
    }
    const Imported in = importBytes(bytes);
    QCOMPARE(in.summary.connections, 2);
    const auto frames = in.frames();
    QCOMPARE(frames.size(), 4);
    QVERIFY(frames.at(0).connectionId != frames.at(2).connectionId);
    for (const auto &f : frames)
        QVERIFY2(f.problem.isEmpty(), qPrintable(f.problem));
}

void TestPcapImporter::randomStreamsDoNotBreakTheImport_data()
{
    QTest::addColumn<quint32>("seed");
    for (quint32 seed : {1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u})
        QTest::newRow(qPrintable(QString::number(seed))) << seed;
}

// Random bytes at random offsets (gaps, overlaps, huge length fields, bad opcodes, broken deflate)
// after a valid upgrade: the import must finish, and a later clean connection is still decoded.
void TestPcapImporter::randomStreamsDoNotBreakTheImport()
{
    QFETCH(quint32, seed);
    QRandomGenerator random(seed);
    QByteArray bytes;
    PcapWriter w(&bytes);
    TcpFlow noisy(w, kStation, 40012, kCsms, 8180);
    noisy.upgrade(QStringLiteral("NOISY"), QStringLiteral("ocpp2.0.1"),
                  "Sec-WebSocket-Extensions: permessage-deflate\r\n");
    for (int i = 0; i < 300; ++i) {
        QByteArray data(int(random.bounded(1, 600)), Qt::Uninitialized);
        for (char &c : data)
            c = char(random.bounded(256));
        if (random.bounded(4) == 0)
            data = wsFrame(int(random.bounded(16)), data, random.bounded(2), random.bounded(2), random.bounded(2));
        const bool fromClient = random.bounded(2);
        const qint64 offset = std::max<qint64>(0, noisy.sent(fromClient) + random.bounded(-200, 400));
        noisy.segment(fromClient, data, offset);
    }
    TcpFlow clean(w, kStation, 40013, kCsms, 8180);
    clean.upgrade(QStringLiteral("CLEAN"), QStringLiteral("ocpp2.0.1"));
    clean.send(true, wsFrame(1, heartbeat(QStringLiteral("c1")), true, true));
    const Imported in = importBytes(bytes);
    QVERIFY(in.error.isEmpty());
    QVERIFY(in.summary.complete());
    bool cleanSeen = false;
    for (const auto &f : in.frames())
        cleanSeen = cleanSeen || (f.stationId == QLatin1String("CLEAN") && f.data == heartbeat(QStringLiteral("c1")));
    QVERIFY(cleanSeen);
}

QTEST_GUILESS_MAIN(TestPcapImporter)
#include "tst_pcapimporter.moc"
