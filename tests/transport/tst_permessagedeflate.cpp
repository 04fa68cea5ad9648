// permessage-deflate (RFC 7692) on the CSMS over real loopback sockets: what is agreed for which
// offer, compressed round trips with and without context takeover, a compression bomb, and two
// independent clients (Python websockets, Node ws) for each OCPP subprotocol.
#include "loopbackserver.h"
#include "rawwebsocket.h"
#include "transport/csmsserver.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <zlib.h>

using namespace cb;
using namespace std::chrono_literals;

namespace {

ServerConfig loopbackConfig()
{
    ServerConfig c = test::loopbackServerConfig();
    c.versions = {OcppVersion::V16, OcppVersion::V201, OcppVersion::V21};
    return c;
}

void answerBoots(CsmsServer &server)
{
    QObject::connect(&server, &CsmsServer::connectionOpened, &server, [](StationConnection *c) {
        c->rpc().setHandler(QStringLiteral("BootNotification"), [](const RpcCall &, RpcResponder r) {
            r.result(QJsonObject{{QStringLiteral("currentTime"), QStringLiteral("2026-01-01T00:00:00Z")},
                                 {QStringLiteral("interval"), 60},
                                 {QStringLiteral("status"), QStringLiteral("Accepted")}});
        });
    });
}

QByteArray bootCall(const QString &id)
{
    const QJsonObject payload{{QStringLiteral("reason"), QStringLiteral("PowerUp")},
                              {QStringLiteral("chargingStation"),
                               QJsonObject{{QStringLiteral("vendorName"), QStringLiteral("ACME")},
                                           {QStringLiteral("model"), QStringLiteral("One")}}}};
    return QJsonDocument(QJsonArray{2, id, QStringLiteral("BootNotification"), payload}).toJson(QJsonDocument::Compact);
}

// The test's own zlib streams, independent of the server's code: the client side of RFC 7692.
struct ClientDeflate
{
    z_stream z{};
    ClientDeflate() { deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY); }
    ~ClientDeflate() { deflateEnd(&z); }
    // One message's payload, tail removed; `reset` drops the context afterwards.
    QByteArray compress(const QByteArray &in, bool reset)
    {
        QByteArray out(qsizetype(deflateBound(&z, uLong(in.size()))) + 64, Qt::Uninitialized);
        z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.constData()));
        z.avail_in = uInt(in.size());
        z.next_out = reinterpret_cast<Bytef *>(out.data());
        z.avail_out = uInt(out.size());
        deflate(&z, Z_SYNC_FLUSH);
        out.truncate(out.size() - qsizetype(z.avail_out));
        if (out.endsWith(QByteArray("\x00\x00\xff\xff", 4)))
            out.chop(4);
        if (reset)
            deflateReset(&z);
        return out;
    }
};

struct ClientInflate
{
    z_stream z{};
    ClientInflate() { inflateInit2(&z, -15); }
    ~ClientInflate() { inflateEnd(&z); }
    QByteArray decompress(const QByteArray &in)
    {
        const QByteArray input = in + QByteArray("\x00\x00\xff\xff", 4);
        QByteArray out;
        char buf[4096];
        z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(input.constData()));
        z.avail_in = uInt(input.size());
        do {
            z.next_out = reinterpret_cast<Bytef *>(buf);
            z.avail_out = sizeof buf;
            if (inflate(&z, Z_SYNC_FLUSH) < 0)
                return QByteArray("<corrupt>");
            out.append(buf, qsizetype(sizeof buf - z.avail_out));
        } while (z.avail_out == 0);
        return out;
    }
};

QByteArray responseHeader(const QByteArray &response, const QByteArray &name)
{
    for (const QByteArray &line : response.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

qint64 residentKiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return 0;
}

} // namespace

class TestPerMessageDeflate : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void negotiation_data();
    void negotiation();
    void offersOnSeveralHeaderLines();
    void roundTrip_data();
    void roundTrip();
    void compressionBombClosesWith1009();
    void corruptDataClosesWith1002();
    void compressedControlFrameClosesWith1002();
    void rsv1WithoutNegotiationClosesWith1002();
    void pythonWebsockets_data();
    void pythonWebsockets();
    void nodeWs_data();
    void nodeWs();

private:
    void externalClient(const QString &program, const QStringList &arguments, const QString &subprotocol);
};

void TestPerMessageDeflate::negotiation_data()
{
    QTest::addColumn<QByteArray>("offer");
    QTest::addColumn<QByteArray>("agreed"); // empty: no compression

    QTest::newRow("no offer") << QByteArray() << QByteArray();
    QTest::newRow("plain") << QByteArray("permessage-deflate") << QByteArray("permessage-deflate");
    QTest::newRow("server_no_context_takeover") << QByteArray("permessage-deflate; server_no_context_takeover")
                                                << QByteArray("permessage-deflate; server_no_context_takeover");
    QTest::newRow("client_no_context_takeover") << QByteArray("permessage-deflate; client_no_context_takeover")
                                                << QByteArray("permessage-deflate; client_no_context_takeover");
    QTest::newRow("server_max_window_bits") << QByteArray("permessage-deflate; server_max_window_bits=10")
                                            << QByteArray("permessage-deflate; server_max_window_bits=10");
    QTest::newRow("server_max_window_bits quoted") << QByteArray("permessage-deflate; server_max_window_bits=\"11\"")
                                                   << QByteArray("permessage-deflate; server_max_window_bits=11");
    QTest::newRow("client_max_window_bits bare") << QByteArray("permessage-deflate; client_max_window_bits")
                                                 << QByteArray("permessage-deflate");
    QTest::newRow("client_max_window_bits value") << QByteArray("permessage-deflate; client_max_window_bits=12")
                                                  << QByteArray("permessage-deflate; client_max_window_bits=12");
    QTest::newRow("all four") << QByteArray("permessage-deflate; client_max_window_bits=9; server_max_window_bits=12; "
                                            "client_no_context_takeover; server_no_context_takeover")
                              << QByteArray("permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
                                            "server_max_window_bits=12; client_max_window_bits=9");
    QTest::newRow("unknown extension only") << QByteArray("x-webkit-deflate-frame") << QByteArray();
    QTest::newRow("unknown extension first") << QByteArray("x-webkit-deflate-frame, permessage-deflate")
                                             << QByteArray("permessage-deflate");
    // Declined offers, and the next offer taken instead.
    QTest::newRow("window 8 declined") << QByteArray("permessage-deflate; server_max_window_bits=8") << QByteArray();
    QTest::newRow("window 8 then fallback")
        << QByteArray("permessage-deflate; server_max_window_bits=8, permessage-deflate; client_no_context_takeover")
        << QByteArray("permessage-deflate; client_no_context_takeover");
    QTest::newRow("window 16") << QByteArray("permessage-deflate; server_max_window_bits=16") << QByteArray();
    QTest::newRow("leading zero") << QByteArray("permessage-deflate; client_max_window_bits=09") << QByteArray();
    QTest::newRow("server bits without value") << QByteArray("permessage-deflate; server_max_window_bits") << QByteArray();
    QTest::newRow("duplicate") << QByteArray("permessage-deflate; server_no_context_takeover; server_no_context_takeover")
                               << QByteArray();
    QTest::newRow("value on a flag") << QByteArray("permessage-deflate; client_no_context_takeover=1") << QByteArray();
    QTest::newRow("unknown parameter") << QByteArray("permessage-deflate; mystery") << QByteArray();
    QTest::newRow("duplicate then fallback")
        << QByteArray("permessage-deflate; client_max_window_bits=10; client_max_window_bits=11, permessage-deflate")
        << QByteArray("permessage-deflate");
}

void TestPerMessageDeflate::negotiation()
{
    QFETCH(QByteArray, offer);
    QFETCH(QByteArray, agreed);
    CsmsServer server;
    answerBoots(server);
    QSignalSpy opened(&server, &CsmsServer::connectionOpened);
    QVERIFY(server.start(loopbackConfig()).ok());
    RawWebSocket raw;
    raw.connectTo(server.port(), "/ocpp/CS1", "ocpp2.1", offer.isEmpty() ? QByteArray() : "Sec-WebSocket-Extensions: " + offer + "\r\n");
    QTRY_VERIFY(raw.handshakeDone());
    QCOMPARE(responseHeader(raw.response(), "Sec-WebSocket-Extensions"), agreed);
    QTRY_COMPARE(opened.size(), 1);
    QCOMPARE(opened.at(0).at(0).value<StationConnection *>()->info().compression, agreed);

    // An uncompressed message is valid either way; the answer is compressed only when agreed.
    raw.sendFrame(0x1, bootCall(QStringLiteral("b1")));
    QTRY_COMPARE(raw.texts().size(), 1);
    QCOMPARE(raw.textsCompressed().at(0), !agreed.isEmpty());
    const QByteArray answer = agreed.isEmpty() ? raw.texts().at(0) : ClientInflate().decompress(raw.texts().at(0));
    QVERIFY2(answer.startsWith("[3,\"b1\",{"), answer.constData());
}

void TestPerMessageDeflate::offersOnSeveralHeaderLines()
{
    CsmsServer server;
    QVERIFY(server.start(loopbackConfig()).ok());
    RawWebSocket raw;
    raw.connectTo(server.port(), "/ocpp/CS1", "ocpp2.1",
                  "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=8\r\n"
                  "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=9\r\n");
    QTRY_VERIFY(raw.handshakeDone());
    QCOMPARE(responseHeader(raw.response(), "Sec-WebSocket-Extensions"), QByteArray("permessage-deflate; server_max_window_bits=9"));
}

void TestPerMessageDeflate::roundTrip_data()
{
    QTest::addColumn<bool>("serverNoContext");
    QTest::addColumn<bool>("clientNoContext");
    QTest::addColumn<QByteArray>("subprotocol");
    QTest::newRow("takeover both ways") << false << false << QByteArray("ocpp2.1");
    QTest::newRow("server_no_context_takeover") << true << false << QByteArray("ocpp2.1");
    QTest::newRow("client_no_context_takeover") << false << true << QByteArray("ocpp2.0.1");
    QTest::newRow("no takeover either way") << true << true << QByteArray("ocpp1.6");
}

void TestPerMessageDeflate::roundTrip()
{
    QFETCH(bool, serverNoContext);
    QFETCH(bool, clientNoContext);
    QFETCH(QByteArray, subprotocol);
    CsmsServer server;
    answerBoots(server);
    QList<QByteArray> inbound;
    server.setFrameSink([&inbound](const ConnectionInfo &, const FrameEvent &e) {
        if (e.direction == FrameEvent::Direction::In)
            inbound << e.text;
    });
    QVERIFY(server.start(loopbackConfig()).ok());
    QByteArray offer = "Sec-WebSocket-Extensions: permessage-deflate";
    if (serverNoContext)
        offer += "; server_no_context_takeover";
    if (clientNoContext)
        offer += "; client_no_context_takeover";
    RawWebSocket raw;
    raw.connectTo(server.port(), "/ocpp/CS1", subprotocol, offer + "\r\n");
    QTRY_VERIFY(raw.handshakeDone());

    ClientDeflate deflater;
    QList<QByteArray> calls{bootCall(QStringLiteral("m1")), bootCall(QStringLiteral("m2")), bootCall(QStringLiteral("m3"))};
    if (subprotocol == "ocpp1.6") {
        for (qsizetype i = 0; i < calls.size(); ++i)
            calls[i] = QJsonDocument(QJsonArray{2, QStringLiteral("m%1").arg(i + 1), QStringLiteral("BootNotification"),
                                                QJsonObject{{QStringLiteral("chargePointVendor"), QStringLiteral("ACME")},
                                                            {QStringLiteral("chargePointModel"), QStringLiteral("One")}}})
                           .toJson(QJsonDocument::Compact);
    }
    QList<qsizetype> sentSizes;
    for (qsizetype i = 0; i < calls.size(); ++i) {
        const QByteArray c = deflater.compress(calls.at(i), clientNoContext);
        sentSizes << c.size();
        if (i == 2) {
            // A fragmented compressed message: RSV1 on the first frame only.
            const qsizetype half = c.size() / 2;
            raw.sendFrame(0x1 | 0x40, c.left(half), false);
            raw.sendFrame(0x0, c.mid(half), true);
        } else {
            raw.sendFrame(0x1 | 0x40, c);
        }
        QTRY_COMPARE(raw.texts().size(), i + 1);
    }
    // Without a reset the client's second message refers back to its first.
    if (!clientNoContext)
        QVERIFY2(sentSizes.at(1) < sentSizes.at(0) / 2, qPrintable(QStringLiteral("%1 %2").arg(sentSizes.at(0)).arg(sentSizes.at(1))));
    QCOMPARE(inbound, calls); // the capture sees the inflated text

    ClientInflate inflater;
    QList<qsizetype> answerSizes;
    for (qsizetype i = 0; i < raw.texts().size(); ++i) {
        QVERIFY(raw.textsCompressed().at(i));
        answerSizes << raw.texts().at(i).size();
        const QByteArray text = inflater.decompress(raw.texts().at(i));
        QVERIFY2(text.startsWith(QByteArray("[3,\"m" + QByteArray::number(i + 1) + "\",{\"currentTime\"")), text.constData());
    }
    // The answers differ only in their id: with context takeover the second is mostly a
    // back-reference, without it as long as the first.
    if (serverNoContext)
        QVERIFY2(qAbs(answerSizes.at(1) - answerSizes.at(0)) <= 2, qPrintable(QStringLiteral("%1 %2").arg(answerSizes.at(0)).arg(answerSizes.at(1))));
    else
        QVERIFY2(answerSizes.at(1) < answerSizes.at(0) / 2, qPrintable(QStringLiteral("%1 %2").arg(answerSizes.at(0)).arg(answerSizes.at(1))));
    QCOMPARE(raw.closeCode(), -1);
}

void TestPerMessageDeflate::compressionBombClosesWith1009()
{
    ServerConfig cfg = loopbackConfig();
    cfg.maxFrameBytes = 1024 * 1024;
    CsmsServer server;
    QSignalSpy closed(&server, &CsmsServer::connectionClosed);
    QVERIFY(server.start(cfg).ok());
    RawWebSocket raw;
    raw.connectTo(server.port(), "/ocpp/bomb", "ocpp2.1", "Sec-WebSocket-Extensions: permessage-deflate\r\n");
    QTRY_VERIFY(raw.handshakeDone());

    // 128 MiB of spaces in about 128 KiB: under the frame limit on the wire, 128 times
    // over it once inflated. Built in slices so the test itself stays small.
    z_stream z{};
    deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY);
    const QByteArray slice(1024 * 1024, ' ');
    QByteArray bomb(1024 * 1024, Qt::Uninitialized);
    z.next_out = reinterpret_cast<Bytef *>(bomb.data());
    z.avail_out = uInt(bomb.size());
    for (int i = 0; i < 128; ++i) {
        z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(slice.constData()));
        z.avail_in = uInt(slice.size());
        QCOMPARE(deflate(&z, i == 127 ? Z_SYNC_FLUSH : Z_NO_FLUSH), Z_OK);
        QVERIFY(z.avail_out > 0);
    }
    bomb.truncate(bomb.size() - qsizetype(z.avail_out));
    deflateEnd(&z);
    QVERIFY(bomb.size() < cfg.maxFrameBytes);

    const qint64 before = residentKiB();
    raw.sendFrame(0x1 | 0x40, bomb);
    QTRY_COMPARE_WITH_TIMEOUT(raw.closeCode(), 1009, 20000);
    QTRY_COMPARE(closed.size(), 1);
    QCOMPARE(closed.at(0).at(1).toInt(), 1009);
    // The server stopped at the limit: far less than the 128 MiB the message would have taken.
    const qint64 grownKiB = residentKiB() - before;
    QVERIFY2(grownKiB < 64 * 1024, qPrintable(QStringLiteral("RSS grew by %1 KiB").arg(grownKiB)));
}

void TestPerMessageDeflate::corruptDataClosesWith1002()
{
    CsmsServer server;
    QVERIFY(server.start(loopbackConfig()).ok());
    RawWebSocket raw;
    raw.connectTo(server.port(), "/ocpp/CS1", "ocpp2.1", "Sec-WebSocket-Extensions: permessage-deflate\r\n");
    QTRY_VERIFY(raw.handshakeDone());
    raw.sendFrame(0x1 | 0x40, QByteArray("\xff\xff\xff\xff\xff\xff", 6)); // block type 3 is reserved
    QTRY_COMPARE(raw.closeCode(), 1002);
}

void TestPerMessageDeflate::compressedControlFrameClosesWith1002()
{
    CsmsServer server;
    QVERIFY(server.start(loopbackConfig()).ok());
    RawWebSocket raw;
    raw.connectTo(server.port(), "/ocpp/CS1", "ocpp2.1", "Sec-WebSocket-Extensions: permessage-deflate\r\n");
    QTRY_VERIFY(raw.handshakeDone());
    raw.sendFrame(0x9 | 0x40, ClientDeflate().compress("ping", false));
    QTRY_COMPARE(raw.closeCode(), 1002);
    QVERIFY(raw.pongs().isEmpty());
}

void TestPerMessageDeflate::rsv1WithoutNegotiationClosesWith1002()
{
    CsmsServer server;
    QVERIFY(server.start(loopbackConfig()).ok());
    RawWebSocket raw;
    raw.connectTo(server.port(), "/ocpp/CS1", "ocpp2.1");
    QTRY_VERIFY(raw.handshakeDone());
    raw.sendFrame(0x1 | 0x40, ClientDeflate().compress(bootCall(QStringLiteral("x")), false));
    QTRY_COMPARE(raw.closeCode(), 1002);
    QVERIFY(raw.texts().isEmpty());
}

void TestPerMessageDeflate::externalClient(const QString &program, const QStringList &arguments, const QString &subprotocol)
{
    CsmsServer server;
    answerBoots(server);
    QList<QByteArray> inbound;
    server.setFrameSink([&inbound](const ConnectionInfo &, const FrameEvent &e) {
        if (e.direction == FrameEvent::Direction::In)
            inbound << e.text;
    });
    // Copied when it opens: the peer may be done and the connection gone before the test looks.
    QList<ConnectionInfo> opened;
    connect(&server, &CsmsServer::connectionOpened, this, [&opened](StationConnection *c) { opened << c->info(); });
    QVERIFY(server.start(loopbackConfig()).ok());
    QProcess peer;
    peer.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    peer.start(program, QStringList(arguments) << QStringLiteral("ws://127.0.0.1:%1/ocpp/EXT1").arg(server.port()) << subprotocol);
    QVERIFY2(peer.waitForStarted(), qPrintable(peer.errorString()));
    QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 1, 15000);
    const ConnectionInfo info = opened.at(0);
    QVERIFY2(info.compression.startsWith("permessage-deflate"), info.compression.constData());
    QCOMPARE(subprotocolName(info.version), subprotocol);
    QTRY_COMPARE_WITH_TIMEOUT(peer.state(), QProcess::NotRunning, 15000);
    QCOMPARE(peer.exitStatus(), QProcess::NormalExit);
    const QByteArray out = peer.readAllStandardOutput();
    QCOMPARE(peer.exitCode(), 0);
    // The peer reports the extension it agreed to and the answers it inflated.
    const QJsonObject report = QJsonDocument::fromJson(out).object();
    QVERIFY2(report.value(QStringLiteral("extensions")).toString().contains(QStringLiteral("permessage-deflate")), out.constData());
    const QJsonArray answers = report.value(QStringLiteral("answers")).toArray();
    QCOMPARE(answers.size(), 2);
    for (int i = 0; i < 2; ++i) {
        const QJsonArray a = answers.at(i).toArray();
        QCOMPARE(a.at(0).toInt(), 3);
        QCOMPARE(a.at(1).toString(), QStringLiteral("b%1").arg(i + 1));
        QCOMPARE(a.at(2).toObject().value(QStringLiteral("status")).toString(), QStringLiteral("Accepted"));
    }
    QCOMPARE(inbound.size(), 2);
    QVERIFY2(inbound.at(0).startsWith("[2,\"b1\",\"BootNotification\""), inbound.at(0).constData());
}

void TestPerMessageDeflate::pythonWebsockets_data()
{
    QTest::addColumn<QString>("subprotocol");
    QTest::newRow("ocpp1.6") << QStringLiteral("ocpp1.6");
    QTest::newRow("ocpp2.0.1") << QStringLiteral("ocpp2.0.1");
    QTest::newRow("ocpp2.1") << QStringLiteral("ocpp2.1");
}

void TestPerMessageDeflate::pythonWebsockets()
{
    QFETCH(QString, subprotocol);
    // Debian's interpreter: the websockets module is a Debian package, not in a pyenv.
    const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"), {QStringLiteral("/usr/bin")});
    if (python.isEmpty() || QProcess::execute(python, {QStringLiteral("-c"), QStringLiteral("import websockets")}) != 0)
        QSKIP("python3-websockets is not installed; scripts/setup installs it");
    externalClient(python, {QStringLiteral(CHARGEBENCH_SOURCE_DIR "/tests/transport/deflate_peer.py")}, subprotocol);
}

void TestPerMessageDeflate::nodeWs_data()
{
    pythonWebsockets_data();
}

void TestPerMessageDeflate::nodeWs()
{
    QFETCH(QString, subprotocol);
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node.isEmpty())
        QSKIP("node is not installed; scripts/setup installs it");
    if (!QFile::exists(QStringLiteral(CHARGEBENCH_SOURCE_DIR "/tests/external/node_modules/ws/package.json")))
        QSKIP("tests/external/node_modules is missing; scripts/setup runs npm ci there");
    externalClient(node, {QStringLiteral(CHARGEBENCH_SOURCE_DIR "/tests/external/ws_deflate_peer.mjs")}, subprotocol);
}

QTEST_GUILESS_MAIN(TestPerMessageDeflate)
#include "tst_permessagedeflate.moc"
