// Sequence diagram exports: a PNG that loads as an image of the diagram's size, and an SVG that
// parses as XML and carries the lanes and the arrow labels (action and reply status).
#include "inspection/capturequery.h"
#include "storage/database.h"
#include "traffic/sequencediagram.h"
#include "trafficfixture.h"

#include <QFile>
#include <QImage>
#include <QTest>
#include <QXmlStreamReader>

using namespace cb;

class TestSequenceDiagram : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void replyStatus_data();
    void replyStatus();
    void exportsPngAndSvg();
    void emptySelection();

private:
    test::TrafficFixture m_fx;
    QList<StoredCaptureRecord> m_read;
};

void TestSequenceDiagram::initTestCase()
{
    QVERIFY(m_fx.dir.isValid());
    m_fx.buildScenario(2);
    QVERIFY(m_fx.write());
    Database db;
    QVERIFY(db.open(m_fx.path()));
    auto all = CaptureQuery(db).all({});
    QVERIFY(all);
    m_read = all.value(); // as stored and read back, like the view gets them
    QCOMPARE(m_read.size(), m_fx.records.size());
}

void TestSequenceDiagram::replyStatus_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("status");
    QTest::newRow("status") << QByteArray(R"({"status":"Rejected"})") << QStringLiteral("Rejected");
    QTest::newRow("1.6 idTagInfo") << QByteArray(R"({"idTagInfo":{"status":"Blocked"}})") << QStringLiteral("Blocked");
    QTest::newRow("2.x idTokenInfo") << QByteArray(R"({"idTokenInfo":{"status":"Invalid"}})") << QStringLiteral("Invalid");
    QTest::newRow("none") << QByteArray(R"({"currentTime":"2023-11-14T22:13:20Z"})") << QString();
}

void TestSequenceDiagram::replyStatus()
{
    QFETCH(QByteArray, payload);
    QFETCH(QString, status);
    QCOMPARE(SequenceDiagram::replyStatus(QJsonDocument::fromJson(payload).object()), status);
}

void TestSequenceDiagram::exportsPngAndSvg()
{
    const SequenceDiagram d = SequenceDiagram::fromRecords(m_read);
    QCOMPARE(d.stepCount(), int(m_read.size()));
    const QString png = m_fx.dir.filePath(QStringLiteral("seq.png"));
    const QString svg = m_fx.dir.filePath(QStringLiteral("seq.svg"));
    QVERIFY(d.savePng(png));
    QVERIFY(d.saveSvg(svg));
    // For looking at it: CHARGEBENCH_SCREENSHOT_DIR keeps a copy (as the other view tests do).
    if (const QString keep = qEnvironmentVariable("CHARGEBENCH_SCREENSHOT_DIR"); !keep.isEmpty()) {
        QVERIFY(d.savePng(keep + QStringLiteral("/sequence.png")));
        QVERIFY(d.saveSvg(keep + QStringLiteral("/sequence.svg")));
    }

    QImage image;
    QVERIFY(image.load(png, "PNG"));
    QCOMPARE(image.size(), d.size());
    // Not a blank page: arrows and text left dark pixels.
    int dark = 0;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2)
            dark += qGray(image.pixel(x, y)) < 128 ? 1 : 0;
    QVERIFY2(dark > 200, qPrintable(QString::number(dark)));

    QFile f(svg);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&f);
    QStringList texts;
    int lines = 0, arrowheads = 0;
    QString rootName;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (rootName.isEmpty())
            rootName = xml.name().toString();
        if (xml.name() == QLatin1String("text"))
            texts << xml.readElementText();
        else if (xml.name() == QLatin1String("line"))
            ++lines;
        else if (xml.name() == QLatin1String("polygon"))
            ++arrowheads;
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(rootName, QStringLiteral("svg"));
    for (const QString &expected : {QStringLiteral("CP-1"), QStringLiteral("CP-2"), QStringLiteral("CSMS"), QStringLiteral("BootNotification"),
                                    QStringLiteral("BootNotification: Accepted"), QStringLiteral("Authorize: Accepted"),
                                    QStringLiteral("Reset: CALLERROR NotSupported"), QStringLiteral("connected")})
        QVERIFY2(texts.contains(expected), qPrintable(expected));
    const int frames = int(std::count_if(m_read.cbegin(), m_read.cend(),
                                         [](const StoredCaptureRecord &r) { return r.record.kind == CaptureRecord::Kind::Frame; }));
    QCOMPARE(arrowheads, frames);
    QCOMPARE(lines, frames + 3); // one per arrow, one lifeline per lane
    QCOMPARE(d.labels().size(), texts.size());
}

void TestSequenceDiagram::emptySelection()
{
    const SequenceDiagram d = SequenceDiagram::fromRecords({});
    QCOMPARE(d.stepCount(), 0);
    QCOMPARE(d.lanes(), QStringList{});
    QXmlStreamReader xml(d.toSvg());
    while (!xml.atEnd())
        xml.readNext();
    QVERIFY(!xml.hasError());
}

QTEST_MAIN(TestSequenceDiagram)
#include "tst_sequencediagram.moc"
