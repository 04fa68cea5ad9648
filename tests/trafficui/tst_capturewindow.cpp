// File > Open capture: a ChargeBench database opens directly; a pcap file (crafted with the test
// support's PcapWriter, TCP + WebSocket as on the wire) and a JSON lines export are imported on a
// worker with progress into a temporary database and then listed; a large import can be cancelled;
// a file that is no capture says so.
#include "capturebrowse/captureimportjob.h"
#include "capturebrowse/capturesession.h"
#include "inspection/capturetransfer.h"
#include "pcapwriter.h"
#include "storage/database.h"
#include "traffic/capturetablemodel.h"
#include "traffic/captureview.h"
#include "traffic/capturewindow.h"
#include "trafficfixture.h"

#include <QFile>
#include <QProgressBar>
#include <QSignalSpy>
#include <QTest>

using namespace cb;

class TestCaptureWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void opensDatabaseDirectly();
    void importsPcapWithProgress();
    void importsJsonLines();
    void cancelsLargeImport();
    void refusesOtherFiles();

private:
    static QByteArray pcap(int heartbeats);
    static QString write(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes);
    QTemporaryDir m_dir;
};

QByteArray TestCaptureWindow::pcap(int heartbeats)
{
    QByteArray bytes;
    PcapWriter w(&bytes);
    TcpFlow a(w, QHostAddress(QStringLiteral("10.0.0.5")), 50000, QHostAddress(QStringLiteral("10.0.0.1")), 9000);
    a.upgrade(QStringLiteral("CS-A"), QStringLiteral("ocpp1.6"));
    a.send(true, wsFrame(1, QByteArrayLiteral(R"([2,"b","BootNotification",{"chargePointVendor":"Acme","chargePointModel":"X"}])"), true, true));
    a.send(false, wsFrame(1, QByteArrayLiteral(R"([3,"b",{"status":"Accepted","interval":60,"currentTime":"2026-01-01T00:00:00Z"}])")));
    const QByteArray pad(200, 'p'); // bigger frames: a large file with fewer of them
    for (int i = 0; i < heartbeats; ++i) {
        const QByteArray id = QByteArray::number(i);
        a.send(true, wsFrame(1, R"([2,")" + id + R"(","DataTransfer",{"vendorId":"acme","data":")" + pad + R"("}])", true, true));
        a.send(false, wsFrame(1, R"([3,")" + id + R"(",{"status":"Accepted"}])"));
    }
    TcpFlow tls(w, QHostAddress(QStringLiteral("10.0.0.6")), 50001, QHostAddress(QStringLiteral("10.0.0.1")), 443);
    tls.handshake();
    tls.send(true, QByteArray::fromHex("16030100a5010000a10303") + QByteArray(100, '\x11'));
    return bytes;
}

QString TestCaptureWindow::write(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    QFile f(dir.filePath(name));
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(f.fileName()));
    return f.fileName();
}

void TestCaptureWindow::opensDatabaseDirectly()
{
    test::TrafficFixture fx;
    fx.buildScenario(3);
    QVERIFY(fx.write());
    CaptureWindow window;
    QSignalSpy finished(window.view()->model(), &CaptureTableModel::listingFinished);
    // Watched from the start: the lint may finish before the listing does.
    QSignalSpy linted(window.view()->session(), &CaptureSession::lintFinished);
    window.openFile(fx.path());
    QVERIFY(finished.wait(10000));
    QCOMPARE(window.view()->model()->rowCount(), fx.records.size());
    QCOMPARE(window.view()->databasePath(), fx.path());
    QVERIFY(window.windowTitle().contains(QStringLiteral("capture.sqlite")));
    // Opened to be inspected: the lint runs by itself.
    QTRY_VERIFY_WITH_TIMEOUT(!linted.isEmpty(), 20000);
}

void TestCaptureWindow::importsPcapWithProgress()
{
    QVERIFY(m_dir.isValid());
    const QString file = write(m_dir, QStringLiteral("small.pcap"), pcap(1500));
    CaptureWindow window;
    window.show();
    auto *job = window.findChild<CaptureImportJob *>();
    QVERIFY(job);
    QSignalSpy progress(job, &CaptureImportJob::progress);
    QSignalSpy done(&window, &CaptureWindow::importFinished);
    QSignalSpy opened(&window, &CaptureWindow::databaseOpened);
    window.openFile(file);
    QVERIFY(window.isImporting());
    QVERIFY(window.progressBar()->isVisible());
    QVERIFY(done.wait(60000));
    QCOMPARE(done.constFirst().at(0).toBool(), true);
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.constLast().at(0).toLongLong(), progress.constLast().at(1).toLongLong()); // read to the end
    QVERIFY(!window.progressBar()->isVisible());
    QVERIFY2(window.summary().contains(QStringLiteral("1 encrypted")), qPrintable(window.summary()));
    QCOMPARE(opened.size(), 1);
    // The imported frames are listed: open + 2 boot frames + 3000 + close.
    CaptureTableModel *model = window.view()->model();
    QTRY_VERIFY_WITH_TIMEOUT(!model->isListing() && model->rowCount() >= 3002, 10000);
    FrameViewFilter f;
    f.action = QStringLiteral("BootNotification");
    QSignalSpy listed(model, &CaptureTableModel::listingFinished);
    window.view()->setFilter(f);
    QVERIFY(listed.wait(5000));
    QCOMPARE(model->rowCount(), 2);
    model->data(model->index(1, 0));
    QTRY_VERIFY(model->rowAt(1));
    QCOMPARE(model->rowAt(1)->stationId, QStringLiteral("CS-A"));
    QCOMPARE(model->rowAt(1)->pairId, model->idAt(0));
}

void TestCaptureWindow::importsJsonLines()
{
    test::TrafficFixture fx;
    fx.buildScenario(4);
    QVERIFY(fx.write());
    const QString file = m_dir.filePath(QStringLiteral("export.jsonl"));
    {
        Database db;
        QVERIFY(db.open(fx.path()));
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        QVERIFY(CaptureTransfer::exportJsonl(db, {}, out));
    }
    CaptureWindow window;
    QSignalSpy done(&window, &CaptureWindow::importFinished);
    window.openFile(file);
    QVERIFY(done.wait(30000));
    QVERIFY2(done.constFirst().at(0).toBool(), qPrintable(done.constFirst().at(2).toString()));
    CaptureTableModel *model = window.view()->model();
    QTRY_VERIFY_WITH_TIMEOUT(!model->isListing() && model->rowCount() == fx.records.size(), 10000);
}

void TestCaptureWindow::cancelsLargeImport()
{
    // Tens of megabytes: the importer reports progress every 256 KiB, and the cancel below comes
    // at the first report, long before the end.
    const QString file = write(m_dir, QStringLiteral("large.pcap"), pcap(20000));
    CaptureWindow window;
    auto *job = window.findChild<CaptureImportJob *>();
    QSignalSpy done(&window, &CaptureWindow::importFinished);
    QSignalSpy opened(&window, &CaptureWindow::databaseOpened);
    connect(job, &CaptureImportJob::progress, &window, [&window](qint64 readBytes, qint64 total) {
        if (readBytes < total)
            window.cancelImport();
    });
    window.openFile(file);
    QVERIFY(done.wait(120000));
    QCOMPARE(done.constFirst().at(0).toBool(), false); // not a usable, complete import
    QCOMPARE(done.constFirst().at(1).toBool(), true); // cancelled
    QVERIFY(window.summary().contains(QStringLiteral("cancelled")));
    QCOMPARE(opened.size(), 0);
    QVERIFY(!window.isImporting());
    QVERIFY(!window.progressBar()->isVisible());
}

void TestCaptureWindow::refusesOtherFiles()
{
    const QString file = write(m_dir, QStringLiteral("notes.txt"), QByteArrayLiteral("hello, not a capture\n"));
    CaptureWindow window;
    QSignalSpy done(&window, &CaptureWindow::importFinished);
    window.openFile(file);
    QCOMPARE(done.size(), 1);
    QCOMPARE(done.constFirst().at(0).toBool(), false);
    QVERIFY(done.constFirst().at(2).toString().contains(QStringLiteral("not a capture")));
    QVERIFY(!window.isImporting());
}

QTEST_MAIN(TestCaptureWindow)
#include "tst_capturewindow.moc"
