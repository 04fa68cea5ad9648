// decodeFrame's shortcut for compact CALLs and CALLRESULTs (`[2,"id","Action",{...}]`, only the
// payload parsed) against its general path: for every frame, well-formed or not, the result must
// be the one the general path gives. The general path is taken by putting a space after the
// frame's first comma (structural when the frame starts with "[2," or "[3,"), which changes no
// value; error texts then differ only in the offsets they name.
#include "rpc/rpcframe.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>

using namespace cb;

namespace {

// Empty when both decodings agree; otherwise what differs.
QString difference(const QByteArray &data, OcppVersion version)
{
    QByteArray spaced = data;
    if (data.startsWith("[2,") || data.startsWith("[3,"))
        spaced.insert(3, ' ');
    const auto fast = decodeFrame(data, version);
    const auto reference = decodeFrame(spaced, version);
    if (bool(fast) != bool(reference))
        return QStringLiteral("one succeeds, the other fails");
    if (reference) {
        const RpcFrame &a = fast.value();
        const RpcFrame &b = reference.value();
        if (a.type != b.type || a.id != b.id || a.action != b.action || a.payload != b.payload || a.errorCode != b.errorCode
            || a.errorDescription != b.errorDescription || a.errorDetails != b.errorDetails || a.id.isNull() != b.id.isNull())
            return QStringLiteral("frames differ");
        return {};
    }
    const FrameDecodeError &a = fast.error();
    const FrameDecodeError &b = reference.error();
    static const QRegularExpression offset(QStringLiteral("offset \\d+"));
    if (a.kind != b.kind || a.messageTypeId != b.messageTypeId || a.messageId != b.messageId
        || QString(a.description).remove(offset) != QString(b.description).remove(offset))
        return QStringLiteral("errors differ: %1 / %2").arg(a.description, b.description);
    return {};
}

const char *const kFrames[] = {
    R"([2,"1","Heartbeat",{}])",
    R"([3,"1",{}])",
    R"([3,"h1",{"currentTime":"2026-01-01T00:00:00Z"}])",
    R"([2,"m7","MeterValues",{"evseId":1,"meterValue":[{"timestamp":"2026-01-01T00:00:00Z","sampledValue":[{"value":70,"measurand":"Energy.Active.Import.Register","unitOfMeasure":{"unit":"Wh"}},{"value":16.1,"phase":"L1"}]}]}])",
    R"([2,"b","BootNotification",{"reason":"PowerUp","chargingStation":{"model":"M1","vendorName":"V"}}])",
    R"([2,"b","BootNotification",{"reason":"PowerUp","reason":"Watchdog"}])", // duplicate key
    R"([3,"x",{"a":[1,2,{"b":null}],"c":true,"d":-1.5e3,"e":"\u00e9\n"}])",
    R"([3,"x",{"big":123456789012345678901234567890,"small":1e-400,"neg":-0}])",
    R"([3,"x",{"s":"\ud83d\ude00","bad":"\ud83d"}])",
    R"([3,"123456789012345678901234567890123456",{}])", // 36: allowed
    R"([3,"1234567890123456789012345678901234567",{}])", // 37: too long
    R"([3,"",{}])",
    R"([2,"1","",{}])",
    R"([2,"1",{}])",
    R"([3,"1",{},{}])",
    R"([3,"1",{}],[])",
    R"([3,"1",{}]])",
    R"([3,"1",{} ])",
    R"([3,"1", {}])",
    R"( [3,"1",{}])",
    R"([3,"1",{}] )",
    R"([3,"1",{"a":1)",
    R"([3,"1",{"a":1}})",
    R"([3,"1",{"a":}])",
    R"([3,"1",{"a":1,}])",
    R"([3,"1",[]])",
    R"([3,"1",{]])",
    R"([3,"1",{"a":"b"]])",
    R"([3,"1",{}}])",
    R"([3,"1",{"a":"}"}])",
    R"([3,"1",{"a":"]"}])",
    R"([3,"1",{"a":"\"],{"}])",
    R"([3,"a\"b",{}])",
    R"([3,"a\u0041",{}])",
    R"([3,"a\\",{}])",
    R"([2,"1","Heart\"beat",{}])",
    R"([2,"1","Héartbeat",{}])",
    R"([3,"1",{"é":"ü"}])",
    R"([3,1,{}])",
    R"([3,null,{}])",
    R"([3.0,"1",{}])",
    R"([03,"1",{}])",
    R"([4,"1","GenericError","",{}])",
    R"([5,"1","GenericError","",{}])",
    R"([6,"1","NotifyPeriodicEventStream",{}])",
    R"([7,"1",{}])",
    R"([2,"1","Heartbeat",{},])",
    R"([2,"1","Heartbeat"])",
    R"([3,"1"])",
    R"([3])",
    R"([])",
    R"({})",
    R"("text")",
    R"(42)",
    "",
    "[3,\"1\",{\"a\":\"\x01\"}]",
    "[3,\"1\",{\"a\":\"\xff\"}]",
    "[3,\"1\x7f\",{}]",
    "[3,\"1\t\",{}]",
    "[3,\"1\",{\"a\":1}\x00]",
};

} // namespace

class TestRpcFrameFastPath : public QObject
{
    Q_OBJECT

private slots:
    void compactMatchesGeneral_data();
    void compactMatchesGeneral();
    void deepNesting();
    void mutatedFrames();
};

void TestRpcFrameFastPath::compactMatchesGeneral_data()
{
    QTest::addColumn<QByteArray>("data");
    int n = 0;
    for (const char *frame : kFrames)
        QTest::addRow("%d %s", n++, frame) << QByteArray(frame);
    QTest::addRow("embedded NUL in payload") << QByteArray("[3,\"1\",{\"a\":\"\0\"}]", 17);
}

void TestRpcFrameFastPath::compactMatchesGeneral()
{
    QFETCH(QByteArray, data);
    for (const OcppVersion v : kAllVersions)
        QCOMPARE(difference(data, v), QString());
}

void TestRpcFrameFastPath::deepNesting()
{
    // Around Qt's limit of 1024 levels, counting the frame's own array.
    for (const int depth : {900, 1000, 1001, 1022, 1023, 1024, 1025, 1200}) {
        const QByteArray payload = QByteArray("{\"a\":").repeated(depth - 1) + "{}" + QByteArray("}").repeated(depth - 1);
        const QByteArray viaArrays = "{\"a\":" + QByteArray("[").repeated(depth - 2) + QByteArray("]").repeated(depth - 2) + "}";
        for (const QByteArray &p : {payload, viaArrays}) {
            QCOMPARE(difference("[3,\"1\"," + p + "]", OcppVersion::V201), QString());
            QCOMPARE(difference("[2,\"1\",\"DataTransfer\"," + p + "]", OcppVersion::V201), QString());
        }
    }
}

void TestRpcFrameFastPath::mutatedFrames()
{
    // Every frame with one byte replaced by each JSON-significant character, one byte removed, or
    // cut short: the shortcut must never accept what decodeFrame reads differently.
    const QByteArray replacements = QByteArrayLiteral(" \"\\,:[]{}0-.e\x01\x80");
    QRandomGenerator random(7);
    int compared = 0;
    for (const char *frame : kFrames) {
        const QByteArray data(frame);
        for (qsizetype i = 0; i < data.size(); ++i) {
            QByteArray removed = data;
            removed.remove(i, 1);
            QCOMPARE(difference(removed, OcppVersion::V201), QString());
            QCOMPARE(difference(data.left(i), OcppVersion::V201), QString());
            for (const char c : replacements) {
                QByteArray changed = data;
                changed[i] = c;
                const QString d = difference(changed, OcppVersion::V201);
                if (!d.isEmpty())
                    QFAIL(qPrintable(QStringLiteral("%1: %2").arg(QString::fromLatin1(changed.toPercentEncoding()), d)));
                ++compared;
            }
            QByteArray inserted = data;
            inserted.insert(i, replacements.at(qsizetype(random.bounded(int(replacements.size())))));
            QCOMPARE(difference(inserted, OcppVersion::V21), QString());
        }
    }
    QVERIFY(compared > 10000);
}

QTEST_GUILESS_MAIN(TestRpcFrameFastPath)
#include "tst_rpcframefastpath.moc"
