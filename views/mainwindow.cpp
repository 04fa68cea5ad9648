#include "mainwindow.h"

#include "capturebrowse/databaseupdatejob.h"
#include "databaseupdate.h"
#include "actions/actionspanel.h"
#include "composer/composerwidget.h"
#include "schema/schemacatalog.h"
#include "serial/serialpanel.h"
#include "settings/settingsdialog.h"
#include "stations/stationlistmodel.h"
#include "stations/stationpage.h"
#include "traffic/capturewindow.h"
#include "traffic/trafficdock.h"
#include "workspace/workspace.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QToolButton>

namespace cb {

MainWindow::MainWindow(Workspace &workspace, QWidget *parent) : QMainWindow(parent), m_workspace(workspace)
{
    setWindowTitle(tr("ChargeBench"));
    setObjectName(QStringLiteral("mainWindow"));

    m_stations = new StationListModel(this);
    m_sorted = new QSortFilterProxyModel(this);
    m_sorted->setSourceModel(m_stations);
    m_list = new QTableView(this);
    m_list->setObjectName(QStringLiteral("stationList"));
    m_list->setModel(m_sorted);
    m_list->setSortingEnabled(true);
    m_list->sortByColumn(StationListModel::Identity, Qt::AscendingOrder);
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->verticalHeader()->hide();
    m_list->setWordWrap(false);
    m_list->verticalHeader()->setDefaultSectionSize(m_list->fontMetrics().height() + 8);
    m_list->horizontalHeader()->setStretchLastSection(true);
    m_list->setColumnWidth(StationListModel::Identity, 110);
    m_list->setColumnWidth(StationListModel::VendorModel, 150);
    m_list->setColumnWidth(StationListModel::Version, 50);
    m_list->setColumnWidth(StationListModel::State, 80);
    m_list->setColumnWidth(StationListModel::Profile, 55);
    m_list->setAccessibleName(tr("Stations"));

    m_page = new StationPage(workspace, this);
    // Tabs that act on the selected station follow it; they only need its identity and version.
    auto *actions = new ActionsPanel(workspace, m_page);
    auto *composer = new ComposerWidget(workspace, m_page);
    auto follow = [](auto *tab) {
        return [tab, last = QString()](const StationSnapshot &s) mutable {
            const QString key = s.identity + (s.version ? versionName(*s.version) : QString());
            if (!s.version || key == last)
                return;
            last = key;
            tab->setStation(s.identity, *s.version);
        };
    };
    m_page->addStationTab(actions, tr("&Actions"), follow(actions));
    m_page->addStationTab(composer, tr("&Message composer"), follow(composer));
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(QStringLiteral("mainSplitter"));
    split->addWidget(m_list);
    split->addWidget(m_page);
    split->setStretchFactor(1, 1);
    split->setSizes({430, 850});
    setCentralWidget(split);

    m_traffic = new TrafficDock(workspace, this);
    addDockWidget(Qt::BottomDockWidgetArea, m_traffic);

    m_urls = new QLabel(this);
    m_urls->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *copy = new QToolButton(this);
    copy->setText(tr("Copy"));
    copy->setToolTip(tr("Copy the URLs chargers can use to reach this computer"));
    m_tls = new QLabel(this);
    m_count = new QLabel(this);
    statusBar()->addWidget(m_urls, 1);
    statusBar()->addWidget(copy);
    statusBar()->addPermanentWidget(m_tls);
    statusBar()->addPermanentWidget(m_count);
    connect(copy, &QToolButton::clicked, this, &MainWindow::copyUrls);

    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        const QString id = current.data(StationListModel::IdentityRole).toString();
        m_page->showStation(id);
        QSettings().setValue(QStringLiteral("ui/lastStation"), id);
    });
    connect(&workspace, &Workspace::stationChanged, this, [this](const StationSnapshot &s) {
        const bool first = m_stations->rowCount() == 0;
        m_stations->updateStation(s);
        if (first && !m_list->currentIndex().isValid())
            selectStation(s.identity);
        updateStatusBar();
    });
    connect(&workspace, &Workspace::problem, this, [this](const QString &m) { statusBar()->showMessage(m, 10000); });
    connect(&workspace, &Workspace::connectionRefused, this, [this](const QString &remote, const QString &id, int, const QString &why) {
        statusBar()->showMessage(tr("Refused %1 %2: %3").arg(remote, id, why), 10000);
    });

    createMenus();
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("ui/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("ui/state")).toByteArray());
    if (!settings.contains(QStringLiteral("ui/geometry")))
        resize(1280, 860);
    updateStatusBar();
}

MainWindow::~MainWindow() = default;

bool MainWindow::startServer(const WorkspaceConfig &config, bool quiet)
{
    m_config = config;
    // An older database is updated first, with progress, so that the start below finds it current
    // and does not hold the window for the update.
    const QString path = config.databaseFile();
    if (DatabaseUpdateJob::isNeeded(path)) {
        bool cancelled = false;
        if (const auto updated = DatabaseUpdate::run(this, path, &cancelled); !updated) {
            if (!quiet && !cancelled)
                QMessageBox::warning(this, tr("The OCPP server did not start"), updated.error().message + QStringLiteral("\n\n") + updated.error().hint);
            statusBar()->showMessage(cancelled ? tr("Database update cancelled; the OCPP server did not start. Start ChargeBench again to update the database, or choose another one in Settings.")
                                               : updated.error().message);
            updateStatusBar();
            return false;
        }
    }
    const auto started = m_workspace.start(config);
    if (!started) {
        if (!quiet)
            QMessageBox::warning(this, tr("The OCPP server did not start"), started.error().message + QStringLiteral("\n\n") + started.error().hint);
        statusBar()->showMessage(started.error().message);
        updateStatusBar();
        return false;
    }
    if (const auto known = m_workspace.knownStations())
        m_stations->setKnownStations(known.value());
    const QString last = QSettings().value(QStringLiteral("ui/lastStation")).toString();
    if (!last.isEmpty() && m_stations->rowOf(last) >= 0)
        selectStation(last);
    updateStatusBar();
    return true;
}

void MainWindow::selectStation(const QString &identity)
{
    const int row = m_stations->rowOf(identity);
    if (row < 0)
        return;
    m_list->setCurrentIndex(m_sorted->mapFromSource(m_stations->index(row, 0)));
}

QString MainWindow::statusText() const { return m_urls->text() + QLatin1Char(' ') + m_tls->text() + QLatin1Char(' ') + m_count->text(); }

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *settings = file->addAction(tr("&Settings..."), this, &MainWindow::showSettings);
    settings->setShortcut(QKeySequence::Preferences);
    if (settings->shortcut().isEmpty())
        settings->setShortcut(QKeySequence(tr("Ctrl+,")));
    QAction *openCapture = file->addAction(tr("&Open capture..."), this, [this] { this->openCapture(); });
    openCapture->setShortcut(QKeySequence::Open);
    QAction *copyUrls = file->addAction(tr("&Copy charger URLs"), this, &MainWindow::copyUrls);
    copyUrls->setShortcut(QKeySequence(tr("Ctrl+Shift+C")));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *traffic = m_traffic->toggleViewAction();
    traffic->setShortcut(QKeySequence(tr("Ctrl+T")));
    view->addAction(traffic);
    QAction *pause = view->addAction(tr("&Pause live traffic"));
    pause->setCheckable(true);
    pause->setShortcut(QKeySequence(tr("Ctrl+P")));
    connect(pause, &QAction::toggled, m_traffic, &TrafficDock::setPaused);
    QAction *focusList = view->addAction(tr("Station &list"), this, [this] { m_list->setFocus(); });
    focusList->setShortcut(QKeySequence(tr("Ctrl+L")));
    QAction *serial = view->addAction(tr("&Serial hardware..."), this, &MainWindow::showSerialPanel);
    serial->setShortcut(QKeySequence(tr("Ctrl+Shift+H")));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About ChargeBench"), this, &MainWindow::showAbout);
}

void MainWindow::updateStatusBar()
{
    const QStringList urls = m_workspace.urls();
    // The first two addresses fit; all of them are in the tooltip and on the clipboard (Copy).
    QStringList shown = urls.mid(0, 2);
    for (QString &u : shown)
        u += QStringLiteral("<identity>");
    QString text = urls.isEmpty() ? tr("Server stopped") : tr("Chargers connect to: %1").arg(shown.join(QStringLiteral("   ")));
    if (urls.size() > 2)
        text += tr("   (+%n more)", nullptr, int(urls.size() - 2));
    m_urls->setText(text);
    m_urls->setToolTip(urls.join(QLatin1Char('\n')));
    const int profile = int(m_config.server.profile);
    m_tls->setText(m_workspace.isRunning() ? (profile >= 2 ? tr("TLS on (profile %1)").arg(profile) : tr("no TLS (profile %1)").arg(profile))
                                           : QString());
    m_count->setText(tr("%n station(s) connected", nullptr, m_stations->connectedCount()));
}

void MainWindow::copyUrls()
{
    QStringList urls;
    for (const QString &u : m_workspace.urls())
        urls << u + QStringLiteral("<identity>");
    QApplication::clipboard()->setText(urls.join(QLatin1Char('\n')));
    statusBar()->showMessage(tr("Copied %n URL(s).", nullptr, int(urls.size())), 3000);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About ChargeBench"),
                       tr("<h3>ChargeBench %1</h3><p>Commissioning and diagnostics for OCPP 1.6J, 2.0.1 and 2.1 chargers.</p><p>%2</p>")
                           .arg(QApplication::applicationVersion(), SchemaCatalog::attribution().toHtmlEscaped()));
}

void MainWindow::setSettings(const AppSettings &settings)
{
    m_settings = settings;
    m_page->applySettings(m_settings);
}

void MainWindow::showSettings()
{
    SettingsDialog dialog(m_settings, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_settings.save();
    setSettings(m_settings);
    if (!dialog.restartRequired())
        return;
    if (QMessageBox::question(this, tr("Restart the server?"),
                              tr("The new settings take effect when the OCPP server restarts. Connected stations will "
                                 "reconnect. Restart it now?"))
        == QMessageBox::Yes) {
        m_workspace.stop();
        startServer(m_settings.toWorkspaceConfig());
    }
}

void MainWindow::showSerialPanel()
{
    if (!m_serialWindow) {
        m_serialWindow = new SerialPanel(m_workspace, this);
        m_serialWindow->setWindowFlag(Qt::Window);
        m_serialWindow->setWindowTitle(tr("Serial hardware - ChargeBench"));
        m_serialWindow->resize(1000, 720);
    }
    m_serialWindow->show();
    m_serialWindow->raise();
    m_serialWindow->activateWindow();
}

CaptureWindow *MainWindow::openCapture(const QString &file)
{
    const QString path = file.isEmpty() ? QFileDialog::getOpenFileName(this, tr("Open a capture"), QString(), CaptureWindow::fileFilter()) : file;
    if (path.isEmpty())
        return nullptr;
    // Each capture gets its own window, independent of the live server and of each other.
    auto *window = new CaptureWindow(this);
    window->setWindowFlag(Qt::Window);
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->resize(1280, 820);
    window->show();
    window->openFile(path);
    return window;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("ui/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("ui/state"), saveState());
    m_workspace.stop();
    event->accept();
}

} // namespace cb
