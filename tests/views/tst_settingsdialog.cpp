// SettingsDialog: inputs are checked before anything is taken (ports, addresses, TLS files that
// must exist), accepted values land in AppSettings, the restart notice appears only for server
// settings, and station passwords go to the real keychain (gnome-keyring under a private D-Bus)
// and nowhere else.
#include "secrets/secretstore.h"
#include "settings/settingsdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace cb;

namespace {

void screenshot(QWidget &w, const QString &name)
{
    const QString dir = qEnvironmentVariable("CHARGEBENCH_SCREENSHOTS");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    w.grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

template<typename W>
W *child(SettingsDialog &d, const char *name)
{
    W *w = d.findChild<W *>(QString::fromLatin1(name));
    if (!w)
        qWarning("no child %s", name);
    return w;
}

} // namespace

class TestSettingsDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void inputsAreCheckedBeforeTakingThem();
    void unchangedSettingsNeedNoRestart();
    void behaviourAndApiChangesLand();
    void passwordsGoToTheKeychainOnly();

private:
    QTemporaryDir m_dir;
};

void TestSettingsDialog::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("user")));
}

void TestSettingsDialog::inputsAreCheckedBeforeTakingThem()
{
    AppSettings settings;
    SettingsDialog d(settings);
    d.resize(640, 560);
    auto *port = child<QSpinBox>(d, "listenPort");
    QCOMPARE(port->minimum(), 1);
    QCOMPARE(port->maximum(), 65535);
    QCOMPARE(port->value(), 9000);
    auto *problems = child<QLabel>(d, "problemsLabel");
    QVERIFY(problems->text().isEmpty());
    QVERIFY(child<QLabel>(d, "restartNotice")->isHidden());

    // Profile 2 without certificate files: refused, in words, nothing taken.
    child<QComboBox>(d, "securityProfile")->setCurrentIndex(2);
    child<QLineEdit>(d, "certificateFile")->setText(m_dir.filePath(QStringLiteral("missing.pem")));
    child<QComboBox>(d, "listenAddress")->setCurrentText(QStringLiteral("not.an.address"));
    port->setValue(9443);
    QVERIFY(d.problems().join(QLatin1Char('\n')).contains(QStringLiteral("does not exist")));
    QVERIFY(d.problems().join(QLatin1Char('\n')).contains(QStringLiteral("private key")));
    QVERIFY(d.problems().join(QLatin1Char('\n')).contains(QStringLiteral("not an IP address")));
    QVERIFY(d.restartRequired());
    QVERIFY(!child<QLabel>(d, "restartNotice")->isHidden());
    d.accept();
    QVERIFY(d.result() != QDialog::Accepted);
    QVERIFY(problems->text().contains(QStringLiteral("missing.pem")));
    QCOMPARE(settings.listenPort(), quint16(9000));
    QCOMPARE(settings.securityProfile(), SecurityProfile::None);
    d.showTab(SettingsDialog::SecurityTab);
    screenshot(d, QStringLiteral("settings-security-problems"));

    // With the files in place and a real address it is taken.
    for (const char *name : {"server.pem", "server.key"}) {
        QFile f(m_dir.filePath(QString::fromLatin1(name)));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("-----BEGIN PLACEHOLDER-----\n");
    }
    child<QLineEdit>(d, "certificateFile")->setText(m_dir.filePath(QStringLiteral("server.pem")));
    child<QLineEdit>(d, "keyFile")->setText(m_dir.filePath(QStringLiteral("server.key")));
    child<QComboBox>(d, "listenAddress")->setCurrentText(QStringLiteral("127.0.0.1"));
    QVERIFY2(d.problems().isEmpty(), qPrintable(d.problems().join(QLatin1Char('\n'))));
    d.accept();
    QCOMPARE(d.result(), int(QDialog::Accepted));
    QVERIFY(d.restartRequired());
    QCOMPARE(settings.listenPort(), quint16(9443));
    QCOMPARE(settings.listenAddress(), QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(settings.securityProfile(), SecurityProfile::TlsBasicAuth);
    QCOMPARE(settings.tlsKeyFile(), m_dir.filePath(QStringLiteral("server.key")));
}

void TestSettingsDialog::unchangedSettingsNeedNoRestart()
{
    AppSettings settings;
    settings.setLastStation(QStringLiteral("KEEP-ME"));
    settings.setWindowState("state");
    SettingsDialog d(settings);
    QVERIFY(!d.restartRequired());
    d.accept();
    QCOMPARE(d.result(), int(QDialog::Accepted));
    QVERIFY(!d.restartRequired());
    QCOMPARE(settings.lastStation(), QStringLiteral("KEEP-ME")); // what the dialog does not show stays
    QCOMPARE(settings.windowState(), QByteArray("state"));
}

void TestSettingsDialog::behaviourAndApiChangesLand()
{
    AppSettings settings;
    SettingsDialog d(settings);
    d.resize(640, 560);
    child<QCheckBox>(d, "version16")->setChecked(false);
    child<QComboBox>(d, "bootStatus")->setCurrentText(QStringLiteral("Pending"));
    child<QSpinBox>(d, "heartbeatInterval")->setValue(120);
    child<QComboBox>(d, "authorizePolicy")->setCurrentIndex(1);
    QVERIFY(d.problems().join(QLatin1Char('\n')).contains(QStringLiteral("allow-list")));
    child<QPlainTextEdit>(d, "allowList")->setPlainText(QStringLiteral("TAG-1\nTAG-2, TAG-3\n\nTAG-1"));
    child<QCheckBox>(d, "apiEnabled")->setChecked(true);
    child<QSpinBox>(d, "apiPort")->setValue(9000);
    child<QComboBox>(d, "apiAddress")->setCurrentText(QStringLiteral("any"));
    QVERIFY(d.problems().join(QLatin1Char('\n')).contains(QStringLiteral("both use port 9000")));
    child<QSpinBox>(d, "apiPort")->setValue(9002);
    child<QSpinBox>(d, "retentionDays")->setValue(14);
    QVERIFY(!child<QCheckBox>(d, "keepSecretsInCapture")->isChecked()); // off unless asked for
    child<QCheckBox>(d, "keepSecretsInCapture")->setChecked(true);
    child<QLineEdit>(d, "databasePath")->setText(m_dir.filePath(QStringLiteral("no/folder/c.sqlite")));
    QVERIFY(d.problems().join(QLatin1Char('\n')).contains(QStringLiteral("does not exist")));
    child<QLineEdit>(d, "databasePath")->setText(m_dir.filePath(QStringLiteral("c.sqlite")));
    QVERIFY2(d.problems().isEmpty(), qPrintable(d.problems().join(QLatin1Char('\n'))));
    d.showTab(SettingsDialog::BehaviourTab);
    screenshot(d, QStringLiteral("settings-behaviour"));
    d.showTab(SettingsDialog::CaptureTab);
    screenshot(d, QStringLiteral("settings-capture-api"));
    d.showTab(SettingsDialog::ServerTab);
    screenshot(d, QStringLiteral("settings-server"));
    d.accept();
    QCOMPARE(d.result(), int(QDialog::Accepted));
    QCOMPARE(settings.enabledVersions(), (QList<OcppVersion>{OcppVersion::V21, OcppVersion::V201}));
    QCOMPARE(settings.bootStatus(), QStringLiteral("Pending"));
    QCOMPARE(settings.heartbeatIntervalS(), 120);
    QCOMPARE(settings.allowList(), (QStringList{QStringLiteral("TAG-1"), QStringLiteral("TAG-2"), QStringLiteral("TAG-3")}));
    QVERIFY(settings.apiEnabled());
    QCOMPARE(settings.apiPort(), quint16(9002));
    QCOMPARE(settings.apiAddress(), QHostAddress(QHostAddress::Any));
    QCOMPARE(settings.captureRetentionDays(), 14);
    QVERIFY(settings.keepSecretsInCapture());
}

void TestSettingsDialog::passwordsGoToTheKeychainOnly()
{
    AppSettings settings;
    SettingsDialog d(settings);
    d.resize(640, 560);
    QSignalSpy done(&d, &SettingsDialog::keychainFinished);
    auto *status = child<QLabel>(d, "keychainStatus");
    child<QComboBox>(d, "passwordIdentity")->setCurrentText(QStringLiteral("CP-PW"));
    child<QLineEdit>(d, "password")->setText(QStringLiteral("0123456789abcdef"));
    child<QPushButton>(d, "storePassword")->click();
    QVERIFY(done.wait(20000));
    QVERIFY2(done.last().at(0).toBool(), qPrintable(status->text()));
    QVERIFY(status->text().contains(QStringLiteral("CP-PW")));
    QVERIFY(child<QLineEdit>(d, "password")->text().isEmpty()); // not left lying in the field

    // It is in the keychain, under the key the server reads.
    SecretStore store;
    std::optional<Result<std::optional<QByteArray>>> read;
    store.read(SecretStore::stationPasswordKey(QStringLiteral("CP-PW")), [&](Result<std::optional<QByteArray>> r) { read = r; });
    QTRY_VERIFY_WITH_TIMEOUT(read.has_value(), 20000);
    QVERIFY(read->ok() && read->value().has_value());
    QCOMPARE(*read->value(), QByteArray("0123456789abcdef"));

    child<QPushButton>(d, "checkPassword")->click();
    QVERIFY(done.wait(20000));
    QVERIFY(status->text().contains(QStringLiteral("16 characters")));

    // A short one is stored but flagged.
    child<QLineEdit>(d, "password")->setText(QStringLiteral("short"));
    child<QPushButton>(d, "storePassword")->click();
    QVERIFY(done.wait(20000));
    QVERIFY(status->text().contains(QStringLiteral("16 to 40")));
    d.showTab(SettingsDialog::SecurityTab);
    screenshot(d, QStringLiteral("settings-security-keychain"));

    child<QPushButton>(d, "removePassword")->click();
    QVERIFY(done.wait(20000));
    QVERIFY(done.last().at(0).toBool());
    read.reset();
    store.read(SecretStore::stationPasswordKey(QStringLiteral("CP-PW")), [&](Result<std::optional<QByteArray>> r) { read = r; });
    QTRY_VERIFY_WITH_TIMEOUT(read.has_value(), 20000);
    QVERIFY(read->ok() && !read->value().has_value());

    // Nothing of it reached the settings.
    d.accept();
    settings.save();
    QSettings raw(QStringLiteral("ChargeBench"), QStringLiteral("ChargeBench"));
    for (const QString &k : raw.allKeys())
        QVERIFY2(!raw.value(k).toString().contains(QStringLiteral("0123456789abcdef")), qPrintable(k));
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
