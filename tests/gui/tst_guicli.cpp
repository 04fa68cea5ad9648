// `chargebench` as started from a terminal: --help and --version answer without a display (over
// SSH, in CI), and an unknown --tab is refused with the valid names instead of being ignored.
#include <QDir>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTest>

class TestGuiCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void textWithoutDisplay_data();
    void textWithoutDisplay();
    void unknownTabIsRefused();

private:
    struct Run
    {
        int exitCode = -1;
        QProcess::ExitStatus status = QProcess::CrashExit;
        QString out;
        QString err;
    };
    static Run run(const QStringList &args, const QProcessEnvironment &env)
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(CHARGEBENCH_GUI), args);
        Run r;
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished();
            return r;
        }
        r.exitCode = p.exitCode();
        r.status = p.exitStatus();
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }
};

void TestGuiCli::textWithoutDisplay_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("expected");
    QTest::newRow("--help") << QStringLiteral("--help") << QStringLiteral("--tab <name>");
    QTest::newRow("-h") << QStringLiteral("-h") << QStringLiteral("--screenshot <file>");
    QTest::newRow("--version") << QStringLiteral("--version") << QStringLiteral("ChargeBench " CHARGEBENCH_TEST_VERSION);
}

void TestGuiCli::textWithoutDisplay()
{
    QFETCH(QString, option);
    QFETCH(QString, expected);
    // As on a server without X or Wayland: no display, no platform override.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        env.remove(QLatin1String(name));
    const Run r = run({option}, env);
    QCOMPARE(r.status, QProcess::NormalExit);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(expected), qPrintable(r.out + r.err));
}

void TestGuiCli::unknownTabIsRefused()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    // A settings folder of its own: the window reads the settings before the tab is checked.
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), QDir::tempPath() + QStringLiteral("/tst_guicli-config"));
    const Run r = run({QStringLiteral("--tab"), QStringLiteral("bogus")}, env);
    QCOMPARE(r.status, QProcess::NormalExit);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QStringLiteral("bogus")), qPrintable(r.err));
    for (const char *tab : {"overview", "device model", "connectors", "traffic"})
        QVERIFY2(r.err.contains(QLatin1String(tab)), qPrintable(r.err));
}

QTEST_GUILESS_MAIN(TestGuiCli)
#include "tst_guicli.moc"
