// JSON lines export and import through real SQLite files: every CaptureRecord field survives,
// including payload bytes that are not UTF-8 and connection events; selections; refused files.
#include "inspection/capturejsonlreader.h"
#include "inspection/capturejsonlwriter.h"
#include "inspection/capturequery.h"
#include "inspection/capturetransfer.h"
#include "storage/capturewriter.h"
#include "storage/database.h"

#include <QBuffer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace cb;

namespace {

CaptureRecord rec(CaptureRecord::Kind kind, qint64 ts, const QString &station, qint64 conn, bool out, int type,
                  const QString &id, const QString &action, const QByteArray &data, const QString &problem = {})
{
    CaptureRecord r;
    r.kind = kind;
    r.timestampUs = ts;
    r.stationId = station;
    r.connectionId = conn;
    r.outgoing = out;
    r.messageType = type;
    r.messageId = id;
    r.action = action;
    r.data = data;
    r.problem = problem;
    return r;
}

// Every shape of record the frames table holds, with awkward payloads.
QList<CaptureRecord> sampleRecords()
{
    const qint64 t = 1'700'000'000'123'456;
    using K = CaptureRecord::Kind;
    QList<CaptureRecord> l{
        rec(K::ConnectionOpened, t, QStringLiteral("CP-1"), 7, false, 0, {}, {},
            QByteArrayLiteral("{\"subprotocol\":\"ocpp1.6\",\"remote\":\"127.0.0.1:5000\"}")),
        rec(K::Frame, t + 1, QStringLiteral("CP-1"), 7, false, 2, QStringLiteral("m1"), QStringLiteral("BootNotification"),
            QByteArrayLiteral("[2,\"m1\",\"BootNotification\",{\"chargePointVendor\":\"Vä\",\"chargePointModel\":\"🚗\"}]")),
        rec(K::Frame, t + 2, QStringLiteral("CP-1"), 7, true, 3, QStringLiteral("m1"), QStringLiteral("BootNotification"),
            QByteArrayLiteral("[3,\"m1\",{\"status\":\"Accepted\" , \"interval\":60}]  ")),
        // Not UTF-8 at all, and a frame with a NUL byte, a BOM, a noncharacter and a lone CR.
        rec(K::Frame, t + 3, QStringLiteral("CP-1"), 7, false, 0, {}, {}, QByteArray("\xff\xfe[2,\x80\"x\"]", 10),
            QStringLiteral("not UTF-8")),
        rec(K::Frame, t + 4, QStringLiteral("CP-1"), 7, false, 0, {}, {}, QByteArray("[2,\"a\0b\"]", 9),
            QStringLiteral("bad frame")),
        rec(K::Frame, t + 5, QStringLiteral("CP-1"), 7, false, 0, {}, {}, QByteArray("\xef\xbb\xbf[2]")),
        rec(K::Frame, t + 6, QStringLiteral("CP-1"), 7, false, 0, {}, {}, QByteArray("[\"\xef\xbf\xbf\"]\r\n")),
        rec(K::Note, t + 7, QStringLiteral("CP-1"), 7, true, 0, {}, {}, QByteArray()),
        rec(K::ConnectionClosed, t + 8, QStringLiteral("CP-1"), 7, false, 0, {}, {},
            QByteArrayLiteral("{\"closeCode\":1006,\"reason\":\"\"}")),
        rec(K::Frame, t + 9, QStringLiteral("CP 2/ü"), 8, false, 2, QStringLiteral("\"quoted\"\n"),
            QStringLiteral("Heartbeat"), QByteArrayLiteral("[2,\"x\",\"Heartbeat\",{}]")),
    };
    l[7].channel = QStringLiteral("serial:/dev/ttyUSB0");
    return l;
}

QList<StoredCaptureRecord> readDb(const QString &path, const CaptureSelection &sel = {})
{
    Database db;
    if (!db.open(path))
        return {};
    auto all = CaptureQuery(db).all(sel);
    return all ? all.value() : QList<StoredCaptureRecord>{};
}

void writeDb(const QString &path, const QList<CaptureRecord> &records)
{
    CaptureWriter w;
    QVERIFY(w.open(path));
    w.append(records);
    QVERIFY(w.close());
}

} // namespace

class TestCaptureJsonl : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTripThroughDatabases();
    void roundTripInMemory();
    void payloadEncoding();
    void selections();
    void refusesForeignFiles_data();
    void refusesForeignFiles();
};

void TestCaptureJsonl::roundTripThroughDatabases()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString source = dir.filePath(QStringLiteral("a.sqlite"));
    const QList<CaptureRecord> records = sampleRecords();
    writeDb(source, records);

    const QString file = dir.filePath(QStringLiteral("export.jsonl"));
    {
        Database db;
        QVERIFY(db.open(source));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        const auto n = CaptureTransfer::exportJsonl(db, {}, f);
        QVERIFY2(n, qPrintable(n ? QString() : n.error().text()));
        QCOMPARE(n.value(), records.size());
    }
    // One header and one line per record; every line is a JSON object.
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = f.readAll().split('\n');
    QCOMPARE(lines.size(), records.size() + 2); // the last line ends with \n
    QVERIFY(lines.last().isEmpty());
    const QJsonObject header = QJsonDocument::fromJson(lines.first()).object();
    QCOMPARE(header.value(QLatin1String("format")).toString(), QStringLiteral("chargebench-capture"));
    QCOMPARE(header.value(QLatin1String("version")).toInt(), 1);
    f.seek(0);

    const QString target = dir.filePath(QStringLiteral("b.sqlite"));
    {
        CaptureWriter w;
        QVERIFY(w.open(target));
        const auto n = CaptureTransfer::importJsonl(f, w);
        QVERIFY2(n, qPrintable(n ? QString() : n.error().text()));
        QCOMPARE(n.value(), records.size());
        QVERIFY(w.close());
    }
    const QList<StoredCaptureRecord> back = readDb(target);
    const QList<StoredCaptureRecord> orig = readDb(source);
    QCOMPARE(back.size(), records.size());
    for (int i = 0; i < records.size(); ++i) {
        const CaptureRecord &a = orig[i].record;
        const CaptureRecord &b = back[i].record;
        QCOMPARE(b.kind, a.kind);
        QCOMPARE(b.timestampUs, a.timestampUs);
        QCOMPARE(b.channel, a.channel);
        QCOMPARE(b.stationId, a.stationId);
        QCOMPARE(b.connectionId, a.connectionId);
        QCOMPARE(b.outgoing, a.outgoing);
        QCOMPARE(b.messageType, a.messageType);
        QCOMPARE(b.messageId, a.messageId);
        QCOMPARE(b.action, a.action);
        QCOMPARE(b.data, a.data);
        QCOMPARE(b.problem, a.problem);
        QVERIFY(b == a);
        QCOMPARE(b.data, records[i].data); // and the same bytes as originally captured
    }
}

void TestCaptureJsonl::roundTripInMemory()
{
    QList<StoredCaptureRecord> in;
    qint64 id = 100;
    for (const CaptureRecord &r : sampleRecords())
        in.append({id += 3, r});
    QBuffer buf;
    QVERIFY(buf.open(QIODevice::ReadWrite));
    CaptureJsonlWriter w(buf);
    QVERIFY(w.writeHeader());
    for (const auto &r : in)
        QVERIFY(w.write(r));
    buf.seek(0);
    const auto out = CaptureJsonlReader::readAll(buf);
    QVERIFY(out);
    QCOMPARE(out.value().size(), in.size());
    for (int i = 0; i < in.size(); ++i) {
        QCOMPARE(out.value()[i].id, in[i].id); // the exported ids come back for lint findings
        QVERIFY(out.value()[i].record == in[i].record);
    }
}

void TestCaptureJsonl::payloadEncoding()
{
    const auto encoded = [](const QByteArray &data) {
        StoredCaptureRecord s;
        s.record.data = data;
        return CaptureJsonlWriter::toJson(s);
    };
    const QJsonObject text = encoded(QByteArrayLiteral("[2,\"1\",\"Heartbeat\",{}]"));
    QCOMPARE(text.value(QLatin1String("data")).toString(), QStringLiteral("[2,\"1\",\"Heartbeat\",{}]"));
    QVERIFY(!text.contains(QLatin1String("dataBase64")));
    const QJsonObject binary = encoded(QByteArray("\xff\x00\x01", 3));
    QCOMPARE(binary.value(QLatin1String("dataBase64")).toString(), QStringLiteral("/wAB"));
    QVERIFY(!binary.contains(QLatin1String("data")));
}

void TestCaptureJsonl::selections()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.sqlite"));
    const QList<CaptureRecord> records = sampleRecords();
    writeDb(path, records);
    const qint64 t = records.first().timestampUs;

    CaptureSelection byStation;
    byStation.stationId = QStringLiteral("CP 2/ü");
    QCOMPARE(readDb(path, byStation).size(), 1);

    CaptureSelection byConnection;
    byConnection.connectionId = 7;
    QCOMPARE(readDb(path, byConnection).size(), 9);

    CaptureSelection byTime;
    byTime.fromUs = t + 2;
    byTime.toUs = t + 4;
    const auto timed = readDb(path, byTime);
    QCOMPARE(timed.size(), 3);
    QCOMPARE(timed.first().record.timestampUs, t + 2);

    CaptureSelection byIds;
    byIds.fromId = 4;
    byIds.toId = 5;
    const auto ids = readDb(path, byIds);
    QCOMPARE(ids.size(), 2);
    QCOMPARE(ids.first().id, 4);

    // More records than one page: paging delivers each once, in order.
    QList<CaptureRecord> many;
    for (int i = 0; i < CaptureQuery::kPageSize * 2 + 17; ++i)
        many.append(rec(CaptureRecord::Kind::Frame, t + i, QStringLiteral("P"), 1, false, 2, QString::number(i),
                        QStringLiteral("Heartbeat"), QByteArrayLiteral("[]")));
    const QString big = dir.filePath(QStringLiteral("big.sqlite"));
    writeDb(big, many);
    const auto all = readDb(big);
    QCOMPARE(all.size(), many.size());
    QCOMPARE(all.last().record.messageId, QString::number(many.size() - 1));
}

void TestCaptureJsonl::refusesForeignFiles_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("not a ChargeBench JSON lines capture");
    QTest::newRow("other format") << QByteArrayLiteral("{\"format\":\"something\"}\n")
                                  << QStringLiteral("not a ChargeBench JSON lines capture");
    QTest::newRow("newer version") << QByteArrayLiteral("{\"format\":\"chargebench-capture\",\"version\":99}\n")
                                   << QStringLiteral("format version 99");
    QTest::newRow("bad line") << QByteArrayLiteral("{\"format\":\"chargebench-capture\",\"version\":1}\n{\"tsUs\":1}\nnope\n")
                              << QStringLiteral("Line 3 is not a JSON object");
    QTest::newRow("bad kind") << QByteArrayLiteral("{\"format\":\"chargebench-capture\",\"version\":1}\n{\"tsUs\":1,\"kind\":\"x\"}\n")
                              << QStringLiteral("Line 2: \"kind\"");
    QTest::newRow("bad base64")
        << QByteArrayLiteral("{\"format\":\"chargebench-capture\",\"version\":1}\n{\"tsUs\":1,\"dataBase64\":\"!!\"}\n")
        << QStringLiteral("not valid base64");
    QTest::newRow("no time") << QByteArrayLiteral("{\"format\":\"chargebench-capture\",\"version\":1}\n{\"kind\":\"frame\"}\n")
                             << QStringLiteral("\"tsUs\"");
}

void TestCaptureJsonl::refusesForeignFiles()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    QBuffer buf(&content);
    QVERIFY(buf.open(QIODevice::ReadOnly));
    const auto r = CaptureJsonlReader::readAll(buf);
    QVERIFY(!r);
    QVERIFY2(r.error().message.contains(expected), qPrintable(r.error().message));
    QVERIFY(!r.error().hint.isEmpty());
}

QTEST_GUILESS_MAIN(TestCaptureJsonl)
#include "tst_capturejsonl.moc"
