// chargebench-cli capture import with a pcap file: the real executable writes a real SQLite
// database, which is read back through the storage repositories.
#include "pcapwriter.h"
#include "storage/database.h"
#include "storage/framerepository.h"
#include "storage/stationrepository.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace cb;

class TestCaptureImportCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void importsIntoTheDatabase();
    void truncatedFileFailsAfterImportingWhatItCould();
};

namespace {

QByteArray twoStationCapture()
{
    QByteArray bytes;
    PcapWriter w(&bytes);
    TcpFlow a(w, QHostAddress(QStringLiteral("10.0.0.5")), 50000, QHostAddress(QStringLiteral("10.0.0.1")), 9000);
    a.upgrade(QStringLiteral("CS-A"), QStringLiteral("ocpp2.0.1"));
    a.send(true, wsFrame(1, QByteArrayLiteral(R"([2,"1","Heartbeat",{}])"), true, true));
    a.send(false, wsFrame(1, QByteArrayLiteral(R"([3,"1",{"currentTime":"2026-01-01T00:00:00Z"}])")));
    a.send(true, wsFrame(1, QByteArrayLiteral(R"([2,"2","BootNotification",{}])"), true, true)); // breaks the schema
    TcpFlow tls(w, QHostAddress(QStringLiteral("10.0.0.6")), 50001, QHostAddress(QStringLiteral("10.0.0.1")), 443);
    tls.handshake();
    tls.send(true, QByteArray::fromHex("16030100a5010000a10303") + QByteArray(100, '\x11'));
    TcpFlow b(w, QHostAddress(QStringLiteral("10.0.0.7")), 50002, QHostAddress(QStringLiteral("10.0.0.1")), 9000);
    b.upgrade(QStringLiteral("CS-B"), QStringLiteral("ocpp1.6"));
    b.send(true, wsFrame(1, QByteArrayLiteral(R"([2,"9","Heartbeat",{}])"), true, true));
    return bytes;
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    QFile f(dir.filePath(name));
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(f.fileName()));
    return f.fileName();
}

struct Run
{
    int exitCode = -1;
    QString out, err;
};

Run runCli(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(CHARGEBENCH_CLI), args);
    Run r;
    if (!p.waitForFinished(60000))
        return r;
    r.exitCode = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace

void TestCaptureImportCli::importsIntoTheDatabase()
{
    QTemporaryDir dir;
    const QString pcap = writeFile(dir, QStringLiteral("two.pcap"), twoStationCapture());
    const QString db = dir.filePath(QStringLiteral("capture.db"));
    const Run run = runCli({QStringLiteral("capture"), QStringLiteral("import"), pcap, QStringLiteral("--db"), db});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.contains(QStringLiteral("2 connections, 4 frames, 1 problems, 1 encrypted connections skipped")),
             qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("10.0.0.6:50001 -> 10.0.0.1:443: TLS: no keys")), qPrintable(run.out));

    // A second import of the same file gets new connection ids.
    const Run again = runCli({QStringLiteral("capture"), QStringLiteral("import"), pcap, QStringLiteral("--db"), db});
    QCOMPARE(again.exitCode, 0);

    Database database;
    QVERIFY(database.open(db).ok());
    FrameRepository frames(database);
    FrameFilter filter;
    filter.limit = 1000;
    const auto rows = frames.frames(filter);
    QVERIFY(rows.ok());
    // Per import: 2 opened, 4 frames, 2 closed (the capture ended with both open).
    QCOMPARE(rows.value().size(), 16);
    QSet<qint64> connections;
    int problems = 0;
    for (const auto &row : rows.value()) {
        connections.insert(row.record.connectionId);
        problems += row.record.problem.isEmpty() ? 0 : 1;
    }
    QCOMPARE(connections.size(), 4);
    QCOMPARE(problems, 2);
    const CaptureRecord &reply = rows.value().at(2).record;
    QCOMPARE(reply.kind, CaptureRecord::Kind::Frame);
    QCOMPARE(reply.outgoing, true);
    QCOMPARE(reply.action, QStringLiteral("Heartbeat"));
    QCOMPARE(reply.messageType, 3);

    StationRepository stations(database);
    const auto a = stations.get(QStringLiteral("CS-A"));
    QVERIFY(a.ok() && a.value().has_value());
    QCOMPARE(a.value()->ocppVersion, QStringLiteral("2.0.1"));
    QCOMPARE(a.value()->remoteAddress, QStringLiteral("10.0.0.5:50000"));
    const auto b = stations.get(QStringLiteral("CS-B"));
    QVERIFY(b.ok() && b.value().has_value());
    QCOMPARE(b.value()->ocppVersion, QStringLiteral("1.6"));
}

void TestCaptureImportCli::truncatedFileFailsAfterImportingWhatItCould()
{
    QTemporaryDir dir;
    QByteArray bytes = twoStationCapture();
    bytes.chop(30);
    const QString pcap = writeFile(dir, QStringLiteral("cut.pcap"), bytes);
    const QString db = dir.filePath(QStringLiteral("capture.db"));
    const Run run = runCli({QStringLiteral("capture"), QStringLiteral("import"), pcap, QStringLiteral("--db"), db});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("truncated")), qPrintable(run.err));
    QVERIFY2(run.out.contains(QStringLiteral("3 frames")), qPrintable(run.out));

    const Run garbage = runCli({QStringLiteral("capture"), QStringLiteral("import"),
                                writeFile(dir, QStringLiteral("g.pcap"), QByteArray("\xd4\xc3\xb2\xa1", 4) + "junk"),
                                QStringLiteral("--db"), db});
    QCOMPARE(garbage.exitCode, 1);
    QVERIFY2(garbage.err.contains(QStringLiteral("cannot be read as a capture")), qPrintable(garbage.err));
}

QTEST_GUILESS_MAIN(TestCaptureImportCli)
#include "tst_captureimportcli.moc"
