// chargebench-cli capture export / import / lint as a real process on real SQLite files: exit
// codes, human and JSON output, selections, and refusals that say what to do.
#include "capturebuilder.h"
#include "storage/capturewriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace cb;
using cb::test::CaptureBuilder;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run cli(const QStringList &args, const QByteArray &input = {})
{
    QProcess p;
    p.start(QStringLiteral(CHARGEBENCH_CLI), QStringList{QStringLiteral("capture")} + args);
    if (!p.waitForStarted())
        return {};
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(120000))
        return {};
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

// Two stations: CP1 breaks two rules (a reply without a CALL, a duplicate id), CP2 is clean.
QList<CaptureRecord> capture()
{
    CaptureBuilder b;
    b.open(QStringLiteral("ocpp1.6"));
    b.boot(QStringLiteral("Accepted"), 300);
    b.result(false, QStringLiteral("ghost"), QString(), {}, 1);
    b.call(true, QStringLiteral("h"), QStringLiteral("Heartbeat"), {}, 1);
    b.result(false, QStringLiteral("h"), QStringLiteral("Heartbeat"));
    b.call(true, QStringLiteral("h"), QStringLiteral("Heartbeat"), {}, 1);
    b.result(false, QStringLiteral("h"), QStringLiteral("Heartbeat"));
    b.close(1);
    b.station = QStringLiteral("CP2");
    b.connection = 2;
    b.open(QStringLiteral("ocpp2.0.1"), 1);
    b.call(true, QStringLiteral("1"), QStringLiteral("Heartbeat"));
    b.result(false, QStringLiteral("1"), QStringLiteral("Heartbeat"));
    QList<CaptureRecord> out;
    for (const auto &s : b.records)
        out.append(s.record);
    out[3].data = QByteArray("\xff\xfe not utf-8", 13); // bytes that must survive export and import
    return out;
}

} // namespace

class TestCaptureCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void usage();
    void exportImportLint();
    void lintJson();
    void lintCleanSelectionExitsZero();
    void refusals_data();
    void refusals();

private:
    QTemporaryDir m_dir;
    QString m_db;
};

void TestCaptureCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_db = m_dir.filePath(QStringLiteral("capture.sqlite"));
    CaptureWriter w;
    QVERIFY(w.open(m_db));
    w.append(capture());
    QVERIFY(w.close());
}

void TestCaptureCli::usage()
{
    const Run r = cli({});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.err.contains("export"));
    QVERIFY(r.err.contains("lint"));
    QCOMPARE(cli({QStringLiteral("frobnicate")}).exitCode, 2);
}

void TestCaptureCli::exportImportLint()
{
    const QString file = m_dir.filePath(QStringLiteral("all.jsonl"));
    Run r = cli({QStringLiteral("export"), QStringLiteral("--db"), m_db, QStringLiteral("--out"), file});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.err.contains("Exported 12 record(s)"));

    // Export to standard output gives the same lines.
    r = cli({QStringLiteral("export"), QStringLiteral("--db"), m_db});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out.count('\n'), 13);

    const QString copy = m_dir.filePath(QStringLiteral("copy.sqlite"));
    r = cli({QStringLiteral("import"), file, QStringLiteral("--db"), copy});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.err.contains("Imported 12 record(s)"));

    // The imported database exports to the same records (ids aside: the copy numbers them anew,
    // and so do both exports here since the copy started empty).
    const QString again = m_dir.filePath(QStringLiteral("again.jsonl"));
    QCOMPARE(cli({QStringLiteral("export"), QStringLiteral("--db"), copy, QStringLiteral("--out"), again}).exitCode, 0);
    QFile a(file), b(again);
    QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
    const QList<QByteArray> la = a.readAll().split('\n'), lb = b.readAll().split('\n');
    QCOMPARE(la.size(), lb.size());
    for (int i = 1; i < la.size(); ++i)
        QCOMPARE(lb[i], la[i]);
    QVERIFY(la[4].contains("\"dataBase64\""));

    // Lint the file and the database: the same findings, exit 1, human text.
    for (const QStringList &input : {QStringList{file}, QStringList{QStringLiteral("--db"), m_db}}) {
        r = cli(QStringList{QStringLiteral("lint")} + input);
        QCOMPARE(r.exitCode, 1);
        const QString text = QString::fromUtf8(r.out);
        QVERIFY2(text.contains(QLatin1String("error reply-without-call  station CP1, connection 1, frame 4,")),
                 qPrintable(text));
        QVERIFY(text.contains(QLatin1String("error duplicate-message-id  station CP1, connection 1, frames 7, 5,")));
        QVERIFY(text.contains(QLatin1String("2 finding(s) in 12 record(s) of 2 station(s).")));
        QVERIFY(text.contains(QLatin1String("CP2: no findings")));
    }
}

void TestCaptureCli::lintJson()
{
    const Run r = cli({QStringLiteral("lint"), QStringLiteral("--db"), m_db, QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 1);
    QJsonParseError pe;
    const QJsonObject o = QJsonDocument::fromJson(r.out, &pe).object();
    QCOMPARE(pe.error, QJsonParseError::NoError);
    QCOMPARE(o.value(QLatin1String("records")).toInt(), 12);
    const QJsonArray f = o.value(QLatin1String("findings")).toArray();
    QCOMPARE(f.size(), 2);
    QCOMPARE(f.at(0).toObject().value(QLatin1String("rule")).toString(), QStringLiteral("reply-without-call"));
    QCOMPARE(f.at(0).toObject().value(QLatin1String("frameIds")).toArray(), (QJsonArray{4}));
    QCOMPARE(f.at(1).toObject().value(QLatin1String("station")).toString(), QStringLiteral("CP1"));
    QCOMPARE(o.value(QLatin1String("summary")).toObject().value(QLatin1String("CP1")).toObject().size(), 2);
}

void TestCaptureCli::lintCleanSelectionExitsZero()
{
    Run r = cli({QStringLiteral("lint"), QStringLiteral("--db"), m_db, QStringLiteral("--station"), QStringLiteral("CP2")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("0 finding(s) in 3 record(s) of 1 station(s)."));

    // Standard input, with a selection by connection.
    const Run exported = cli({QStringLiteral("export"), QStringLiteral("--db"), m_db, QStringLiteral("--connection"),
                              QStringLiteral("2")});
    QCOMPARE(exported.exitCode, 0);
    r = cli({QStringLiteral("lint"), QStringLiteral("-")}, exported.out);
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("0 finding(s) in 3 record(s)"));

    // A time range that ends before the duplicate: only the orphan reply remains.
    r = cli({QStringLiteral("lint"), QStringLiteral("--db"), m_db, QStringLiteral("--to"),
             QStringLiteral("2023-11-14T22:13:21.500")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains("1 finding(s)"), r.out.constData());
}

void TestCaptureCli::refusals_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    const QString missing = QStringLiteral("/nonexistent/x.sqlite");
    QTest::newRow("lint without input") << QStringList{QStringLiteral("lint")} << 2 << QStringLiteral("either one JSON lines file or --db");
    QTest::newRow("lint missing db") << QStringList{QStringLiteral("lint"), QStringLiteral("--db"), missing} << 1
                                     << QStringLiteral("does not exist");
    QTest::newRow("export missing db") << QStringList{QStringLiteral("export"), QStringLiteral("--db"), missing} << 1
                                       << QStringLiteral("does not exist");
    QTest::newRow("bad timeout") << QStringList{QStringLiteral("lint"), QStringLiteral("x.jsonl"), QStringLiteral("--timeout"),
                                                QStringLiteral("soon")}
                                 << 2 << QStringLiteral("--timeout needs a positive number");
    QTest::newRow("bad time") << QStringList{QStringLiteral("export"), QStringLiteral("--from"), QStringLiteral("yesterday")}
                              << 2 << QStringLiteral("ISO 8601");
    QTest::newRow("missing file") << QStringList{QStringLiteral("lint"), QStringLiteral("/nonexistent.jsonl")} << 1
                                  << QStringLiteral("Cannot read");
}

void TestCaptureCli::refusals()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const Run r = cli(args);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
}

QTEST_GUILESS_MAIN(TestCaptureCli)
#include "tst_capturecli.moc"
