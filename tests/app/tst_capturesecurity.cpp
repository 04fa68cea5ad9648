// The capture as a running workspace writes it, over a real station connection and the real API:
// GET /api/frames lists every frame exchanged before the request, payload secrets are masked in
// the database, its full-text index, the API and the live view unless the lab setting keeps them
// (and the connection's record says which), and the settings file is private.
#include "capture/secretmasking.h"
#include "settings/appsettings.h"
#include "storage/database.h"
#include "storage/framerepository.h"
#include "storage/framesearchindex.h"
#include "transport/stationclient.h"
#include "workspace/workspace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include <algorithm>

using namespace cb;

namespace {

const QByteArray kSecret = "LabSecretPw123xyz";

QJsonArray getFrames(QNetworkAccessManager &nam, const Workspace &ws, const QString &station)
{
    QNetworkRequest req(QUrl(ws.apiUrl()).resolved(QUrl(QStringLiteral("frames?limit=10000&station=") + station)));
    req.setRawHeader("Authorization", "Bearer " + ws.apiToken());
    QNetworkReply *r = nam.get(req);
    QSignalSpy done(r, &QNetworkReply::finished);
    if (!done.wait(30000))
        return {};
    const QJsonArray frames = QJsonDocument::fromJson(r->readAll()).object().value(QLatin1String("frames")).toArray();
    r->deleteLater();
    return frames;
}

QJsonObject notifyReport()
{
    const QJsonObject attr{{QStringLiteral("type"), QStringLiteral("Actual")}, {QStringLiteral("value"), QString::fromLatin1(kSecret)}};
    const QJsonObject entry{{QStringLiteral("component"), QJsonObject{{QStringLiteral("name"), QStringLiteral("SecurityCtrlr")}}},
                            {QStringLiteral("variable"), QJsonObject{{QStringLiteral("name"), QStringLiteral("BasicAuthPassword")}}},
                            {QStringLiteral("variableAttribute"), QJsonArray{attr}}};
    return {{QStringLiteral("requestId"), 1},
            {QStringLiteral("generatedAt"), QStringLiteral("2026-01-01T00:00:00Z")},
            {QStringLiteral("seqNo"), 0},
            {QStringLiteral("reportData"), QJsonArray{entry}}};
}

// A running workspace with the API, and one station connected to it.
struct Bench
{
    QTemporaryDir dir;
    Workspace ws;
    StationClient station;
    QList<CaptureRecord> live;

    bool start(const QString &identity, bool keepSecrets)
    {
        QObject::connect(&ws, &Workspace::framesArrived, &ws, [this](const QList<CaptureRecord> &r) { live += r; });
        WorkspaceConfig cfg;
        cfg.server.address = QHostAddress::LocalHost;
        cfg.server.port = 0;
        cfg.databasePath = dir.filePath(QStringLiteral("capture.sqlite"));
        cfg.apiEnabled = true;
        cfg.apiPort = 0;
        cfg.keepSecretsInCapture = keepSecrets;
        if (!ws.start(cfg).ok())
            return false;
        ClientConfig cc;
        cc.baseUrl = QUrl(ws.urls().first());
        cc.identity = identity;
        cc.versions = {OcppVersion::V201};
        QSignalSpy up(&station, &StationClient::connected);
        station.open(cc);
        return up.wait(20000);
    }

    bool call(const QString &action, const QJsonObject &payload)
    {
        std::optional<CallOutcome> outcome;
        station.rpc()->call(action, payload, [&](const CallOutcome &o) { outcome = o; });
        return QTest::qWaitFor([&] { return outcome.has_value(); }, 20000);
    }

    QList<StoredCaptureRecord> stored(const QString &identity)
    {
        if (!ws.capture().flush().ok())
            return {};
        Database db;
        if (!db.open(ws.databasePath()).ok())
            return {};
        return FrameRepository(db).frames({identity, 0, FrameFilter::kMaxLimit}).value();
    }
};

int fileMode(const QString &path)
{
    struct stat st{};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 0777) : -1;
}

} // namespace

class TestCaptureSecurity : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void framesApiListsEverythingExchangedBefore();
    void secretsAreMaskedEverywhere();
    void labSettingKeepsSecrets();
    void settingsAreOwnerOnlyAndCarryTheLabSetting();
};

void TestCaptureSecurity::framesApiListsEverythingExchangedBefore()
{
    Bench b;
    QVERIFY(b.start(QStringLiteral("FLUSH-1"), false));
    QNetworkAccessManager nam;
    constexpr int kCalls = 31;
    for (int i = 0; i < kCalls; ++i)
        QVERIFY(b.call(QStringLiteral("Heartbeat"), {}));
    // Asked at once: the writer's batch interval has not passed yet, yet every frame is listed.
    const QJsonArray frames = getFrames(nam, b.ws, QStringLiteral("FLUSH-1"));
    QCOMPARE(frames.size(), 1 + 2 * kCalls); // the connection's "open" and each CALL with its answer
    QCOMPARE(frames.last().toObject().value(QLatin1String("direction")).toString(), QStringLiteral("out"));
    QCOMPARE(frames.last().toObject().value(QLatin1String("action")).toString(), QStringLiteral("Heartbeat"));
}

void TestCaptureSecurity::secretsAreMaskedEverywhere()
{
    Bench b;
    QVERIFY(b.start(QStringLiteral("MASK-1"), false));
    QVERIFY(b.call(QStringLiteral("NotifyReport"), notifyReport()));

    // The database row.
    const auto rows = b.stored(QStringLiteral("MASK-1"));
    QVERIFY(rows.size() >= 3);
    QCOMPARE(rows.first().record.kind, CaptureRecord::Kind::ConnectionOpened);
    QCOMPARE(QJsonDocument::fromJson(rows.first().record.data).object().value(QLatin1String("secretsMasked")).toBool(false), true);
    bool sawReport = false;
    for (const StoredCaptureRecord &s : rows) {
        QVERIFY2(!s.record.data.contains(kSecret), s.record.data.constData());
        if (s.record.action == QLatin1String("NotifyReport") && s.record.messageType == 2) {
            sawReport = true;
            QVERIFY(s.record.data.contains(secretmasking::marker().toUtf8()));
            QVERIFY(!QJsonDocument::fromJson(s.record.data).isNull());
        }
    }
    QVERIFY(sawReport);

    // The full-text index finds the variable, not its value.
    Database db;
    QVERIFY(db.open(b.ws.databasePath()).ok());
    FrameSearchIndex index(db);
    QVERIFY(index.ensure().ok());
    QVERIFY(index.catchUp().ok());
    auto matches = [&](const QString &text) {
        QSqlQuery q(db.connection());
        q.prepare(QStringLiteral("SELECT count(*) FROM frames_fts WHERE frames_fts MATCH ?"));
        q.addBindValue(FrameSearchIndex::matchExpression(text));
        return q.exec() && q.next() ? q.value(0).toInt() : -1;
    };
    QCOMPARE(matches(QStringLiteral("BasicAuthPassword")), 1);
    QCOMPARE(matches(QString::fromLatin1(kSecret)), 0);

    // The API and the live view.
    QNetworkAccessManager nam;
    const QJsonArray frames = getFrames(nam, b.ws, QStringLiteral("MASK-1"));
    QCOMPARE(frames.size(), rows.size());
    QVERIFY(!QJsonDocument(frames).toJson().contains(kSecret));
    QTRY_VERIFY(std::any_of(b.live.cbegin(), b.live.cend(), [](const CaptureRecord &r) { return r.action == QLatin1String("NotifyReport"); }));
    for (const CaptureRecord &r : std::as_const(b.live))
        QVERIFY(!r.data.contains(kSecret));
}

void TestCaptureSecurity::labSettingKeepsSecrets()
{
    Bench b;
    QVERIFY(b.start(QStringLiteral("LAB-1"), true));
    QVERIFY(b.call(QStringLiteral("NotifyReport"), notifyReport()));
    const auto rows = b.stored(QStringLiteral("LAB-1"));
    QVERIFY(!rows.isEmpty());
    QCOMPARE(QJsonDocument::fromJson(rows.first().record.data).object().value(QLatin1String("secretsMasked")).toBool(true), false);
    QVERIFY(std::any_of(rows.cbegin(), rows.cend(), [](const StoredCaptureRecord &s) { return s.record.data.contains(kSecret); }));
}

void TestCaptureSecurity::settingsAreOwnerOnlyAndCarryTheLabSetting()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("chargebench.ini"));
    const mode_t old = ::umask(022);
    {
        QSettings s(file, QSettings::IniFormat);
        AppSettings a;
        QVERIFY(!a.keepSecretsInCapture()); // off unless asked for
        a.setKeepSecretsInCapture(true);
        a.save(s);
    }
    ::umask(old);
    QCOMPARE(fileMode(file), 0600);
    QSettings s(file, QSettings::IniFormat);
    const AppSettings loaded = AppSettings::load(s);
    QVERIFY(loaded.keepSecretsInCapture());
    QVERIFY(loaded.toWorkspaceConfig().keepSecretsInCapture);
}

QTEST_GUILESS_MAIN(TestCaptureSecurity)
#include "tst_capturesecurity.moc"
