// SettingsDialog without any usable keychain (no D-Bus session bus): storing a station password
// fails with a message that says so and what to do, and nothing is kept elsewhere.
#include "settings/settingsdialog.h"

#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace cb;

class TestSettingsNoKeychain : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void missingKeychainIsReportedNotWorkedAround();

private:
    QTemporaryDir m_dir;
};

void TestSettingsNoKeychain::initTestCase()
{
    // No session bus: the Secret Service cannot be reached. Set before the first keychain job.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + m_dir.filePath(QStringLiteral("no-bus")).toUtf8());
    qputenv("XDG_RUNTIME_DIR", m_dir.path().toUtf8());
    qunsetenv("DISPLAY");
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("user")));
}

void TestSettingsNoKeychain::missingKeychainIsReportedNotWorkedAround()
{
    AppSettings settings;
    SettingsDialog d(settings);
    QSignalSpy done(&d, &SettingsDialog::keychainFinished);
    d.findChild<QComboBox *>(QStringLiteral("passwordIdentity"))->setCurrentText(QStringLiteral("CP-NOKEY"));
    d.findChild<QLineEdit *>(QStringLiteral("password"))->setText(QStringLiteral("0123456789abcdef"));
    d.findChild<QPushButton *>(QStringLiteral("storePassword"))->click();
    QVERIFY(done.wait(30000));
    QCOMPARE(done.last().at(0).toBool(), false);
    const QString message = d.findChild<QLabel *>(QStringLiteral("keychainStatus"))->text();
    QVERIFY2(message.contains(QStringLiteral("not saved")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("keychain"), Qt::CaseInsensitive), qPrintable(message));
    // What to do about it is part of the message.
    QVERIFY2(message.contains(QStringLiteral("Start")) || message.contains(QStringLiteral("Unlock"))
                 || message.contains(QStringLiteral("Check")),
             qPrintable(message));
    // The typed password stays in the field (so it is not lost) but nowhere else.
    QCOMPARE(d.findChild<QLineEdit *>(QStringLiteral("password"))->text(), QStringLiteral("0123456789abcdef"));
    d.accept();
    settings.save();
    QSettings raw(QStringLiteral("ChargeBench"), QStringLiteral("ChargeBench"));
    for (const QString &k : raw.allKeys())
        QVERIFY(!raw.value(k).toString().contains(QStringLiteral("0123456789abcdef")));
    const QString dir = qEnvironmentVariable("CHARGEBENCH_SCREENSHOTS");
    if (!dir.isEmpty()) {
        QDir().mkpath(dir);
        d.showTab(SettingsDialog::SecurityTab);
        d.resize(640, 560);
        d.grab().save(QDir(dir).filePath(QStringLiteral("settings-no-keychain.png")));
    }
}

QTEST_MAIN(TestSettingsNoKeychain)
#include "tst_settingsnokeychain.moc"
