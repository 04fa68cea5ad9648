// Security profiles 0-3 of the virtual station against the real server, for every version:
// plain, Basic auth, TLS with Basic auth and mutual TLS with a client certificate made by the
// project's PKI (CN = identity), also loaded from PEM files as the CLI does. A wrong password
// never registers; a password the CSMS sets over OCPP is used on the next connection.
#include "simbench.h"
#include "testpki.h"

#include "simulator/stationtls.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace cb;
using namespace cb::test;
using namespace std::chrono_literals;

Q_DECLARE_METATYPE(cb::OcppVersion)

namespace {

const QByteArray kPassword = "0123456789abcdef-pw";

QJsonObject json(const char *text) { return QJsonDocument::fromJson(QByteArray(text)).object(); }

ServerConfig serverConfig(const TestPki &pki, int profile)
{
    ServerConfig c = SimBench::plainConfig();
    c.profile = SecurityProfile(profile);
    c.tlsCertificateFile = pki.server().certificatePath;
    c.tlsKeyFile = pki.server().keyPath;
    c.caFile = pki.caCertificatePath();
    return c;
}

} // namespace

class TestStationSecurity : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void profiles_data();
    void profiles();
    void wrongPasswordNeverRegisters();
    void passwordSetOverOcppIsUsed_data();
    void passwordSetOverOcppIsUsed();
    void configurationMistakesAreExplained();

private:
    std::unique_ptr<TestPki> m_pki;
};

void TestStationSecurity::initTestCase()
{
    m_pki = std::make_unique<TestPki>();
    QVERIFY2(m_pki->isValid(), qPrintable(m_pki->errorString()));
}

void TestStationSecurity::profiles_data()
{
    QTest::addColumn<OcppVersion>("version");
    QTest::addColumn<int>("profile");
    QTest::addColumn<bool>("fromFiles");
    for (int p = 0; p <= 3; ++p)
        for (OcppVersion v : kAllVersions)
            QTest::newRow(qPrintable(QStringLiteral("profile %1, %2").arg(p).arg(versionName(v)))) << v << p << false;
    QTest::newRow("profile 3 from PEM files, 2.0.1") << OcppVersion::V201 << 3 << true;
}

void TestStationSecurity::profiles()
{
    QFETCH(OcppVersion, version);
    QFETCH(int, profile);
    QFETCH(bool, fromFiles);
    const QString id = QStringLiteral("SEC-P%1").arg(profile);
    SimBench b;
    b.server.setPasswordLookup([id](const QString &identity, auto done) {
        done(identity == id ? std::optional(kPassword) : std::nullopt);
    });
    QVERIFY(b.start(serverConfig(*m_pki, profile)));
    b.registry.policy().heartbeatIntervalS = 600;
    auto cfg = b.stationConfig(id, version);
    cfg.profile = SecurityProfile(profile);
    if (profile == 1 || profile == 2)
        cfg.password = kPassword;
    if (profile == 2)
        cfg.tls = m_pki->clientConfiguration();
    if (profile == 3) {
        auto cert = m_pki->clientCertificate(id);
        QVERIFY(cert.ok());
        if (fromFiles) {
            auto tls = sim::stationTlsConfiguration(m_pki->caCertificatePath(), cert.value().certificatePath, cert.value().keyPath);
            QVERIFY2(tls.ok(), qPrintable(tls.ok() ? QString() : tls.error().text()));
            cfg.tls = tls.value();
        } else {
            cfg.tls = m_pki->clientConfiguration(&cert.value());
        }
    }
    QVERIFY2(sim::VirtualStation::check(cfg).ok(), qPrintable(sim::VirtualStation::check(cfg).ok() ? QString() : sim::VirtualStation::check(cfg).error().text()));
    sim::VirtualStation *st = b.startStation(cfg);
    QVERIFY(b.waitRegistered(st));
    const ConnectionInfo &info = b.session(id)->state().connection;
    QCOMPARE(int(info.profile), profile);
    if (profile >= 2)
        QVERIFY(!info.tlsProtocol.isEmpty());
    if (profile == 3)
        QVERIFY2(info.clientCertificateSubject.contains(id), qPrintable(info.clientCertificateSubject));

    // The station reports the profile it runs.
    QString reported;
    if (version == OcppVersion::V16) {
        const CallOutcome o = b.call(id, QStringLiteral("GetConfiguration"), json(R"({"key":["SecurityProfile"]})"));
        reported = o.payload[QStringLiteral("configurationKey")][0][QStringLiteral("value")].toString();
    } else {
        const CallOutcome o = b.call(id, QStringLiteral("GetVariables"),
                                     json(R"({"getVariableData":[{"component":{"name":"SecurityCtrlr"},"variable":{"name":"SecurityProfile"}}]})"));
        reported = o.payload[QStringLiteral("getVariableResult")][0][QStringLiteral("attributeValue")].toString();
    }
    QCOMPARE(reported, QString::number(profile));
    QCOMPARE(b.badFrames(), QStringList());
    QCOMPARE(b.stationErrors(), QStringList());
}

void TestStationSecurity::wrongPasswordNeverRegisters()
{
    const QString id = QStringLiteral("SEC-WRONG");
    SimBench b;
    b.server.setPasswordLookup([](const QString &, auto done) { done(std::optional(kPassword)); });
    QVERIFY(b.start(serverConfig(*m_pki, 1)));
    QSignalSpy refused(&b.server, &CsmsServer::connectionRefused);
    auto cfg = b.stationConfig(id, OcppVersion::V201);
    cfg.profile = SecurityProfile::BasicAuth;
    cfg.password = "not-the-right-password";
    sim::VirtualStation *st = b.startStation(cfg);
    // It keeps trying with back-off; the server keeps refusing; nothing gets through.
    QTRY_VERIFY_WITH_TIMEOUT(refused.size() >= 2, 15000);
    QVERIFY(refused.first().at(3).toString().contains(QStringLiteral("wrong password")));
    QVERIFY(!st->isRegistered());
    QVERIFY(b.recorded.isEmpty());
}

void TestStationSecurity::passwordSetOverOcppIsUsed_data()
{
    QTest::addColumn<OcppVersion>("version");
    QTest::newRow("1.6 AuthorizationKey") << OcppVersion::V16;
    QTest::newRow("2.0.1 BasicAuthPassword") << OcppVersion::V201;
}

void TestStationSecurity::passwordSetOverOcppIsUsed()
{
    QFETCH(OcppVersion, version);
    const QString id = QStringLiteral("SEC-A01");
    const QByteArray newPassword = "fedcba9876543210-new";
    QByteArray expected = kPassword;
    SimBench b;
    b.server.setPasswordLookup([&expected](const QString &, auto done) { done(std::optional(expected)); });
    QVERIFY(b.start(serverConfig(*m_pki, 1)));
    b.registry.policy().heartbeatIntervalS = 600;
    auto cfg = b.stationConfig(id, version);
    cfg.profile = SecurityProfile::BasicAuth;
    cfg.password = kPassword;
    sim::VirtualStation *st = b.startStation(cfg);
    QSignalSpy events(st, &sim::VirtualStation::event);
    QVERIFY(b.waitRegistered(st));
    const CallOutcome set =
        version == OcppVersion::V16
            ? b.call(id, QStringLiteral("ChangeConfiguration"),
                     QJsonObject{{QStringLiteral("key"), QStringLiteral("AuthorizationKey")}, {QStringLiteral("value"), QString::fromLatin1(newPassword)}})
            : b.call(id, QStringLiteral("SetVariables"),
                     QJsonObject{{QStringLiteral("setVariableData"),
                                  QJsonArray{QJsonObject{{QStringLiteral("component"), QJsonObject{{QStringLiteral("name"), QStringLiteral("SecurityCtrlr")}}},
                                                         {QStringLiteral("variable"), QJsonObject{{QStringLiteral("name"), QStringLiteral("BasicAuthPassword")}}},
                                                         {QStringLiteral("attributeValue"), QString::fromLatin1(newPassword)}}}}});
    QVERIFY2(set.ok(), qPrintable(set.describe()));
    // A01.FR.03 (1.6): the CSMS accepts only the new password from now on.
    expected = newPassword;
    QSignalSpy lost(st, &sim::VirtualStation::connectionLost);
    st->dropConnection();
    QTRY_VERIFY_WITH_TIMEOUT(!lost.isEmpty(), 10000);
    QVERIFY(b.waitRegistered(st));
    QVERIFY(b.session(id)->isConnected());
    // The event log shows that the password changed, never the password.
    bool mentioned = false;
    for (const auto &e : events) {
        QVERIFY2(!e.first().toString().contains(QString::fromLatin1(newPassword)), qPrintable(e.first().toString()));
        mentioned = mentioned || e.first().toString().contains(QStringLiteral("***"));
    }
    QVERIFY(mentioned);
    QCOMPARE(b.badFrames(), QStringList());
}

void TestStationSecurity::configurationMistakesAreExplained()
{
    sim::VirtualStationConfig c;
    c.identity = QStringLiteral("CP1");
    c.url = QUrl(QStringLiteral("ws://127.0.0.1:9000/ocpp"));
    QVERIFY(sim::VirtualStation::check(c).ok());
    c.profile = SecurityProfile::TlsBasicAuth;
    c.password = kPassword;
    auto r = sim::VirtualStation::check(c);
    QVERIFY(!r.ok());
    QVERIFY(r.error().message.contains(QStringLiteral("wss://")));
    c.url = QUrl(QStringLiteral("wss://localhost:9000/ocpp"));
    c.password = "short";
    r = sim::VirtualStation::check(c);
    QVERIFY(!r.ok());
    QVERIFY(r.error().message.contains(QStringLiteral("16 to 40")));
    c.profile = SecurityProfile::MutualTls;
    r = sim::VirtualStation::check(c);
    QVERIFY(!r.ok());
    QVERIFY(r.error().message.contains(QStringLiteral("client certificate")));
    auto files = sim::stationTlsConfiguration(m_pki->directory() + QStringLiteral("/missing-ca.pem"));
    QVERIFY(!files.ok());
    QVERIFY(files.error().message.contains(QStringLiteral("missing-ca.pem")));
    files = sim::stationTlsConfiguration({}, m_pki->server().certificatePath, {});
    QVERIFY(!files.ok());
}

QTEST_GUILESS_MAIN(TestStationSecurity)
#include "tst_stationsecurity.moc"
