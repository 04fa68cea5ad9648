// RapiCommandLine: what a technician types becomes the frame RapiClient sends, with the checksum
// computed here and checked against an independent XOR.
#include "serialcapture/rapicommandline.h"

#include <QTest>

using namespace cb;

namespace {
// The RAPI checksum, computed independently of the library: XOR of every byte before '^'.
QByteArray withChecksum(const QByteArray &body)
{
    quint8 x = 0;
    for (char c : body)
        x ^= quint8(c);
    return body + '^' + QByteArray::number(x, 16).rightJustified(2, '0').toUpper() + '\r';
}
} // namespace

class TestRapiCommandLine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesWhatIsTyped_data();
    void parsesWhatIsTyped();
    void refusesWhatCannotBeSent_data();
    void refusesWhatCannotBeSent();
};

void TestRapiCommandLine::parsesWhatIsTyped_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QByteArray>("frame");
    QTest::newRow("GS") << QStringLiteral("GS") << QByteArray("$GS^30\r");
    QTest::newRow("lower case") << QStringLiteral("gs") << QByteArray("$GS^30\r");
    QTest::newRow("leading $ and spaces") << QStringLiteral("  $GS  ") << QByteArray("$GS^30\r");
    QTest::newRow("typed checksum recomputed") << QStringLiteral("$GS^99") << QByteArray("$GS^30\r");
    QTest::newRow("parameter") << QStringLiteral("sc 16") << withChecksum("$SC 16");
    QTest::newRow("two parameters") << QStringLiteral("S1 23 12 1") << withChecksum("$S1 23 12 1");
    QTest::newRow("digit command") << QStringLiteral("G0") << withChecksum("$G0");
    QTest::newRow("colon inside a parameter") << QStringLiteral("SY 12:30") << withChecksum("$SY 12:30");
}

void TestRapiCommandLine::parsesWhatIsTyped()
{
    QFETCH(QString, typed);
    QFETCH(QByteArray, frame);
    const auto line = RapiCommandLine::parse(typed);
    QVERIFY2(line.ok(), qPrintable(line.ok() ? QString() : line.error().text()));
    QCOMPARE(line.value().frame(), frame);
    QCOMPARE(withChecksum(line.value().frame().chopped(4)), frame); // the library's XOR agrees
}

void TestRapiCommandLine::refusesWhatCannotBeSent_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("says");
    QTest::newRow("empty") << QString() << QStringLiteral("Type a RAPI command");
    QTest::newRow("only $") << QStringLiteral("$") << QStringLiteral("Type a RAPI command");
    QTest::newRow("one letter") << QStringLiteral("G") << QStringLiteral("is not a RAPI command");
    QTest::newRow("three letters") << QStringLiteral("GSX") << QStringLiteral("is not a RAPI command");
    QTest::newRow("digit first") << QStringLiteral("1S") << QStringLiteral("is not a RAPI command");
    QTest::newRow("dollar in a parameter") << QStringLiteral("SC 1$6") << QStringLiteral("cannot be sent");
    QTest::newRow("caret in a parameter") << QStringLiteral("SC 1^6 2") << QStringLiteral("cannot be sent");
    QTest::newRow("sequence id typed") << QStringLiteral("GS :05") << QStringLiteral("cannot be sent");
    QTest::newRow("non-ASCII") << QStringLiteral("SC 1\u00e96") << QStringLiteral("cannot be sent");
}

void TestRapiCommandLine::refusesWhatCannotBeSent()
{
    QFETCH(QString, typed);
    QFETCH(QString, says);
    const auto line = RapiCommandLine::parse(typed);
    QVERIFY(!line.ok());
    QVERIFY2(line.error().message.contains(says), qPrintable(line.error().message));
    QVERIFY(!line.error().hint.isEmpty()); // and what to do instead
}

QTEST_GUILESS_MAIN(TestRapiCommandLine)
#include "tst_rapicommandline.moc"
