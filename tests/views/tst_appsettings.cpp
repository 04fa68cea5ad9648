// AppSettings: every setting survives a round trip through a real settings file, hand-broken
// values fall back to the defaults, the workspace configuration is what the settings say, and
// problems are reported in words.
#include "settings/appsettings.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace cb;

class TestAppSettings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void defaultsOfAFreshInstall();
    void roundTripThroughAnIniFile();
    void defaultLocationRoundTrip();
    void brokenValuesFallBack();
    void workspaceConfigFollowsTheSettings();
    void restartIsNeededOnlyForServerSettings();
    void problemsAreExplained_data();
    void problemsAreExplained();

private:
    static AppSettings changedEverywhere(const QString &dir);
    QTemporaryDir m_dir;
};

void TestAppSettings::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // load()/save() without arguments use the user's settings: point them into the temporary dir.
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("user")));
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("user")));
}

AppSettings TestAppSettings::changedEverywhere(const QString &dir)
{
    AppSettings s;
    s.setListenAddress(QHostAddress(QStringLiteral("192.168.7.2")));
    s.setListenPort(8887);
    s.setEnabledVersions({OcppVersion::V16, OcppVersion::V201});
    s.setAdmission(Admission::KnownOnly);
    s.setKnownIdentities({QStringLiteral("CP-1"), QStringLiteral("CP 2/ü")});
    s.setAllowedOrigins({QStringLiteral("http://localhost:8080")});
    s.setPingInterval(std::chrono::seconds(0));
    s.setMaxFrameBytes(65536);
    s.setSecurityProfile(SecurityProfile::MutualTls);
    s.setTlsCertificateFile(dir + QStringLiteral("/server.pem"));
    s.setTlsKeyFile(dir + QStringLiteral("/server.key"));
    s.setCaFile(dir + QStringLiteral("/ca.pem"));
    s.setAuthorizePolicy(CsmsPolicy::Authorize::AllowList);
    s.setAllowList({QStringLiteral("04A2B3"), QStringLiteral("TAG-9")});
    s.setBootStatus(QStringLiteral("Pending"));
    s.setHeartbeatIntervalS(60);
    s.setResponseTimeout(std::chrono::seconds(12));
    s.setCaptureRetentionDays(30);
    s.setDatabasePath(dir + QStringLiteral("/capture.sqlite"));
    s.setApiEnabled(true);
    s.setApiAddress(QHostAddress(QStringLiteral("::1")));
    s.setApiPort(9901);
    s.setWindowGeometry(QByteArray("\x01\x02geometry\x00", 11));
    s.setWindowState(QByteArray("state"));
    s.setLastStation(QStringLiteral("CP-1"));
    return s;
}

void TestAppSettings::defaultsOfAFreshInstall()
{
    QSettings empty(m_dir.filePath(QStringLiteral("empty.ini")), QSettings::IniFormat);
    const AppSettings s = AppSettings::load(empty);
    QCOMPARE(s.listenAddress(), QHostAddress(QHostAddress::Any));
    QCOMPARE(s.listenPort(), quint16(9000));
    QCOMPARE(s.enabledVersions(), (QList<OcppVersion>{OcppVersion::V21, OcppVersion::V201, OcppVersion::V16}));
    QCOMPARE(s.securityProfile(), SecurityProfile::None);
    QCOMPARE(s.heartbeatIntervalS(), 300);
    QCOMPARE(s.apiEnabled(), false);
    QVERIFY(s.allowedOrigins().isEmpty()); // browsers are refused until someone allows one
    QCOMPARE(s.apiAddress(), QHostAddress(QHostAddress::LocalHost));
    QVERIFY(s.problems().isEmpty());
}

void TestAppSettings::roundTripThroughAnIniFile()
{
    const AppSettings original = changedEverywhere(m_dir.path());
    const QString file = m_dir.filePath(QStringLiteral("roundtrip.ini"));
    {
        QSettings out(file, QSettings::IniFormat);
        original.save(out);
    }
    QSettings in(file, QSettings::IniFormat);
    const AppSettings back = AppSettings::load(in);
    QVERIFY(!AppSettings::restartRequired(original, back));
    QCOMPARE(back.listenAddress(), original.listenAddress());
    QCOMPARE(back.enabledVersions(), original.enabledVersions());
    QCOMPARE(back.knownIdentities(), original.knownIdentities());
    QCOMPARE(back.allowedOrigins(), QStringList{QStringLiteral("http://localhost:8080")});
    QCOMPARE(back.pingInterval(), std::chrono::milliseconds(0));
    QCOMPARE(back.securityProfile(), SecurityProfile::MutualTls);
    QCOMPARE(back.caFile(), original.caFile());
    QCOMPARE(back.authorizePolicy(), CsmsPolicy::Authorize::AllowList);
    QCOMPARE(back.allowList(), original.allowList());
    QCOMPARE(back.bootStatus(), QStringLiteral("Pending"));
    QCOMPARE(back.responseTimeout(), std::chrono::milliseconds(12000));
    QCOMPARE(back.apiAddress(), QHostAddress(QStringLiteral("::1")));
    QCOMPARE(back.windowGeometry(), original.windowGeometry());
    QCOMPARE(back.windowState(), original.windowState());
    QCOMPARE(back.lastStation(), QStringLiteral("CP-1"));
    // No secret ever lands in the file.
    QFile raw(file);
    QVERIFY(raw.open(QIODevice::ReadOnly));
    QVERIFY(!raw.readAll().toLower().contains("password"));
}

void TestAppSettings::defaultLocationRoundTrip()
{
    AppSettings s;
    s.setListenPort(9123);
    s.setLastStation(QStringLiteral("DEFAULT-LOC"));
    s.save();
    const AppSettings back = AppSettings::load();
    QCOMPARE(back.listenPort(), quint16(9123));
    QCOMPARE(back.lastStation(), QStringLiteral("DEFAULT-LOC"));
    QSettings direct(QStringLiteral("ChargeBench"), QStringLiteral("ChargeBench"));
    QVERIFY2(direct.fileName().startsWith(m_dir.path()), qPrintable(direct.fileName()));
}

void TestAppSettings::brokenValuesFallBack()
{
    const QString file = m_dir.filePath(QStringLiteral("broken.ini"));
    {
        QSettings out(file, QSettings::IniFormat);
        out.setValue(QStringLiteral("server/port"), 70000);
        out.setValue(QStringLiteral("server/address"), QStringLiteral("not-an-address"));
        out.setValue(QStringLiteral("server/versions"), QStringList{QStringLiteral("3.0"), QStringLiteral("1.6"), QStringLiteral("1.6")});
        out.setValue(QStringLiteral("security/profile"), 7);
        out.setValue(QStringLiteral("behaviour/heartbeatIntervalS"), QStringLiteral("soon"));
        out.setValue(QStringLiteral("behaviour/bootStatus"), QStringLiteral("Maybe"));
        out.setValue(QStringLiteral("behaviour/authorize"), QStringLiteral("Sometimes"));
        out.setValue(QStringLiteral("server/knownIdentities"), QStringList{QStringLiteral(" A "), QString(), QStringLiteral("A")});
    }
    QSettings in(file, QSettings::IniFormat);
    const AppSettings s = AppSettings::load(in);
    QCOMPARE(s.listenPort(), quint16(9000));
    QCOMPARE(s.listenAddress(), QHostAddress(QHostAddress::Any));
    QCOMPARE(s.enabledVersions(), QList<OcppVersion>{OcppVersion::V16});
    QCOMPARE(s.securityProfile(), SecurityProfile::None);
    QCOMPARE(s.heartbeatIntervalS(), 300);
    QCOMPARE(s.bootStatus(), QStringLiteral("Accepted"));
    QCOMPARE(s.authorizePolicy(), CsmsPolicy::Authorize::AcceptAll);
    QCOMPARE(s.knownIdentities(), QStringList{QStringLiteral("A")});
}

void TestAppSettings::workspaceConfigFollowsTheSettings()
{
    const AppSettings s = changedEverywhere(m_dir.path());
    const WorkspaceConfig c = s.toWorkspaceConfig();
    QCOMPARE(c.server.address, QHostAddress(QStringLiteral("192.168.7.2")));
    QCOMPARE(c.server.port, quint16(8887));
    QCOMPARE(c.server.versions, (QList<OcppVersion>{OcppVersion::V16, OcppVersion::V201}));
    QCOMPARE(c.server.profile, SecurityProfile::MutualTls);
    QCOMPARE(c.server.tlsKeyFile, s.tlsKeyFile());
    QCOMPARE(c.server.admission, Admission::KnownOnly);
    QCOMPARE(c.server.knownIdentities, (QSet<QString>{QStringLiteral("CP-1"), QStringLiteral("CP 2/ü")}));
    QCOMPARE(c.server.allowedOrigins, QStringList{QStringLiteral("http://localhost:8080")});
    QCOMPARE(c.server.pingInterval, std::chrono::milliseconds(0));
    QCOMPARE(c.server.responseTimeout, std::chrono::milliseconds(12000));
    QCOMPARE(c.server.maxFrameBytes, qint64(65536));
    QCOMPARE(c.policy.heartbeatIntervalS, 60);
    QCOMPARE(c.policy.bootStatus, QStringLiteral("Pending"));
    QCOMPARE(c.policy.authorize, CsmsPolicy::Authorize::AllowList);
    QVERIFY(c.policy.accepts(QStringLiteral("TAG-9")));
    QVERIFY(!c.policy.accepts(QStringLiteral("TAG-10")));
    QCOMPARE(c.databasePath, s.databasePath());
    QCOMPARE(c.captureRetentionDays, 30);
    QVERIFY(c.apiEnabled);
    QCOMPARE(c.apiPort, quint16(9901));
    QVERIFY(c.apiToken.isEmpty()); // the workspace makes one
}

void TestAppSettings::restartIsNeededOnlyForServerSettings()
{
    const AppSettings a;
    AppSettings b = a;
    b.setWindowGeometry("g");
    b.setLastStation(QStringLiteral("X"));
    QVERIFY(!AppSettings::restartRequired(a, b));
    b.setHeartbeatIntervalS(61);
    QVERIFY(AppSettings::restartRequired(a, b));
    AppSettings c = a;
    c.setApiPort(9999);
    QVERIFY(AppSettings::restartRequired(a, c));
}

void TestAppSettings::problemsAreExplained_data()
{
    QTest::addColumn<int>("which");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no version") << 0 << QStringLiteral("No OCPP version");
    QTest::newRow("tls without files") << 1 << QStringLiteral("needs a server certificate");
    QTest::newRow("tls file missing") << 2 << QStringLiteral("does not exist");
    QTest::newRow("known only, none known") << 3 << QStringLiteral("no identity is listed");
    QTest::newRow("empty allow-list") << 4 << QStringLiteral("allow-list but the list is empty");
    QTest::newRow("api on the server port") << 5 << QStringLiteral("both use port 9000");
    QTest::newRow("database folder missing") << 6 << QStringLiteral("does not exist");
}

void TestAppSettings::problemsAreExplained()
{
    QFETCH(int, which);
    QFETCH(QString, expected);
    AppSettings s;
    switch (which) {
    case 0: s.setEnabledVersions({}); break;
    case 1: s.setSecurityProfile(SecurityProfile::TlsBasicAuth); break;
    case 2:
        s.setSecurityProfile(SecurityProfile::TlsBasicAuth);
        s.setTlsCertificateFile(m_dir.filePath(QStringLiteral("nope.pem")));
        s.setTlsKeyFile(m_dir.filePath(QStringLiteral("nope.key")));
        break;
    case 3: s.setAdmission(Admission::KnownOnly); break;
    case 4: s.setAuthorizePolicy(CsmsPolicy::Authorize::AllowList); break;
    case 5:
        s.setApiEnabled(true);
        s.setApiPort(9000);
        break;
    case 6: s.setDatabasePath(m_dir.filePath(QStringLiteral("no/such/folder/c.sqlite"))); break;
    }
    const QStringList p = s.problems();
    QVERIFY(!p.isEmpty());
    QVERIFY2(p.join(QLatin1Char('\n')).contains(expected), qPrintable(p.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestAppSettings)
#include "tst_appsettings.moc"
