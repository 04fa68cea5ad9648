// The keychain through QtKeychain against a real gnome-keyring (run by with-keyring.sh).
#include "secrets/secretstore.h"

#include <QProcess>
#include <QTest>

using namespace cb;

namespace {
template<typename T>
T wait(const std::function<void(std::function<void(T)>)> &start)
{
    std::optional<T> result;
    start([&](T r) { result = std::move(r); });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 20000))
        qFatal("keychain did not answer within 20 s");
    return std::move(*result);
}
} // namespace

class TestSecretStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void writeReadRemove();
    void missingEntryIsNotAnError();
    void cliStoresPasswordInKeychain();
    void noKeychainIsAClearError();
};

void TestSecretStore::writeReadRemove()
{
    SecretStore store(QStringLiteral("ChargeBench-test"));
    const QString key = SecretStore::stationPasswordKey(QStringLiteral("CP 1"));
    const QByteArray secret("p\xc3\xa4ssword-with-\x01-bytes", 22);
    auto w = wait<Status<>>([&](auto done) { store.write(key, secret, done); });
    QVERIFY2(w.ok(), qPrintable(w.ok() ? QString() : w.error().text()));
    auto r = wait<Result<std::optional<QByteArray>>>([&](auto done) { store.read(key, done); });
    QVERIFY(r.ok());
    QCOMPARE(r.value().value_or(QByteArray()), secret);
    QVERIFY(wait<Status<>>([&](auto done) { store.remove(key, done); }).ok());
    r = wait<Result<std::optional<QByteArray>>>([&](auto done) { store.read(key, done); });
    QVERIFY(r.ok());
    QVERIFY(!r.value().has_value());
}

void TestSecretStore::missingEntryIsNotAnError()
{
    SecretStore store(QStringLiteral("ChargeBench-test"));
    auto r = wait<Result<std::optional<QByteArray>>>([&](auto done) { store.read(QStringLiteral("never/written"), done); });
    QVERIFY(r.ok());
    QVERIFY(!r.value().has_value());
    // Removing what is not there succeeds too.
    QVERIFY(wait<Status<>>([&](auto done) { store.remove(QStringLiteral("never/written"), done); }).ok());
}

void TestSecretStore::cliStoresPasswordInKeychain()
{
    QProcess cli;
    cli.start(QStringLiteral(CHARGEBENCH_CLI), {QStringLiteral("station"), QStringLiteral("set-password"), QStringLiteral("CP-cli")});
    cli.write("0123456789abcdef\n");
    cli.closeWriteChannel();
    QVERIFY(cli.waitForFinished(30000));
    QCOMPARE(cli.exitCode(), 0);
    SecretStore store; // the CLI's service name
    auto r = wait<Result<std::optional<QByteArray>>>(
        [&](auto done) { store.read(SecretStore::stationPasswordKey(QStringLiteral("CP-cli")), done); });
    QVERIFY(r.ok());
    QCOMPARE(r.value().value_or(QByteArray()), QByteArray("0123456789abcdef"));
}

void TestSecretStore::noKeychainIsAClearError()
{
    // A session without a reachable Secret Service: the CLI must fail with a message that says
    // what to do, and store nothing anywhere else.
    QProcess cli;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/nonexistent/chargebench-bus"));
    cli.setProcessEnvironment(env);
    cli.start(QStringLiteral(CHARGEBENCH_CLI), {QStringLiteral("station"), QStringLiteral("set-password"), QStringLiteral("CP-x")});
    cli.write("0123456789abcdef\n");
    cli.closeWriteChannel();
    QVERIFY(cli.waitForFinished(60000));
    QCOMPARE(cli.exitCode(), 1);
    const QString err = QString::fromUtf8(cli.readAllStandardError());
    QVERIFY2(err.contains(QStringLiteral("keychain")), qPrintable(err));
}

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
