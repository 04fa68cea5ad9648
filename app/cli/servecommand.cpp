#include "servecommand.h"

#include "api/apitoken.h"
#include "clicommand.h"
#include "devicemodel/devicemodelmanager.h"
#include "signalwatcher.h"
#include "simulator/demostations.h"
#include "storage/database.h"
#include "storage/stationrepository.h"
#include "workspace/workspace.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>

#include <memory>

namespace cb::cli {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::cli)
};

// "HOST:PORT", "[v6]:PORT" or ":PORT".
bool parseHostPort(const QString &text, QHostAddress &address, quint16 &port)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon < 0)
        return false;
    QString host = text.left(colon);
    bool ok = false;
    const uint p = text.mid(colon + 1).toUInt(&ok);
    if (!ok || p > 65535)
        return false;
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    if (host.isEmpty() || host == QLatin1String("0.0.0.0"))
        address = host.isEmpty() ? QHostAddress(QHostAddress::Any) : QHostAddress(QHostAddress::AnyIPv4);
    else if (host == QLatin1String("localhost"))
        address = QHostAddress(QHostAddress::LocalHost);
    else if (!address.setAddress(host))
        return false;
    port = quint16(p);
    return true;
}

} // namespace

int runServe(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(Text::tr("Run the OCPP server (mini-CSMS) without the desktop app. Every frame is captured "
                                   "to the database. Stop with Ctrl-C."));
    p.addHelpOption();
    p.addOption({QStringLiteral("listen"), Text::tr("Address and port chargers connect to (default 0.0.0.0:9000)."), Text::tr("host:port"),
                 QStringLiteral("0.0.0.0:9000")});
    p.addOption({QStringLiteral("db"), Text::tr("Capture database (default %1).").arg(Database::defaultPath()), Text::tr("file")});
    p.addOption({QStringLiteral("retention-days"), Text::tr("Delete captured frames older than this many days, at start and daily "
                                                            "(default 0: keep everything)."), Text::tr("days"), QStringLiteral("0")});
    p.addOption({QStringLiteral("keep-secrets"), Text::tr("Keep passwords and private keys of payloads in the capture instead of "
                                                          "masking them (lab work only).")});
    p.addOption({QStringLiteral("profile"), Text::tr("Security profile 0-3 (default 0)."), Text::tr("n"), QStringLiteral("0")});
    p.addOption({QStringLiteral("tls-cert"), Text::tr("Server certificate (PEM) for profiles 2 and 3."), Text::tr("pem")});
    p.addOption({QStringLiteral("tls-key"), Text::tr("Server private key (PEM) for profiles 2 and 3."), Text::tr("pem")});
    p.addOption({QStringLiteral("ca"), Text::tr("CA certificate (PEM) that client certificates must chain to (profile 3)."), Text::tr("pem")});
    p.addOption({QStringLiteral("versions"), Text::tr("Enabled OCPP versions, comma separated (default 2.1,2.0.1,1.6)."), Text::tr("list"),
                 QStringLiteral("2.1,2.0.1,1.6")});
    p.addOption({QStringLiteral("known-only"), Text::tr("Admit only stations that connected before (others get HTTP 404).")});
    p.addOption({QStringLiteral("allow-origin"),
                 Text::tr("Admit WebSocket upgrades from a browser page of this origin, e.g. http://localhost:8080 (repeatable). "
                          "Upgrades with any other Origin header get HTTP 403."),
                 Text::tr("url")});
    p.addOption({QStringLiteral("heartbeat-interval"), Text::tr("Heartbeat interval given in BootNotification (default 300)."), Text::tr("s"),
                 QStringLiteral("300")});
    p.addOption({QStringLiteral("ping-interval"), Text::tr("Seconds between WebSocket pings; 0 turns them off (default 30)."), Text::tr("s"),
                 QStringLiteral("30")});
    p.addOption({QStringLiteral("response-timeout"), Text::tr("Seconds to wait for a station's answer (default 30)."), Text::tr("s"),
                 QStringLiteral("30")});
    p.addOption({QStringLiteral("api"), Text::tr("Serve the automation API on this address (e.g. 127.0.0.1:9001)."), Text::tr("host:port")});
    p.addOption({QStringLiteral("fetch-report-after-boot"),
                 Text::tr("Read each station's device model (2.x FullInventory, 1.6 all keys) after every boot and store it as a snapshot.")});
    p.addOption({QStringLiteral("api-token-file"), Text::tr("Read the API bearer token from this file; when it does not exist, create it (mode 0600) with a new token. "
                                                          "The token is then not printed."),
                 Text::tr("file")});
    p.addOption({QStringLiteral("demo"), Text::tr("Also run three virtual stations over loopback, one per OCPP version "
                                            "(DEMO-16, DEMO-201, DEMO-21); security profile 0 only.")});
    p.process(args);

    WorkspaceConfig cfg;
    if (!parseHostPort(p.value(QStringLiteral("listen")), cfg.server.address, cfg.server.port)) {
        err() << Text::tr("--listen wants HOST:PORT, e.g. 0.0.0.0:9000 or [::]:9000.") << Qt::endl;
        return Usage;
    }
    bool ok = false;
    const int profile = p.value(QStringLiteral("profile")).toInt(&ok);
    if (!ok || profile < 0 || profile > 3) {
        err() << Text::tr("--profile must be 0, 1, 2 or 3.") << Qt::endl;
        return Usage;
    }
    cfg.server.profile = SecurityProfile(profile);
    if (p.isSet(QStringLiteral("demo")) && profile != 0) {
        err() << Text::tr("--demo runs its virtual stations without credentials; use it with --profile 0.") << Qt::endl;
        return Usage;
    }
    cfg.server.tlsCertificateFile = p.value(QStringLiteral("tls-cert"));
    cfg.server.tlsKeyFile = p.value(QStringLiteral("tls-key"));
    cfg.server.caFile = p.value(QStringLiteral("ca"));
    cfg.server.allowedOrigins = p.values(QStringLiteral("allow-origin"));
    cfg.server.versions.clear();
    for (const QString &v : p.value(QStringLiteral("versions")).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const auto version = parseVersion(v);
        if (!version) {
            err() << Text::tr("Unknown OCPP version \"%1\"; use 1.6, 2.0.1 or 2.1.").arg(v) << Qt::endl;
            return Usage;
        }
        cfg.server.versions << *version;
    }
    cfg.policy.heartbeatIntervalS = p.value(QStringLiteral("heartbeat-interval")).toInt(&ok);
    if (!ok || cfg.policy.heartbeatIntervalS <= 0) {
        err() << Text::tr("--heartbeat-interval must be a positive number of seconds.") << Qt::endl;
        return Usage;
    }
    const int ping = p.value(QStringLiteral("ping-interval")).toInt(&ok);
    const int responseTimeout = ok ? p.value(QStringLiteral("response-timeout")).toInt(&ok) : 0;
    if (!ok || ping < 0 || responseTimeout <= 0) {
        err() << Text::tr("--ping-interval must be 0 or more seconds and --response-timeout more than 0.") << Qt::endl;
        return Usage;
    }
    cfg.server.pingInterval = std::chrono::seconds(ping);
    cfg.server.responseTimeout = std::chrono::seconds(responseTimeout);
    cfg.databasePath = p.value(QStringLiteral("db"));
    cfg.captureRetentionDays = p.value(QStringLiteral("retention-days")).toInt(&ok);
    if (!ok || cfg.captureRetentionDays < 0) {
        err() << Text::tr("--retention-days must be a whole number of days, 0 or more.") << Qt::endl;
        return Usage;
    }
    cfg.keepSecretsInCapture = p.isSet(QStringLiteral("keep-secrets"));
    if (p.isSet(QStringLiteral("api"))) {
        cfg.apiEnabled = true;
        if (!parseHostPort(p.value(QStringLiteral("api")), cfg.apiAddress, cfg.apiPort)) {
            err() << Text::tr("--api wants HOST:PORT, e.g. 127.0.0.1:9001.") << Qt::endl;
            return Usage;
        }
    }
    const QString tokenFile = p.value(QStringLiteral("api-token-file"));
    bool tokenFileCreated = false;
    if (!tokenFile.isEmpty()) {
        const auto token = loadOrCreateApiToken(tokenFile);
        if (!token) {
            err() << token.error().message << Qt::endl << token.error().hint << Qt::endl;
            return Failure;
        }
        cfg.apiToken = token.value().token;
        tokenFileCreated = token.value().created;
    }

    if (p.isSet(QStringLiteral("known-only"))) {
        // Known = every identity that ever connected, from the stations table.
        cfg.server.admission = Admission::KnownOnly;
        Database db;
        auto opened = db.open(cfg.databaseFile());
        auto known = opened ? StationRepository(db).list() : Result<QList<StationRecord>>(opened.error());
        if (!known) {
            err() << known.error().text() << Qt::endl;
            return Failure;
        }
        for (const StationRecord &r : known.value())
            cfg.server.knownIdentities.insert(r.id);
    }

    Workspace workspace;
    QObject::connect(&workspace, &Workspace::connectionRefused, [](const QString &remote, const QString &id, int status, const QString &why) {
        err() << Text::tr("refused %1%2: %3").arg(remote, id.isEmpty() ? QString() : QStringLiteral(" (") + id + QLatin1Char(')'), why)
              << (status ? QStringLiteral(" [HTTP %1]").arg(status) : QString()) << Qt::endl;
    });
    QObject::connect(&workspace, &Workspace::problem, [](const QString &m) { err() << m << Qt::endl; });
    // Device model of each station: API endpoints (devicemodel, snapshots, profile) and, when
    // asked, a full report after every boot stored as a snapshot.
    workspace.deviceModels().setFetchAfterBoot(p.isSet(QStringLiteral("fetch-report-after-boot")));
    if (auto started = workspace.start(cfg); !started) {
        err() << started.error().message << Qt::endl;
        if (!started.error().hint.isEmpty())
            err() << started.error().hint << Qt::endl;
        return Failure;
    }
    out() << Text::tr("ChargeBench OCPP server running (security profile %1, OCPP %2).")
                 .arg(profile)
                 .arg(p.value(QStringLiteral("versions")))
          << Qt::endl;
    out() << Text::tr("Chargers can connect to (append the station identity):") << Qt::endl;
    for (const QString &u : workspace.urls())
        out() << QStringLiteral("  ") << u << QStringLiteral("<identity>") << Qt::endl;
    if (cfg.apiEnabled) {
        // A token kept in a file stays there: logs and terminals are read by more people.
        if (tokenFile.isEmpty())
            out() << Text::tr("Automation API: %1 (Authorization: Bearer %2)").arg(workspace.apiUrl(), QString::fromLatin1(workspace.apiToken()))
                  << Qt::endl;
        else if (tokenFileCreated)
            out() << Text::tr("Automation API: %1 (Authorization: Bearer <the new token written to %2>)").arg(workspace.apiUrl(), tokenFile)
                  << Qt::endl;
        else
            out() << Text::tr("Automation API: %1 (Authorization: Bearer <the token in %2>)").arg(workspace.apiUrl(), tokenFile) << Qt::endl;
    }
    out() << Text::tr("Capture database: %1").arg(workspace.databasePath()) << Qt::endl;
    out() << Text::tr("Press Ctrl-C to stop.") << Qt::endl;

    sim::DemoStations demo;
    if (p.isSet(QStringLiteral("demo"))) {
        const QUrl url = sim::DemoStations::loopbackUrl(workspace.urls());
        QObject::connect(&demo, &sim::DemoStations::event, [](const QString &id, const QString &line) {
            out() << QLatin1Char('[') << id << QStringLiteral("] ") << line << Qt::endl;
        });
        out() << Text::tr("Demo: virtual stations %1 connect to %2").arg(sim::DemoStations::identities().join(QStringLiteral(", ")), url.toString())
              << Qt::endl;
        demo.start(url);
    }

    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, qApp, [](int) { QCoreApplication::quit(); });
    const int rc = QCoreApplication::exec();
    out() << Text::tr("Stopping: closing connections and writing the capture...") << Qt::endl;
    demo.stop();
    workspace.stop();
    out() << Text::tr("Stopped.") << Qt::endl;
    return rc;
}

} // namespace cb::cli
