// The RFC 6455 frame decoder, UTF-8 check and handshake helpers on bytes, without sockets: every
// length encoding, every split point of the input, fragments with control frames between them,
// and each protocol error with the close code the RFC names.
#include "rawwebsocket.h"
#include "transport/utf8validation.h"
#include "transport/websocketdecoder.h"
#include "transport/websocketencoding.h"
#include "transport/websockethandshake.h"

#include <QTest>

using namespace cb;

namespace {

struct Decoded
{
    QList<WebSocketMessage> messages;
    bool ok = true;
    WebSocketFailure failure;
};

// Feeds `bytes` in pieces of `chunk` bytes (0: all at once); `deflate`: as after a handshake that
// agreed on permessage-deflate.
Decoded decode(const QByteArray &bytes, qsizetype chunk = 0, qint64 maxMessage = 1 << 20, bool deflate = false)
{
    WebSocketDecoder d(maxMessage);
    if (deflate)
        d.enableDeflate(DeflateParams{});
    Decoded out;
    const auto sink = [&](WebSocketMessage &&m) { out.messages.append(std::move(m)); };
    const qsizetype step = chunk > 0 ? chunk : qMax<qsizetype>(1, bytes.size());
    for (qsizetype i = 0; i < bytes.size() && out.ok; i += step)
        out.ok = d.feed(bytes.constData() + i, qMin(step, bytes.size() - i), sink);
    out.failure = d.failure();
    return out;
}

QByteArray frame(quint8 opcode, const QByteArray &payload, bool fin = true, bool masked = true)
{
    return RawWebSocket::frame(opcode, payload, fin, masked);
}

} // namespace

class TestWebSocketDecoder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void lengthEncodings_data();
    void lengthEncodings();
    void everySplitPointGivesTheSameMessages();
    void fragmentsWithControlFramesBetween();
    void utf8SplitAcrossFragmentsIsAccepted();
    void closeFrames();
    void protocolErrors_data();
    void protocolErrors();
    void sizeLimitCountsFragments();
    void utf8Validation_data();
    void utf8Validation();
    void serverFrameHeaders_data();
    void serverFrameHeaders();
    void closePayloadIsCutAtACharacter();
    void handshakeHelpers();
    void compressedFragmentsWithPingBetween();
    void inflatedSizeLimitIsExact();
    void compressionProtocolErrors_data();
    void compressionProtocolErrors();
};

void TestWebSocketDecoder::lengthEncodings_data()
{
    QTest::addColumn<int>("size");
    for (int n : {0, 1, 125, 126, 127, 65535, 65536, 200000})
        QTest::newRow(QByteArray::number(n).constData()) << n;
}

void TestWebSocketDecoder::lengthEncodings()
{
    QFETCH(int, size);
    QByteArray payload(size, Qt::Uninitialized);
    for (int i = 0; i < size; ++i)
        payload[i] = char('a' + i % 26);
    const Decoded d = decode(frame(0x1, payload));
    QVERIFY(d.ok);
    QCOMPARE(d.messages.size(), 1);
    QCOMPARE(d.messages.at(0).opcode, WebSocketOpcode::Text);
    QCOMPARE(d.messages.at(0).payload, payload);
}

void TestWebSocketDecoder::everySplitPointGivesTheSameMessages()
{
    const QByteArray stream = frame(0x1, "[2,\"1\",\"Heartbeat\",{}]") + frame(0x9, "p") + frame(0x1, QByteArray(300, 'x'))
        + frame(0x2, QByteArray("\x00\x01\x02", 3));
    const Decoded whole = decode(stream);
    QVERIFY(whole.ok);
    QCOMPARE(whole.messages.size(), 4);
    for (qsizetype chunk = 1; chunk < stream.size(); ++chunk) {
        const Decoded pieces = decode(stream, chunk);
        QVERIFY(pieces.ok);
        QCOMPARE(pieces.messages.size(), whole.messages.size());
        for (qsizetype i = 0; i < whole.messages.size(); ++i) {
            QCOMPARE(pieces.messages.at(i).opcode, whole.messages.at(i).opcode);
            QCOMPARE(pieces.messages.at(i).payload, whole.messages.at(i).payload);
        }
    }
}

void TestWebSocketDecoder::fragmentsWithControlFramesBetween()
{
    const QByteArray stream = frame(0x1, "[2,\"1\",", false) + frame(0x9, "ping") + frame(0x0, "\"Heartbeat\"", false)
        + frame(0xA, "pong") + frame(0x0, ",{}]", true);
    const Decoded d = decode(stream, 3);
    QVERIFY(d.ok);
    QCOMPARE(d.messages.size(), 3);
    QCOMPARE(d.messages.at(0).opcode, WebSocketOpcode::Ping);
    QCOMPARE(d.messages.at(0).payload, QByteArray("ping"));
    QCOMPARE(d.messages.at(1).opcode, WebSocketOpcode::Pong);
    QCOMPARE(d.messages.at(2).opcode, WebSocketOpcode::Text);
    QCOMPARE(d.messages.at(2).payload, QByteArray("[2,\"1\",\"Heartbeat\",{}]"));
}

void TestWebSocketDecoder::utf8SplitAcrossFragmentsIsAccepted()
{
    const QByteArray text = QStringLiteral("Ladesäule €").toUtf8();
    const qsizetype cut = text.indexOf('\xe2') + 1; // inside the 3-byte euro sign
    const Decoded d = decode(frame(0x1, text.left(cut), false) + frame(0x0, text.mid(cut), true));
    QVERIFY(d.ok);
    QCOMPARE(d.messages.size(), 1);
    QCOMPARE(QString::fromUtf8(d.messages.at(0).payload), QStringLiteral("Ladesäule €"));
}

void TestWebSocketDecoder::closeFrames()
{
    Decoded d = decode(frame(0x8, QByteArray("\x03\xe8", 2) + "bye"));
    QVERIFY(d.ok);
    QCOMPARE(d.messages.size(), 1);
    QCOMPARE(d.messages.at(0).opcode, WebSocketOpcode::Close);
    QCOMPARE(d.messages.at(0).closeCode, 1000);
    QCOMPARE(d.messages.at(0).payload, QByteArray("bye"));
    d = decode(frame(0x8, {}));
    QVERIFY(d.ok);
    QCOMPARE(d.messages.at(0).closeCode, 1005); // no status code sent
}

void TestWebSocketDecoder::protocolErrors_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("code");
    QByteArray rsv = frame(0x1, "x");
    rsv[0] = char(quint8(rsv[0]) | 0x40);
    QTest::newRow("reserved bit") << rsv << 1002;
    QTest::newRow("unknown opcode") << frame(0x3, "x") << 1002;
    QTest::newRow("unmasked") << frame(0x1, "x", true, false) << 1002;
    QTest::newRow("long ping") << frame(0x9, QByteArray(126, 'p')) << 1002;
    QTest::newRow("fragmented ping") << frame(0x9, "p", false) << 1002;
    QTest::newRow("lone continuation") << frame(0x0, "x") << 1002;
    QTest::newRow("text inside a fragmented message") << frame(0x1, "a", false) + frame(0x1, "b") << 1002;
    QTest::newRow("1-byte close") << frame(0x8, "x") << 1002;
    QTest::newRow("reserved close code 1005") << frame(0x8, QByteArray("\x03\xed", 2)) << 1002;
    QTest::newRow("close code 999") << frame(0x8, QByteArray("\x03\xe7", 2)) << 1002;
    QTest::newRow("close reason not UTF-8") << frame(0x8, QByteArray("\x03\xe8\xff", 3)) << 1007;
    QTest::newRow("text not UTF-8") << frame(0x1, "a\xc3\x28") << 1007;
    QTest::newRow("fragmented text not UTF-8") << frame(0x1, "ok", false) + frame(0x0, "\xed\xa0\x80") << 1007;
    QTest::newRow("too big") << frame(0x1, QByteArray(2000, 'x')) << 1009;
}

void TestWebSocketDecoder::protocolErrors()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, code);
    const Decoded d = decode(bytes, 0, 1024);
    QVERIFY(!d.ok);
    QCOMPARE(d.failure.closeCode, code);
    QVERIFY(!d.failure.reason.isEmpty());
    // And nothing after the failure is decoded.
    WebSocketDecoder decoder(1024);
    int after = 0;
    decoder.feed(bytes.constData(), bytes.size(), [](WebSocketMessage &&) {});
    QVERIFY(!decoder.feed("\x81\x80\x00\x00\x00\x00", 6, [&](WebSocketMessage &&) { ++after; }));
    QCOMPARE(after, 0);
}

void TestWebSocketDecoder::sizeLimitCountsFragments()
{
    // Each fragment is small; together they exceed the limit, which is detected from the header
    // of the fragment that crosses it (before its payload arrives).
    const QByteArray stream = frame(0x1, QByteArray(600, 'a'), false) + frame(0x0, QByteArray(600, 'b'), true).left(8);
    const Decoded d = decode(stream, 0, 1000);
    QVERIFY(!d.ok);
    QCOMPARE(d.failure.closeCode, 1009);
}

void TestWebSocketDecoder::utf8Validation_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("valid");
    QTest::newRow("empty") << QByteArray() << true;
    QTest::newRow("ascii, long") << QByteArray(1000, 'a') << true;
    QTest::newRow("2-byte") << QByteArray("\xc3\xa4") << true;
    QTest::newRow("3-byte") << QByteArray("\xe2\x82\xac") << true;
    QTest::newRow("4-byte") << QByteArray("\xf0\x9f\x94\x8c") << true;
    QTest::newRow("U+10FFFF") << QByteArray("\xf4\x8f\xbf\xbf") << true;
    QTest::newRow("above U+10FFFF") << QByteArray("\xf4\x90\x80\x80") << false;
    QTest::newRow("overlong 2-byte") << QByteArray("\xc0\xaf") << false;
    QTest::newRow("overlong 3-byte") << QByteArray("\xe0\x80\xaf") << false;
    QTest::newRow("overlong 4-byte") << QByteArray("\xf0\x80\x80\xaf") << false;
    QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80") << false;
    QTest::newRow("lone continuation") << QByteArray("abc\x80") << false;
    QTest::newRow("truncated at the end") << QByteArray("abcdefgh\xe2\x82") << false;
    QTest::newRow("bad continuation") << QByteArray("\xe2\x28\xa1") << false;
    QTest::newRow("F5") << QByteArray("\xf5\x80\x80\x80") << false;
    QTest::newRow("ascii then 2-byte after 8") << QByteArray("12345678\xc3\xa4" "9") << true;
}

void TestWebSocketDecoder::utf8Validation()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, valid);
    QCOMPARE(isValidUtf8(bytes.constData(), size_t(bytes.size())), valid);
}

void TestWebSocketDecoder::serverFrameHeaders_data()
{
    QTest::addColumn<int>("size");
    QTest::addColumn<QByteArray>("header");
    QTest::newRow("5") << 5 << QByteArray("\x81\x05", 2);
    QTest::newRow("126") << 126 << QByteArray("\x81\x7e\x00\x7e", 4);
    QTest::newRow("65536") << 65536 << QByteArray("\x81\x7f\x00\x00\x00\x00\x00\x01\x00\x00", 10);
}

void TestWebSocketDecoder::serverFrameHeaders()
{
    QFETCH(int, size);
    QFETCH(QByteArray, header);
    char out[websocketencoding::kMaxHeaderSize];
    const qsizetype n = websocketencoding::writeFrameHeader(out, WebSocketOpcode::Text, size);
    QCOMPARE(QByteArray(out, n), header);
    // An unmasked server frame decodes with a decoder that does not require masking.
    WebSocketDecoder d(1 << 20, false);
    QByteArray wire = QByteArray(out, n) + QByteArray(size, 'z');
    int got = 0;
    QVERIFY(d.feed(wire.constData(), wire.size(), [&](WebSocketMessage &&m) { got = int(m.payload.size()); }));
    QCOMPARE(got, size);
}

void TestWebSocketDecoder::closePayloadIsCutAtACharacter()
{
    const QString reason = QString(60, QChar(0x20AC)); // 180 bytes of euro signs
    const QByteArray p = websocketencoding::closePayload(1001, reason);
    QVERIFY(p.size() <= 125);
    QCOMPARE((quint8(p[0]) << 8) | quint8(p[1]), 1001);
    QVERIFY(isValidUtf8(p.constData() + 2, size_t(p.size() - 2)));
    QCOMPARE((p.size() - 2) % 3, 0);
    QVERIFY(websocketencoding::closePayload(1005, QStringLiteral("x")).isEmpty());
}

void TestWebSocketDecoder::handshakeHelpers()
{
    QCOMPARE(websockethandshake::acceptKey("dGhlIHNhbXBsZSBub25jZQ=="), QByteArray("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
    const QStringList enabled{QStringLiteral("ocpp2.1"), QStringLiteral("ocpp2.0.1"), QStringLiteral("ocpp1.6")};
    QCOMPARE(websockethandshake::selectSubprotocol({QStringLiteral("ocpp1.6"), QStringLiteral("ocpp2.0.1")}, enabled),
             QStringLiteral("ocpp1.6"));
    QCOMPARE(websockethandshake::selectSubprotocol({QStringLiteral("OCPP1.6")}, enabled), QString());
    const QByteArray answer = websockethandshake::switchingProtocols("dGhlIHNhbXBsZSBub25jZQ==", {});
    QVERIFY(answer.startsWith("HTTP/1.1 101 "));
    QVERIFY(!answer.contains("Sec-WebSocket-Protocol"));
    QVERIFY(answer.endsWith("\r\n\r\n"));
}

static QByteArray compress(const QByteArray &text)
{
    return *MessageDeflater(DeflateParams{}).deflate(text);
}

void TestWebSocketDecoder::compressedFragmentsWithPingBetween()
{
    const QByteArray text = "[2,\"1\",\"Heartbeat\",{\"pad\":\"" + QByteArray(300, 'a') + "\"}]";
    const QByteArray c = compress(text);
    const QByteArray bytes = frame(0x1 | 0x40, c.left(5), false) + frame(0x9, "p") + frame(0x0, c.mid(5), true);
    for (qsizetype chunk = 1; chunk <= bytes.size(); ++chunk) {
        const Decoded d = decode(bytes, chunk, 1 << 20, true);
        QVERIFY(d.ok);
        QCOMPARE(d.messages.size(), 2);
        QCOMPARE(d.messages.at(0).opcode, WebSocketOpcode::Ping);
        QCOMPARE(d.messages.at(1).payload, text);
    }
    // An uncompressed message is still fine once compression was agreed.
    QCOMPARE(decode(frame(0x1, text), 0, 1 << 20, true).messages.value(0).payload, text);
}

void TestWebSocketDecoder::inflatedSizeLimitIsExact()
{
    const qint64 limit = 100000;
    const Decoded atLimit = decode(frame(0x1 | 0x40, compress(QByteArray(limit, 'x'))), 0, limit, true);
    QVERIFY(atLimit.ok);
    QCOMPARE(atLimit.messages.value(0).payload.size(), limit);
    const Decoded over = decode(frame(0x1 | 0x40, compress(QByteArray(limit + 1, 'x'))), 0, limit, true);
    QVERIFY(!over.ok);
    QCOMPARE(over.failure.closeCode, 1009);
}

void TestWebSocketDecoder::compressionProtocolErrors_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("code");
    QTest::newRow("RSV1 on a continuation") << (frame(0x1, "[2,", false) + frame(0x0 | 0x40, compress("1]"))) << 1002;
    QTest::newRow("RSV1 on a pong") << frame(0xA | 0x40, "x") << 1002;
    QTest::newRow("RSV2") << frame(0x1 | 0x20, "[]") << 1002;
    QTest::newRow("not DEFLATE") << frame(0x1 | 0x40, QByteArray("\xff\xfe", 2)) << 1002;
    QTest::newRow("inflates to invalid UTF-8") << frame(0x1 | 0x40, compress("\xc3\x28")) << 1007;
}

void TestWebSocketDecoder::compressionProtocolErrors()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, code);
    const Decoded d = decode(bytes, 0, 1 << 20, true);
    QVERIFY(!d.ok);
    QCOMPARE(d.failure.closeCode, code);
    QVERIFY(d.messages.isEmpty());
}

QTEST_GUILESS_MAIN(TestWebSocketDecoder)
#include "tst_websocketdecoder.moc"
