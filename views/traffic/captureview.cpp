#include "captureview.h"

#include "capturebrowse/capturesession.h"
#include "capturetablemodel.h"
#include "framedetail.h"
#include "lintfindingsmodel.h"
#include "sequencediagramdialog.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

// CaptureView's layout, its wiring to the capture session and the live follow, the detail pane and
// the status line. The filter bar is in capturefilterbar.cpp, the commands (jump, copy, diagram,
// lint, select) in captureviewcommands.cpp.
namespace cb {

namespace {
QAction *shortcut(QWidget *owner, const QKeySequence &keys, const QString &text)
{
    auto *a = new QAction(text, owner);
    a->setShortcut(keys);
    a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    owner->addAction(a);
    return a;
}
} // namespace

CaptureView::CaptureView(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("captureView"));
    m_session = new CaptureSession(this);
    m_model = new CaptureTableModel(m_session, this);
    m_findingsModel = new LintFindingsModel(this);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    buildFilterBar();

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("trafficTable"));
    m_table->setAccessibleName(tr("Captured frames"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->verticalHeader()->hide();
    // Uniform row heights: the view never measures rows, so a million of them cost nothing.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    const QList<int> widths{88, 84, 78, 84, 120, 70, 56, 48};
    for (int i = 0; i < widths.size(); ++i)
        m_table->setColumnWidth(i, widths.at(i));

    m_detail = new QTextBrowser(this);
    m_detail->setObjectName(QStringLiteral("frameDetail"));
    m_detail->setPlaceholderText(tr("Select a frame to see it as JSON, with its problems marked where they are."));
    m_detail->setOpenLinks(false);

    m_findings = new QTableView(this);
    m_findings->setObjectName(QStringLiteral("lintFindings"));
    m_findings->setAccessibleName(tr("Lint findings"));
    m_findings->setModel(m_findingsModel);
    m_findings->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_findings->setSelectionMode(QAbstractItemView::SingleSelection);
    m_findings->verticalHeader()->hide();
    m_findings->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_findings->verticalHeader()->setDefaultSectionSize(m_findings->fontMetrics().height() + 6);
    m_findings->horizontalHeader()->setStretchLastSection(true);
    m_findings->setWordWrap(false);
    const QList<int> fwidths{60, 140, 90, 92, 50};
    for (int i = 0; i < fwidths.size(); ++i)
        m_findings->setColumnWidth(i, fwidths.at(i));

    auto *top = new QSplitter(Qt::Horizontal, this);
    top->addWidget(m_table);
    top->addWidget(m_detail);
    top->setStretchFactor(0, 3);
    top->setStretchFactor(1, 2);
    top->setSizes({760, 320}); // proportions: the list wide enough for its verdict column
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(top);
    split->addWidget(m_findings);
    split->setStretchFactor(0, 4);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);

    auto *bottom = new QHBoxLayout;
    auto *jump = new QPushButton(tr("&Jump to reply/CALL"), this);
    jump->setToolTip(tr("Ctrl+J: from a CALL to its reply and back"));
    auto *copy = new QPushButton(tr("Cop&y JSON"), this);
    copy->setToolTip(tr("Ctrl+C: the selected frame as pretty JSON"));
    auto *diagram = new QPushButton(tr("Se&quence diagram..."), this);
    diagram->setToolTip(tr("Ctrl+D: the selected rows as a sequence diagram (PNG/SVG export)"));
    auto *lint = new QPushButton(tr("Check &protocol"), this);
    lint->setToolTip(tr("Ctrl+Shift+L: check the capture against the OCPP rules; findings appear below and in the Verdict column"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("captureStatus"));
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("captureMessage"));
    m_message->setWordWrap(false);
    bottom->addWidget(jump);
    bottom->addWidget(copy);
    bottom->addWidget(diagram);
    bottom->addWidget(lint);
    bottom->addWidget(m_message, 1);
    bottom->addWidget(m_status);
    layout->addLayout(bottom);

    connect(jump, &QPushButton::clicked, this, &CaptureView::jumpToPair);
    connect(copy, &QPushButton::clicked, this, &CaptureView::copyJson);
    connect(diagram, &QPushButton::clicked, this, &CaptureView::showSequenceDiagram);
    connect(lint, &QPushButton::clicked, this, &CaptureView::runLint);
    connect(shortcut(this, QKeySequence(tr("Ctrl+J")), tr("Jump to reply/CALL")), &QAction::triggered, this, &CaptureView::jumpToPair);
    connect(shortcut(m_table, QKeySequence::Copy, tr("Copy as JSON")), &QAction::triggered, this, &CaptureView::copyJson);
    connect(shortcut(this, QKeySequence(tr("Ctrl+D")), tr("Sequence diagram")), &QAction::triggered, this, &CaptureView::showSequenceDiagram);
    connect(shortcut(this, QKeySequence(tr("Ctrl+Shift+L")), tr("Check protocol")), &QAction::triggered, this, &CaptureView::runLint);
    connect(shortcut(this, QKeySequence::Find, tr("Search payloads")), &QAction::triggered, this, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });

    // Live follow: decided before rows go in, acted on after.
    connect(m_model, &QAbstractItemModel::rowsAboutToBeInserted, this, [this] { m_wasAtBottom = isAtBottom(); });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        // Queued: the scroll range is updated after the insertion settles. A scroll away in the
        // meantime (valueChanged below) cancels it.
        if (m_follow && m_wasAtBottom) {
            m_followPending = true;
            QMetaObject::invokeMethod(
                this,
                [this] {
                    if (m_followPending)
                        m_table->scrollToBottom();
                    m_followPending = false;
                },
                Qt::QueuedConnection);
        }
        updateStatus();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &CaptureView::updateStatus);
    connect(m_table->verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        if (value < m_table->verticalScrollBar()->maximum() - 2)
            m_followPending = false;
    });
    connect(m_model, &CaptureTableModel::listingFinished, this, [this] {
        // The pickers were filled before the first frames were committed (a live station just
        // connected): fill them again now that there are rows.
        if (!m_haveTimeSpan && m_model->rowCount() > 0 && (!m_optionsAge.isValid() || m_optionsAge.elapsed() > 500)) {
            m_optionsAge.start();
            m_session->refreshOptions();
        }
        updateStatus();
    });
    connect(m_model, &CaptureTableModel::rowsLoaded, this, [this](int first, int last) {
        // The detail's pairing line needs the row's columns; redo it once they are here.
        const int row = m_table->currentIndex().row();
        if (row >= first && row <= last && m_detailRecord && m_detailRecord->id == m_model->idAt(row))
            showDetailOf(row);
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        m_detailRecord.reset();
        m_detailId = current.isValid() ? m_model->idAt(current.row()) : 0;
        if (m_detailId)
            m_session->fetchRecord(m_detailId);
        else
            m_detail->clear();
    });
    connect(m_session, &CaptureSession::recordFetched, this, [this](qint64 id, const std::optional<StoredCaptureRecord> &record) {
        if (id != m_detailId)
            return;
        m_detailRecord = record;
        if (!record) {
            m_detail->setPlainText(tr("Frame %1 is no longer in the database (retention removed it).").arg(id));
            return;
        }
        showDetailOf(m_model->rowOfId(id));
    });
    connect(m_findings->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (current.isValid())
            selectFrames(m_findingsModel->frameIds(current.row()));
    });
    connect(m_session, &CaptureSession::filterOptions, this,
            [this](const QStringList &stations, const QStringList &actions, qint64 firstUs, qint64 lastUs) {
                const QSignalBlocker b1(m_station), b2(m_action);
                const QString station = m_station->currentText(), action = m_action->currentText();
                m_station->clear();
                m_station->addItem(tr("All stations"), QString());
                for (const QString &s : stations)
                    m_station->addItem(s, s);
                m_action->clear();
                m_action->addItem(tr("All actions"), QString());
                for (const QString &a : actions)
                    m_action->addItem(a, a);
                m_station->setCurrentText(station);
                m_action->setCurrentText(action);
                m_optionsAge.start();
                m_haveTimeSpan = firstUs != 0;
                if (firstUs && !m_timeRange->isChecked()) {
                    m_from->setDateTime(QDateTime::fromMSecsSinceEpoch(firstUs / 1000));
                    m_to->setDateTime(QDateTime::fromMSecsSinceEpoch(lastUs / 1000 + 1));
                }
            });
    connect(m_session, &CaptureSession::searchIndexProgress, this, [this](qint64 upTo, qint64 last) {
        m_indexedUpTo = upTo;
        m_lastId = last;
        updateStatus();
    });
    connect(m_session, &CaptureSession::lintProgress, this, [this](qint64 n) {
        m_lintText = tr("checking... %n record(s)", nullptr, int(n));
        updateStatus();
    });
    connect(m_session, &CaptureSession::lintFinished, this, [this](const LintReport &report) {
        m_model->setLintReport(report);
        m_findingsModel->setReport(report);
        m_lintText = tr("%n finding(s)", nullptr, int(report.findings.size()));
        if (m_model->filter().onlyProblems)
            m_model->reload();
        updateStatus();
    });
    connect(m_session, &CaptureSession::opened, this, [this](bool ok, const QString &error) {
        if (!ok)
            say(error);
        updateStatus();
    });
    connect(m_session, &CaptureSession::failed, this, &CaptureView::say);
    connect(m_session, &CaptureSession::recordsFetched, this, [this](quint64 token, const QList<StoredCaptureRecord> &records) {
        if (token != m_diagramToken)
            return;
        if (records.isEmpty()) {
            say(tr("Nothing to draw: select the rows of the exchange first."));
            return;
        }
        auto *dialog = new SequenceDiagramDialog(SequenceDiagram::fromRecords(records), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
        Q_EMIT sequenceDiagramOpened(dialog);
    });
    updateStatus();
}

CaptureView::~CaptureView() = default;

void CaptureView::openDatabase(const QString &path)
{
    m_detail->clear();
    m_detailRecord.reset();
    m_detailId = 0;
    m_findingsModel->setReport({});
    m_model->setLintReport({});
    m_lintText.clear();
    m_message->clear();
    m_indexedUpTo = m_lastId = 0;
    m_session->open(path);
    m_model->setFilter(filter());
}

QString CaptureView::databasePath() const { return m_session->path(); }

void CaptureView::setLockedStation(const QString &stationId)
{
    if (m_lockedStation == stationId && !stationId.isEmpty())
        return;
    m_lockedStation = stationId;
    m_stationBox->setVisible(stationId.isEmpty());
    m_table->setColumnHidden(CaptureTableModel::Station, !stationId.isEmpty());
    // Another station's findings mean nothing here.
    m_findingsModel->setReport({});
    m_model->setLintReport({});
    m_lintText.clear();
    m_wasAtBottom = true;
    if (!m_session->path().isEmpty())
        m_model->setFilter(filter());
}

void CaptureView::notifyNewFrames()
{
    m_session->notifyNewFrames();
    // New stations, actions and a later end time for the pickers, now and then (not per batch).
    if (!m_optionsAge.isValid() || m_optionsAge.elapsed() > (m_haveTimeSpan ? 5000 : 500)) {
        m_optionsAge.start();
        m_session->refreshOptions();
    }
}

bool CaptureView::isAtBottom() const
{
    const QScrollBar *sb = m_table->verticalScrollBar();
    return sb->value() >= sb->maximum() - 2;
}

void CaptureView::showDetailOf(int row)
{
    if (!m_detailRecord)
        return;
    const QStringList findings = m_model->findingsOf(m_detailRecord->id);
    const int scroll = m_detail->verticalScrollBar()->value();
    m_detail->setHtml(framedetail::html(*m_detailRecord, m_model->rowAt(row), findings));
    m_detail->verticalScrollBar()->setValue(scroll);
    Q_EMIT detailShown(m_detailRecord->id);
}

void CaptureView::say(const QString &text)
{
    m_message->setText(text);
    m_message->setToolTip(text);
    Q_EMIT message(text);
}

QString CaptureView::statusText() const { return m_status->text(); }

void CaptureView::updateStatus()
{
    QStringList parts;
    if (m_session->path().isEmpty()) {
        m_status->setText(tr("No capture open"));
        return;
    }
    parts << (m_model->isListing() ? tr("%L1 frames so far...").arg(m_model->rowCount()) : tr("%L1 frames").arg(m_model->rowCount()));
    if (m_lastId > 0 && m_indexedUpTo < m_lastId)
        parts << tr("search index %1%").arg(int(100.0 * double(m_indexedUpTo) / double(m_lastId)));
    if (!m_lintText.isEmpty())
        parts << tr("lint: %1").arg(m_lintText);
    m_status->setText(parts.join(QStringLiteral(" \u00b7 ")));
}

} // namespace cb
