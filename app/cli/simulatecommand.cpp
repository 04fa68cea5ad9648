#include "simulatecommand.h"

#include "clicommand.h"
#include "signalwatcher.h"
#include "simulator/faultscript.h"
#include "simulator/stationtls.h"
#include "simulator/virtualstation.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QTimer>

#include <memory>
#include <vector>

namespace cb::cli {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::cli)
};

bool positive(const QCommandLineParser &p, const QString &name, int max, int &value)
{
    bool ok = false;
    value = p.value(name).toInt(&ok);
    if (!ok || value < 1 || value > max) {
        err() << Text::tr("--%1 must be a number from 1 to %2.").arg(name).arg(max) << Qt::endl;
        return false;
    }
    return true;
}

} // namespace

int runSimulate(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        Text::tr("Run virtual charging stations (OCPP 1.6J, 2.0.1 or 2.1) against a CSMS: they boot, send heartbeats and "
           "connector status, answer the CSMS from a realistic device model, charge when started remotely and reconnect "
           "when the connection drops. One line is printed per notable event. Stop with Ctrl-C."));
    p.addHelpOption();
    p.addOption({QStringLiteral("url"), Text::tr("CSMS WebSocket URL without the identity, e.g. ws://localhost:9000/ocpp."), Text::tr("url")});
    p.addOption({QStringLiteral("id"), Text::tr("Station identity (with --count: the prefix of ID-0001, ID-0002, ...)."), Text::tr("id")});
    p.addOption({QStringLiteral("ocpp"), Text::tr("OCPP version: 1.6, 2.0.1 or 2.1 (default 2.0.1)."), Text::tr("version"), QStringLiteral("2.0.1")});
    p.addOption({QStringLiteral("connectors"), Text::tr("Number of EVSEs (1.6: connectors), default 1."), Text::tr("n"), QStringLiteral("1")});
    p.addOption({QStringLiteral("connectors-per-evse"), Text::tr("Connectors on each EVSE (2.0.1 and 2.1), default 1."), Text::tr("n"), QStringLiteral("1")});
    p.addOption({QStringLiteral("count"), Text::tr("Start this many stations (default 1)."), Text::tr("n"), QStringLiteral("1")});
    p.addOption({QStringLiteral("profile"), Text::tr("Security profile 0-3 (default 0; 1 and 2 need --password, 3 needs --cert and --key)."), Text::tr("n"),
                 QStringLiteral("0")});
    p.addOption({QStringLiteral("password"), Text::tr("Basic auth password (profiles 1 and 2), 16 to 40 characters."), Text::tr("password")});
    p.addOption({QStringLiteral("password-file"), Text::tr("Read the Basic auth password from this file."), Text::tr("file")});
    p.addOption({QStringLiteral("ca"), Text::tr("CA certificate (PEM) that signed the CSMS's certificate (profiles 2 and 3; default: system CAs)."), Text::tr("pem")});
    p.addOption({QStringLiteral("cert"), Text::tr("Station certificate (PEM, CN = identity) for profile 3."), Text::tr("pem")});
    p.addOption({QStringLiteral("key"), Text::tr("Private key (PEM) of the station certificate."), Text::tr("pem")});
    p.addOption({QStringLiteral("vendor"), Text::tr("Vendor name in BootNotification (default ChargeBench)."), Text::tr("name"), QStringLiteral("ChargeBench")});
    p.addOption({QStringLiteral("model"), Text::tr("Model in BootNotification (default VirtualCharger)."), Text::tr("name"), QStringLiteral("VirtualCharger")});
    p.addOption({QStringLiteral("meter-interval"), Text::tr("Meter values interval during a session, in seconds (default 60)."), Text::tr("s"), QStringLiteral("60")});
    p.addOption({QStringLiteral("speed"), Text::tr("Run the stations' clocks this many times faster (intervals, back-off, the simulated driver)."), Text::tr("factor"),
                 QStringLiteral("1")});
    p.addOption({QStringLiteral("charge"), Text::tr("Each station plugs in an EV and presents a token once registered, and charges.")});
    p.addOption({QStringLiteral("reject-boot"), Text::tr("Fault: behave as if every BootNotification were rejected.")});
    p.addOption({QStringLiteral("reply-delay"), Text::tr("Fault: answer the CSMS's calls this many milliseconds late."), Text::tr("ms")});
    p.addOption({QStringLiteral("fault"), Text::tr("Fault at a time after registration, repeatable: %1.").arg(sim::FaultScript::syntax()), Text::tr("step")});
    p.process(args);

    if (!p.isSet(QStringLiteral("url")) || !p.isSet(QStringLiteral("id"))) {
        err() << Text::tr("simulate needs --url and --id, e.g. --url ws://localhost:9000/ocpp --id CP001.") << Qt::endl;
        return Usage;
    }
    const auto version = parseVersion(p.value(QStringLiteral("ocpp")));
    if (!version) {
        err() << Text::tr("Unknown OCPP version \"%1\"; use 1.6, 2.0.1 or 2.1.").arg(p.value(QStringLiteral("ocpp"))) << Qt::endl;
        return Usage;
    }
    int evses = 0, perEvse = 0, count = 0, meterInterval = 0;
    if (!positive(p, QStringLiteral("connectors"), 100, evses) || !positive(p, QStringLiteral("connectors-per-evse"), 10, perEvse)
        || !positive(p, QStringLiteral("count"), 9999, count) || !positive(p, QStringLiteral("meter-interval"), 86400, meterInterval))
        return Usage;
    bool ok = false;
    const int profile = p.value(QStringLiteral("profile")).toInt(&ok);
    if (!ok || profile < 0 || profile > 3) {
        err() << Text::tr("--profile must be 0, 1, 2 or 3.") << Qt::endl;
        return Usage;
    }
    const double speed = p.value(QStringLiteral("speed")).toDouble(&ok);
    if (!ok || speed < 1 || speed > 1000) {
        err() << Text::tr("--speed must be a factor from 1 to 1000.") << Qt::endl;
        return Usage;
    }
    int replyDelay = 0;
    if (p.isSet(QStringLiteral("reply-delay"))) {
        replyDelay = p.value(QStringLiteral("reply-delay")).toInt(&ok);
        if (!ok || replyDelay < 0) {
            err() << Text::tr("--reply-delay must be a number of milliseconds.") << Qt::endl;
            return Usage;
        }
    }
    std::vector<sim::FaultScript::Step> faults;
    for (const QString &spec : p.values(QStringLiteral("fault"))) {
        auto step = sim::FaultScript::parse(spec);
        if (!step) {
            err() << step.error().text() << Qt::endl;
            return Usage;
        }
        faults.push_back(step.value());
    }
    if (profile == 3 && count > 1) {
        err() << Text::tr("Security profile 3 needs one certificate per identity (CN = identity); use --count 1.") << Qt::endl;
        return Usage;
    }

    sim::VirtualStationConfig base;
    base.url = QUrl(p.value(QStringLiteral("url")));
    base.version = *version;
    base.evses = evses;
    base.connectorsPerEvse = perEvse;
    base.profile = SecurityProfile(profile);
    base.vendor = p.value(QStringLiteral("vendor"));
    base.model = p.value(QStringLiteral("model"));
    base.meterIntervalS = meterInterval;
    base.secondMs = std::max(1, int(1000 / speed));
    base.password = p.value(QStringLiteral("password")).toUtf8();
    if (p.isSet(QStringLiteral("password-file"))) {
        QFile f(p.value(QStringLiteral("password-file")));
        if (!f.open(QIODevice::ReadOnly)) {
            err() << Text::tr("Cannot read the password file %1: %2.").arg(f.fileName(), f.errorString()) << Qt::endl;
            return Failure;
        }
        base.password = f.readAll().trimmed();
    }
    if (profile >= 2 || p.isSet(QStringLiteral("ca"))) {
        auto tls = sim::stationTlsConfiguration(p.value(QStringLiteral("ca")), p.value(QStringLiteral("cert")), p.value(QStringLiteral("key")));
        if (!tls) {
            err() << tls.error().message << Qt::endl;
            if (!tls.error().hint.isEmpty())
                err() << tls.error().hint << Qt::endl;
            return Failure;
        }
        base.tls = tls.value();
    }

    std::vector<std::unique_ptr<sim::VirtualStation>> stations;
    const QString id = p.value(QStringLiteral("id"));
    for (int i = 1; i <= count; ++i) {
        sim::VirtualStationConfig c = base;
        c.identity = count == 1 ? id : QStringLiteral("%1-%2").arg(id).arg(i, 4, 10, QLatin1Char('0'));
        if (auto checked = sim::VirtualStation::check(c); !checked) {
            err() << checked.error().message << Qt::endl;
            if (!checked.error().hint.isEmpty())
                err() << checked.error().hint << Qt::endl;
            return Usage;
        }
        stations.push_back(std::make_unique<sim::VirtualStation>(c));
    }

    const bool charge = p.isSet(QStringLiteral("charge"));
    out() << QCoreApplication::translate("cb::cli", "Starting %n virtual station(s), OCPP %1, security profile %2, against %3.", nullptr, count)
                 .arg(versionName(*version))
                 .arg(profile)
                 .arg(base.url.toString())
          << Qt::endl;
    out() << Text::tr("Press Ctrl-C to stop.") << Qt::endl;
    for (auto &s : stations) {
        sim::VirtualStation *st = s.get();
        QObject::connect(st, &sim::VirtualStation::event, st, [st](const QString &line) {
            out() << QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss.zzz")) << QStringLiteral(" [") << st->identity()
                  << QStringLiteral("] ") << line << Qt::endl;
        });
        if (charge)
            QObject::connect(st, &sim::VirtualStation::registered, st, [st] {
                st->plugIn(1);
                st->presentIdToken(1, st->config().idToken);
            });
        st->setRejectBoot(p.isSet(QStringLiteral("reject-boot")));
        st->setReplyDelay(std::chrono::milliseconds(replyDelay));
        if (!faults.empty()) {
            auto *script = new sim::FaultScript(*st, st);
            for (const auto &f : faults)
                script->add(f);
        }
        st->start();
    }

    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, qApp, [&stations] {
        out() << Text::tr("Stopping: closing the connections...") << Qt::endl;
        // Leave once every open connection has closed (close handshake done), or after 3 s.
        auto open = std::make_shared<int>(0);
        for (auto &s : stations) {
            if (s->isConnected()) {
                ++*open;
                QObject::connect(s.get(), &sim::VirtualStation::connectionLost, qApp, [open] {
                    if (--*open == 0)
                        QCoreApplication::quit();
                });
            }
            s->stop();
        }
        if (*open == 0)
            QCoreApplication::quit();
        else
            QTimer::singleShot(3000, qApp, [] { QCoreApplication::quit(); });
    });
    const int rc = QCoreApplication::exec();
    out() << Text::tr("Stopped.") << Qt::endl;
    return rc;
}

} // namespace cb::cli
