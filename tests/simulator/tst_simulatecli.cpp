// `chargebench-cli simulate` and `chargebench-cli serve --demo` as people run them: real
// processes, a real server, stopped with SIGINT/SIGTERM.
#include "simbench.h"

#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace cb;
using namespace cb::test;

class TestSimulateCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void simulateCountStationsUntilSigint();
    void simulateExplainsMistakes();
    void serveDemoRunsThreeVersions();
};

void TestSimulateCli::simulateCountStationsUntilSigint()
{
    SimBench b;
    QVERIFY(b.start());
    b.registry.policy().heartbeatIntervalS = 30;
    QSignalSpy closed(&b.server, &CsmsServer::connectionClosed);
    QProcess p;
    p.start(QStringLiteral(CHARGEBENCH_CLI),
            {QStringLiteral("simulate"), QStringLiteral("--url"), b.url().toString(), QStringLiteral("--id"), QStringLiteral("CLI"),
             QStringLiteral("--ocpp"), QStringLiteral("2.0.1"), QStringLiteral("--count"), QStringLiteral("3"), QStringLiteral("--connectors"),
             QStringLiteral("2"), QStringLiteral("--speed"), QStringLiteral("20"), QStringLiteral("--meter-interval"), QStringLiteral("1"),
             QStringLiteral("--charge")});
    QVERIFY(p.waitForStarted());
    const QStringList ids{QStringLiteral("CLI-0001"), QStringLiteral("CLI-0002"), QStringLiteral("CLI-0003")};
    // All three boot, report their two EVSEs and start charging.
    QVERIFY(QTest::qWaitFor([&] {
        for (const QString &id : ids) {
            StationSession *s = b.session(id);
            if (!s || s->state().registrationStatus != QLatin1String("Accepted") || s->state().transactions.isEmpty())
                return false;
        }
        return true;
    }, 30000));
    for (const QString &id : ids)
        QVERIFY(b.waitFor(id, QStringLiteral("TransactionEvent"), 4));

    ::kill(pid_t(p.processId()), SIGINT);
    QVERIFY(p.waitForFinished(15000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 0);
    const QString output = QString::fromUtf8(p.readAllStandardOutput());
    for (const QString &id : ids)
        QVERIFY2(output.contains(QLatin1Char('[') + id + QStringLiteral("] registered")), qPrintable(output.left(2000)));
    QVERIFY(output.contains(QStringLiteral("Stopped.")));
    // Each station said goodbye with a normal close.
    QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 3, 10000);
    for (const auto &c : closed)
        QCOMPARE(c.at(1).toInt(), 1000);
    QCOMPARE(b.badFrames(), QStringList());
}

void TestSimulateCli::simulateExplainsMistakes()
{
    struct Case
    {
        QStringList args;
        QString says;
    };
    const QList<Case> cases{
        {{QStringLiteral("--id"), QStringLiteral("A")}, QStringLiteral("--url")},
        {{QStringLiteral("--url"), QStringLiteral("ws://localhost:9/ocpp"), QStringLiteral("--id"), QStringLiteral("A"), QStringLiteral("--ocpp"),
          QStringLiteral("3.0")},
         QStringLiteral("Unknown OCPP version")},
        {{QStringLiteral("--url"), QStringLiteral("ws://localhost:9/ocpp"), QStringLiteral("--id"), QStringLiteral("A"), QStringLiteral("--profile"),
          QStringLiteral("1")},
         QStringLiteral("16 to 40")},
        {{QStringLiteral("--url"), QStringLiteral("ws://localhost:9/ocpp"), QStringLiteral("--id"), QStringLiteral("A"), QStringLiteral("--profile"),
          QStringLiteral("2"), QStringLiteral("--password"), QStringLiteral("0123456789abcdef")},
         QStringLiteral("wss://")},
        {{QStringLiteral("--url"), QStringLiteral("wss://localhost:9/ocpp"), QStringLiteral("--id"), QStringLiteral("A"), QStringLiteral("--profile"),
          QStringLiteral("3"), QStringLiteral("--cert"), QStringLiteral("/nonexistent/cert.pem"), QStringLiteral("--key"), QStringLiteral("/nonexistent/key.pem")},
         QStringLiteral("/nonexistent/cert.pem")},
        {{QStringLiteral("--url"), QStringLiteral("ws://localhost:9/ocpp"), QStringLiteral("--id"), QStringLiteral("A"), QStringLiteral("--fault"),
          QStringLiteral("explode@1")},
         QStringLiteral("not a fault step")},
    };
    for (const Case &c : cases) {
        QProcess p;
        p.start(QStringLiteral(CHARGEBENCH_CLI), QStringList{QStringLiteral("simulate")} + c.args);
        QVERIFY(p.waitForFinished(15000));
        QVERIFY(p.exitCode() != 0);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains(c.says), qPrintable(c.says + QStringLiteral(" not in: ") + err));
    }
}

void TestSimulateCli::serveDemoRunsThreeVersions()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), dir.path());
    env.insert(QStringLiteral("XDG_DATA_HOME"), dir.path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.path());
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(CHARGEBENCH_CLI), {QStringLiteral("serve"), QStringLiteral("--demo"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                              QStringLiteral("--db"), dir.filePath(QStringLiteral("demo.db")), QStringLiteral("--heartbeat-interval"),
                                              QStringLiteral("5")});
    QString output;
    QVERIFY(QTest::qWaitFor([&] {
        output += QString::fromUtf8(p.readAllStandardOutput());
        return (output.contains(QStringLiteral("[DEMO-16] registered")) && output.contains(QStringLiteral("[DEMO-201] registered"))
                && output.contains(QStringLiteral("[DEMO-21] registered")))
               || p.state() == QProcess::NotRunning;
    }, 30000));
    QVERIFY2(p.state() == QProcess::Running, qPrintable(output + QString::fromUtf8(p.readAllStandardError())));
    // The demo stations go through the real server: their connectors are reported.
    QVERIFY(QTest::qWaitFor([&] {
        output += QString::fromUtf8(p.readAllStandardOutput());
        return output.count(QStringLiteral(": Available")) >= 6;
    }, 15000));
    ::kill(pid_t(p.processId()), SIGTERM);
    QVERIFY(p.waitForFinished(15000));
    QCOMPARE(p.exitCode(), 0);
    output += QString::fromUtf8(p.readAllStandardOutput());
    QVERIFY(output.contains(QStringLiteral("Stopped.")));
    // Refused: the demo stations have no credentials.
    QProcess bad;
    bad.setProcessEnvironment(env);
    bad.start(QStringLiteral(CHARGEBENCH_CLI), {QStringLiteral("serve"), QStringLiteral("--demo"), QStringLiteral("--profile"), QStringLiteral("1"),
                                                QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--db"),
                                                dir.filePath(QStringLiteral("demo2.db"))});
    QVERIFY(bad.waitForFinished(15000));
    QCOMPARE(bad.exitCode(), 2);
    QVERIFY(QString::fromUtf8(bad.readAllStandardError()).contains(QStringLiteral("--profile 0")));
}

QTEST_GUILESS_MAIN(TestSimulateCli)
#include "tst_simulatecli.moc"
