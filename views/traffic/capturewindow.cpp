#include "capturewindow.h"

#include "capturebrowse/captureimportjob.h"
#include "capturebrowse/capturesession.h"
#include "capturetablemodel.h"
#include "captureview.h"
#include "lintfindingsmodel.h"

#include <QTableView>

#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QTemporaryDir>

namespace cb {

QString CaptureWindow::fileFilter()
{
    return tr("Captures (*.sqlite *.db *.pcap *.pcapng *.cap *.jsonl *.json);;ChargeBench databases (*.sqlite *.db);;"
                             "Packet captures (*.pcap *.pcapng *.cap);;JSON lines exports (*.jsonl *.json);;All files (*)");
}

CaptureWindow::CaptureWindow(QWidget *parent) : QMainWindow(parent)
{
    setObjectName(QStringLiteral("captureWindow"));
    setWindowTitle(tr("Capture - ChargeBench"));
    m_view = new CaptureView(this);
    setCentralWidget(m_view);
    m_job = new CaptureImportJob(this);

    m_summary = new QLabel(this);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("importProgress"));
    m_progress->setMaximumWidth(260);
    m_progress->setRange(0, 1000);
    m_progress->hide();
    m_cancel = new QPushButton(tr("Cancel import"), this);
    m_cancel->setObjectName(QStringLiteral("cancelImport"));
    m_cancel->hide();
    statusBar()->addWidget(m_summary, 1);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);

    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open = file->addAction(tr("&Open capture..."), this, &CaptureWindow::chooseAndOpen);
    open->setShortcut(QKeySequence::Open);
    file->addAction(tr("&Import into database..."), this, &CaptureWindow::chooseAndImport);
    file->addSeparator();
    QAction *close = file->addAction(tr("&Close"), this, &QWidget::close);
    close->setShortcut(QKeySequence::Close);

    connect(m_cancel, &QPushButton::clicked, this, &CaptureWindow::cancelImport);
    connect(m_job, &CaptureImportJob::progress, this, [this](qint64 done, qint64 total) {
        m_progress->setValue(total > 0 ? int(1000 * done / total) : 0);
        m_summary->setText(tr("Importing %1: %2 of %3 MB").arg(QFileInfo(m_importing).fileName()).arg(double(done) / 1e6, 0, 'f', 1).arg(double(total) / 1e6, 0, 'f', 1));
    });
    connect(m_job, &CaptureImportJob::finished, this, [this](bool ok, const CaptureImport::Outcome &o, const QString &error) {
        m_progress->hide();
        m_cancel->hide();
        const QString name = QFileInfo(m_importing).fileName();
        QString text;
        if (!ok) {
            text = tr("Could not import %1: %2").arg(name, error);
        } else if (o.cancelled) {
            text = tr("Import of %1 cancelled.").arg(name);
        } else {
            text = tr("Imported %1: %n record(s)", nullptr, int(o.records)).arg(name);
            if (o.format == CaptureImport::Format::Pcap)
                text += tr(", %n connection(s), %1 problem(s), %2 encrypted connection(s) skipped", nullptr, o.pcap.connections)
                            .arg(o.pcap.problems)
                            .arg(o.pcap.encrypted.size());
            text += QLatin1Char('.');
            if (!o.warning.isEmpty())
                text += QLatin1Char(' ') + tr("The file was read only in part: %1").arg(o.warning);
        }
        m_summary->setText(text);
        const bool usable = ok && !o.cancelled;
        if (usable) {
            openDatabase(m_target, name);
            // The temporary database now backs the view (the view closed the previous one).
            if (m_pendingTemp)
                m_temp = std::move(m_pendingTemp);
        }
        m_pendingTemp.reset();
        Q_EMIT importFinished(usable, ok && o.cancelled, text);
    });
}

CaptureWindow::~CaptureWindow()
{
    m_job->cancel();
    m_job->wait();
}

bool CaptureWindow::isImporting() const { return m_job->isRunning(); }

QString CaptureWindow::summary() const { return m_summary->text(); }

void CaptureWindow::chooseAndOpen()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a capture"), QString(), fileFilter());
    if (!path.isEmpty())
        openFile(path);
}

void CaptureWindow::chooseAndImport()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Capture to import"), QString(),
                                                      tr("Packet captures and JSON lines (*.pcap *.pcapng *.cap *.jsonl *.json);;All files (*)"));
    if (path.isEmpty())
        return;
    const QString db = QFileDialog::getSaveFileName(this, tr("Import into which database?"), QFileInfo(path).completeBaseName() + QStringLiteral(".sqlite"),
                                                    tr("ChargeBench databases (*.sqlite *.db)"), nullptr, QFileDialog::DontConfirmOverwrite);
    if (!db.isEmpty())
        openFile(path, db);
}

void CaptureWindow::cancelImport()
{
    if (m_job->isRunning()) {
        m_summary->setText(tr("Cancelling..."));
        m_job->cancel();
    }
}

void CaptureWindow::openFile(const QString &path, const QString &targetDb)
{
    if (m_job->isRunning()) {
        m_summary->setText(tr("An import is still running; cancel it first."));
        return;
    }
    const CaptureImport::Format format = CaptureImport::detect(path);
    if (format == CaptureImport::Format::Database) {
        openDatabase(path, QFileInfo(path).fileName());
        return;
    }
    if (format == CaptureImport::Format::Unknown) {
        const QString text = QFileInfo(path).exists()
                                 ? tr("%1 is not a capture ChargeBench can read. Choose a ChargeBench database, a pcap/pcapng file or a JSON lines export.").arg(path)
                                 : tr("%1 does not exist.").arg(path);
        m_summary->setText(text);
        Q_EMIT importFinished(false, false, text);
        return;
    }
    QString db = targetDb;
    if (db.isEmpty()) {
        m_pendingTemp = std::make_unique<QTemporaryDir>();
        if (!m_pendingTemp->isValid()) {
            const QString text = tr("Cannot create a temporary database (%1). Use File > Import into database and choose a location.")
                                     .arg(m_pendingTemp->errorString());
            m_pendingTemp.reset();
            m_summary->setText(text);
            Q_EMIT importFinished(false, false, text);
            return;
        }
        db = m_pendingTemp->filePath(QStringLiteral("capture.sqlite"));
    }
    m_target = db;
    m_importing = path;
    m_progress->setValue(0);
    m_progress->show();
    m_cancel->show();
    m_summary->setText(tr("Importing %1...").arg(QFileInfo(path).fileName()));
    m_job->start(path, db);
}

void CaptureWindow::openDatabase(const QString &dbPath, const QString &shownName)
{
    setWindowTitle(tr("%1 - ChargeBench capture").arg(shownName));
    m_view->openDatabase(dbPath);
    // Start on the first frame, so the detail pane shows what a frame looks like; when the lint
    // finds something (and the person has not moved yet), on the frames of the first finding.
    connect(m_view->model(), &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_view->table()->currentIndex().isValid() && m_view->model()->rowCount() > 0)
            m_view->table()->setCurrentIndex(m_view->model()->index(0, 0));
    }, Qt::SingleShotConnection);
    connect(m_view->session(), &CaptureSession::lintFinished, this, [this](const LintReport &report) {
        if (report.findings.isEmpty())
            return;
        auto showFirst = [this] {
            if (m_view->table()->currentIndex().row() <= 0)
                m_view->findingsTable()->setCurrentIndex(m_view->findingsModel()->index(0, 0));
        };
        // A small capture can be linted before its rows are listed.
        if (m_view->model()->isListing())
            connect(m_view->model(), &CaptureTableModel::listingFinished, this, showFirst, Qt::SingleShotConnection);
        else
            showFirst();
    }, Qt::SingleShotConnection);
    // A capture opened to be inspected is checked at once, in the background.
    m_view->runLint();
    Q_EMIT databaseOpened(dbPath);
}

} // namespace cb
