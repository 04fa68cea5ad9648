// chargebench: the desktop app. Thin: parses options, makes the workspace and the main window.
#include "mainwindow.h"
#include "settings/appsettings.h"
#include "stations/stationlistmodel.h"
#include "traffic/capturewindow.h"
#include "stations/stationpage.h"
#include "simulator/demostations.h"
#include "workspace/workspace.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTextStream>
#include <QTimer>

#include <memory>

namespace {

void describe(QCommandLineParser &p)
{
    p.setApplicationDescription(QCoreApplication::translate("main", "ChargeBench: commission and diagnose OCPP chargers."));
    p.addHelpOption();
    p.addVersionOption();
    p.addOption({QStringLiteral("screenshot"), QCoreApplication::translate("main", "Render the main window to a PNG file and exit."),
                 QCoreApplication::translate("main", "file")});
    p.addOption({QStringLiteral("screenshot-delay"), QCoreApplication::translate("main", "Milliseconds to wait before the screenshot (default 1500)."),
                 QCoreApplication::translate("main", "ms"), QStringLiteral("1500")});
    p.addOption({QStringLiteral("listen"), QCoreApplication::translate("main", "Port chargers connect to (overrides the settings)."),
                 QCoreApplication::translate("main", "port")});
    p.addOption({QStringLiteral("demo"), QCoreApplication::translate("main", "Also run three virtual stations (OCPP 1.6, 2.0.1, 2.1) over loopback.")});
    p.addOption({QStringLiteral("db"), QCoreApplication::translate("main", "Capture database file."), QCoreApplication::translate("main", "file")});
    p.addOption({QStringLiteral("open-capture"),
                 QCoreApplication::translate("main", "Open a capture (ChargeBench database, pcap/pcapng, JSON lines) in a capture window; "
                                                     "with --screenshot, that window is rendered."),
                 QCoreApplication::translate("main", "file")});
    p.addOption({QStringLiteral("station"), QCoreApplication::translate("main", "Select this station when it appears (e.g. DEMO-201)."),
                 QCoreApplication::translate("main", "identity")});
    p.addOption({QStringLiteral("tab"), QCoreApplication::translate("main", "Show this tab of the station page (overview, device model, connectors, ...)."),
                 QCoreApplication::translate("main", "name")});
}

void nameApplication()
{
    QCoreApplication::setApplicationName(QStringLiteral("ChargeBench"));
    QCoreApplication::setOrganizationName(QStringLiteral("ChargeBench"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CHARGEBENCH_VERSION));
}

// Help and version are text: they must work over SSH and in CI, where QApplication would abort
// for want of a display.
bool onlyText(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray a(argv[i]);
        if (a == "--") // what follows is not an option
            return false;
        if (a == "-h" || a == "--help" || a == "-?" || a == "--help-all" || a == "-v" || a == "--version")
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char **argv)
{
    if (onlyText(argc, argv)) {
        QCoreApplication app(argc, argv);
        nameApplication();
        QCommandLineParser p;
        describe(p);
        p.process(app); // prints and exits
        return 0;
    }
    QApplication app(argc, argv);
    nameApplication();
    QCommandLineParser p;
    describe(p);
    p.process(app);

    const cb::AppSettings settings = cb::AppSettings::load();
    cb::WorkspaceConfig cfg = settings.toWorkspaceConfig();
    if (p.isSet(QStringLiteral("listen")))
        cfg.server.port = quint16(p.value(QStringLiteral("listen")).toUInt());
    if (p.isSet(QStringLiteral("db")))
        cfg.databasePath = p.value(QStringLiteral("db"));
    if (p.isSet(QStringLiteral("demo")))
        cfg.server.profile = cb::SecurityProfile::None; // the demo stations have no credentials
    cb::Workspace workspace;
    cb::MainWindow window(workspace);
    window.setSettings(settings);
    if (p.isSet(QStringLiteral("tab")) && !window.stationPage()->showTab(p.value(QStringLiteral("tab")))) {
        QTextStream(stderr) << QCoreApplication::translate("main", "There is no tab \"%1\". Tabs: %2.")
                                   .arg(p.value(QStringLiteral("tab")), window.stationPage()->tabNames().join(QStringLiteral(", ")))
                            << Qt::endl;
        return 2;
    }
    const bool screenshot = p.isSet(QStringLiteral("screenshot"));
    window.show();
    const bool started = window.startServer(cfg, screenshot);
    if (p.isSet(QStringLiteral("station"))) {
        const QString wanted = p.value(QStringLiteral("station"));
        // Stations appear when they connect; select the wanted one then (and only once).
        auto once = std::make_shared<QMetaObject::Connection>();
        *once = QObject::connect(&workspace, &cb::Workspace::stationChanged, &window, [&window, wanted, once](const cb::StationSnapshot &s) {
            if (s.identity != wanted)
                return;
            QObject::disconnect(*once);
            window.selectStation(wanted);
        });
    }

    cb::sim::DemoStations demo;
    if (started && p.isSet(QStringLiteral("demo")))
        demo.start(cb::sim::DemoStations::loopbackUrl(workspace.urls()));
    QObject::connect(&app, &QCoreApplication::aboutToQuit, &demo, &cb::sim::DemoStations::stop);
    QWidget *shown = &window;
    if (p.isSet(QStringLiteral("open-capture")))
        if (cb::CaptureWindow *capture = window.openCapture(p.value(QStringLiteral("open-capture"))))
            shown = capture;

    if (screenshot) {
        // Give the window a moment to lay out and stations a moment to connect, then render it.
        const QString file = p.value(QStringLiteral("screenshot"));
        QTimer::singleShot(p.value(QStringLiteral("screenshot-delay")).toInt(), &window, [&window, shown, file] {
            const bool ok = shown->grab().save(file);
            window.close();
            QCoreApplication::exit(ok ? 0 : 1);
        });
    }
    return QApplication::exec();
}
