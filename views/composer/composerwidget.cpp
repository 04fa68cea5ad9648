#include "composerwidget.h"

#include "composerhistorymodel.h"
#include "jsonhtml.h"
#include "schema/actiondirection.h"
#include "schema/samplegenerator.h"
#include "schema/schemacatalog.h"
#include "schema/schemavalidator.h"
#include "schemaformdelegate.h"
#include "schemaformmodel.h"
#include "workspace/workspace.h"

#include <QAction>
#include <QColor>
#include <QComboBox>
#include <QCompleter>
#include <QCoreApplication>
#include <QDateTime>
#include <QFontDatabase>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QListWidget>
#include <QLoggingCategory>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTextBrowser>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include <functional>

Q_LOGGING_CATEGORY(lcComposer, "chargebench.views.composer")

namespace cb {

namespace {

constexpr int kFormTab = 0;
constexpr int kRawTab = 1;

QString problemStyle() { return QStringLiteral("color:#c01c28;"); }

QString escaped(const QString &s) { return s.toHtmlEscaped(); }

} // namespace

ComposerWidget::ComposerWidget(Workspace &workspace, QWidget *parent) : QWidget(parent), m_workspace(workspace)
{
    m_form = new SchemaFormModel(this);
    m_history = new ComposerHistoryModel(this);
    buildUi();
    connect(m_form, &SchemaFormModel::edited, this, &ComposerWidget::onFormEdited);
    connect(&m_workspace, &Workspace::stationChanged, this, &ComposerWidget::onStationChanged);
    const auto configured = m_workspace.config().server.responseTimeout;
    setResponseTimeout(configured.count() > 0 ? configured : std::chrono::milliseconds(30000));
    updateSendState();
    updateStructureActions();
}

ComposerWidget::~ComposerWidget() = default;

void ComposerWidget::buildUi()
{
    // Action chooser: typing filters the list (substring match), so 60 actions stay easy to find.
    m_actions = new QComboBox(this);
    m_actions->setObjectName(QStringLiteral("actionCombo"));
    m_actions->setEditable(true);
    m_actions->setInsertPolicy(QComboBox::NoInsert);
    m_actions->setMinimumContentsLength(26);
    m_actions->completer()->setFilterMode(Qt::MatchContains);
    m_actions->completer()->setCompletionMode(QCompleter::PopupCompletion);
    m_actions->completer()->setCaseSensitivity(Qt::CaseInsensitive);
    m_actions->setToolTip(tr("The CSMS-initiated actions of the station's OCPP version. Type to search."));
    connect(m_actions, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (i >= 0 && m_actions->itemText(i) != m_action)
            switchAction(m_actions->itemText(i));
    });
    auto *actionLabel = new QLabel(tr("&Action:"), this);
    actionLabel->setBuddy(m_actions);

    m_template = new QToolButton(this);
    m_template->setText(tr("Start from"));
    m_template->setPopupMode(QToolButton::InstantPopup);
    auto *templates = new QMenu(m_template);
    templates->addAction(tr("Required fields only"), this, [this] { fillTemplate(false); });
    templates->addAction(tr("Every field, with sample values"), this, [this] { fillTemplate(true); });
    m_template->setMenu(templates);

    m_timeout = new QSpinBox(this);
    m_timeout->setObjectName(QStringLiteral("timeoutSpin"));
    m_timeout->setRange(1, 600);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setToolTip(tr("How long to wait for the station's answer."));
    auto *timeoutLabel = new QLabel(tr("&Timeout:"), this);
    timeoutLabel->setBuddy(m_timeout);

    auto *top = new QHBoxLayout;
    top->addWidget(actionLabel);
    top->addWidget(m_actions, 1);
    top->addWidget(m_template);
    top->addStretch();
    top->addWidget(timeoutLabel);
    top->addWidget(m_timeout);

    // Form tab.
    m_formView = new QTreeView(this);
    m_formView->setObjectName(QStringLiteral("formView"));
    m_formView->setModel(m_form);
    m_formView->setItemDelegateForColumn(SchemaFormModel::ValueColumn, new SchemaFormDelegate(m_formView));
    m_formView->setUniformRowHeights(true);
    m_formView->setAlternatingRowColors(true);
    m_formView->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                                | QAbstractItemView::SelectedClicked | QAbstractItemView::AnyKeyPressed);
    m_formView->header()->setStretchLastSection(false);
    m_formView->header()->setSectionResizeMode(SchemaFormModel::NameColumn, QHeaderView::Interactive);
    m_formView->header()->setSectionResizeMode(SchemaFormModel::ValueColumn, QHeaderView::Stretch);
    m_formView->header()->setSectionResizeMode(SchemaFormModel::TypeColumn, QHeaderView::Interactive);
    m_formView->header()->resizeSection(SchemaFormModel::NameColumn, 230);
    m_formView->header()->resizeSection(SchemaFormModel::TypeColumn, 170);
    m_formView->setContextMenuPolicy(Qt::ActionsContextMenu);

    m_addAction = new QAction(tr("Add"), m_formView);
    m_addAction->setShortcut(QKeySequence(Qt::Key_Insert));
    m_addAction->setShortcutContext(Qt::WidgetShortcut);
    connect(m_addAction, &QAction::triggered, this, &ComposerWidget::addOrInclude);
    m_removeAction = new QAction(tr("Remove"), m_formView);
    m_removeAction->setShortcut(QKeySequence(Qt::Key_Delete));
    m_removeAction->setShortcutContext(Qt::WidgetShortcut);
    connect(m_removeAction, &QAction::triggered, this, &ComposerWidget::removeCurrent);
    m_formView->addAction(m_addAction);
    m_formView->addAction(m_removeAction);
    connect(m_formView->selectionModel(), &QItemSelectionModel::currentChanged, this, &ComposerWidget::updateStructureActions);
    connect(m_form, &QAbstractItemModel::modelReset, this, &ComposerWidget::updateStructureActions);

    m_addButton = new QToolButton(this);
    m_addButton->setDefaultAction(m_addAction);
    m_removeButton = new QToolButton(this);
    m_removeButton->setDefaultAction(m_removeAction);
    auto *structureHint = new QLabel(tr("Tick a field to include it. Insert adds, Delete removes."), this);
    structureHint->setEnabled(false);

    m_formBanner = new QLabel(this);
    m_formBanner->setObjectName(QStringLiteral("formBanner"));
    m_formBanner->setWordWrap(true);
    m_formBanner->setStyleSheet(problemStyle());
    m_formBanner->hide();

    auto *formPage = new QWidget(this);
    auto *formLayout = new QVBoxLayout(formPage);
    formLayout->setContentsMargins(4, 4, 4, 4);
    formLayout->addWidget(m_formBanner);
    formLayout->addWidget(m_formView, 1);
    auto *structure = new QHBoxLayout;
    structure->addWidget(m_addButton);
    structure->addWidget(m_removeButton);
    structure->addWidget(structureHint, 1);
    formLayout->addLayout(structure);

    // Raw JSON tab.
    m_raw = new QPlainTextEdit(this);
    m_raw->setObjectName(QStringLiteral("rawEdit"));
    m_raw->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_raw->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_raw->setTabChangesFocus(true);
    connect(m_raw, &QPlainTextEdit::textChanged, this, &ComposerWidget::onRawEdited);
    m_rawError = new QLabel(this);
    m_rawError->setObjectName(QStringLiteral("rawError"));
    m_rawError->setWordWrap(true);
    m_rawError->setStyleSheet(problemStyle());
    m_rawError->hide();
    m_revertRaw = new QPushButton(tr("Discard raw edits"), this);
    m_revertRaw->setToolTip(tr("Replace the text with the payload the form shows."));
    m_revertRaw->hide();
    connect(m_revertRaw, &QPushButton::clicked, this, &ComposerWidget::revertRaw);
    auto *rawPage = new QWidget(this);
    auto *rawLayout = new QVBoxLayout(rawPage);
    rawLayout->setContentsMargins(4, 4, 4, 4);
    rawLayout->addWidget(m_raw, 1);
    auto *rawErrorRow = new QHBoxLayout;
    rawErrorRow->addWidget(m_rawError, 1);
    rawErrorRow->addWidget(m_revertRaw);
    rawLayout->addLayout(rawErrorRow);

    m_tabs = new QTabWidget(this);
    m_tabs->addTab(formPage, tr("&Form"));
    m_tabs->addTab(rawPage, tr("&Raw JSON"));

    // Problems and Send.
    m_problems = new QListWidget(this);
    m_problems->setObjectName(QStringLiteral("problemList"));
    m_problems->setMaximumHeight(m_problems->fontMetrics().height() * 5);
    m_problems->setToolTip(tr("Where the payload breaks the action's schema. Activate a line to go to the field."));
    connect(m_problems, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        QString pointer = item->data(Qt::UserRole).toString();
        QModelIndex idx = m_form->indexForPointer(pointer);
        while (!idx.isValid() && pointer.lastIndexOf(QLatin1Char('/')) > 0) {
            pointer.truncate(pointer.lastIndexOf(QLatin1Char('/')));
            idx = m_form->indexForPointer(pointer);
        }
        if (!idx.isValid())
            return;
        m_tabs->setCurrentIndex(kFormTab);
        m_formView->scrollTo(idx);
        m_formView->setCurrentIndex(idx);
        m_formView->setFocus();
    });
    auto *problemsLabel = new QLabel(tr("&Problems:"), this);
    problemsLabel->setBuddy(m_problems);

    m_sendHint = new QLabel(this);
    m_sendHint->setObjectName(QStringLiteral("sendHint"));
    m_sendHint->setWordWrap(true);
    m_send = new QPushButton(tr("&Send"), this);
    m_send->setObjectName(QStringLiteral("sendButton"));
    m_send->setDefault(true);
    m_send->setToolTip(tr("Send the payload to the station (Ctrl+Return)."));
    connect(m_send, &QPushButton::clicked, this, &ComposerWidget::send);
    auto *sendShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    sendShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(sendShortcut, &QShortcut::activated, this, &ComposerWidget::send);
    auto *sendRow = new QHBoxLayout;
    sendRow->addWidget(m_sendHint, 1);
    sendRow->addWidget(m_send);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_tabs, 1);
    leftLayout->addWidget(problemsLabel);
    leftLayout->addWidget(m_problems);
    leftLayout->addLayout(sendRow);

    // Answer and history.
    m_outcome = new QLabel(tr("Nothing sent yet."), this);
    m_outcome->setObjectName(QStringLiteral("outcomeLabel"));
    m_outcome->setWordWrap(true);
    m_outcome->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_response = new QTextBrowser(this);
    m_response->setObjectName(QStringLiteral("responseView"));
    m_response->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_response->setLineWrapMode(QTextEdit::WidgetWidth); // prose wraps; the JSON is <pre>
    auto *answerBox = new QGroupBox(tr("Answer"), this);
    auto *answerLayout = new QVBoxLayout(answerBox);
    answerLayout->addWidget(m_outcome);
    answerLayout->addWidget(m_response, 1);

    m_historyView = new QTreeView(this);
    m_historyView->setObjectName(QStringLiteral("historyView"));
    m_historyView->setModel(m_history);
    m_historyView->setRootIsDecorated(false);
    m_historyView->setUniformRowHeights(true);
    m_historyView->setAllColumnsShowFocus(true);
    m_historyView->header()->setStretchLastSection(true);
    m_historyView->header()->setSectionResizeMode(ComposerHistoryModel::TimeColumn, QHeaderView::ResizeToContents);
    m_historyView->header()->resizeSection(ComposerHistoryModel::StationColumn, 70);
    m_historyView->header()->resizeSection(ComposerHistoryModel::ActionColumn, 120);
    connect(m_historyView, &QTreeView::activated, this, [this](const QModelIndex &i) { loadHistoryEntry(i.row()); });
    connect(m_historyView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &i) { displayHistoryRow(i.row()); });
    m_load = new QPushButton(tr("&Load into form"), this);
    m_load->setToolTip(tr("Put the selected message's action and payload back into the form to edit."));
    connect(m_load, &QPushButton::clicked, this, [this] { loadHistoryEntry(m_historyView->currentIndex().row()); });
    m_resend = new QPushButton(tr("Send a&gain"), this);
    m_resend->setToolTip(tr("Send the selected message again, unchanged, to the current station."));
    connect(m_resend, &QPushButton::clicked, this, [this] { resendHistoryEntry(m_historyView->currentIndex().row()); });
    auto *historyBox = new QGroupBox(tr("History"), this);
    auto *historyLayout = new QVBoxLayout(historyBox);
    historyLayout->addWidget(m_historyView, 1);
    auto *historyButtons = new QHBoxLayout;
    historyButtons->addStretch();
    historyButtons->addWidget(m_load);
    historyButtons->addWidget(m_resend);
    historyLayout->addLayout(historyButtons);

    auto *right = new QSplitter(Qt::Vertical, this);
    right->addWidget(answerBox);
    right->addWidget(historyBox);
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 2);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({560, 440}); // proportions until the user drags the handle
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 1);
}

void ComposerWidget::setStation(const QString &identity, OcppVersion version)
{
    const bool versionChanged = !m_version || *m_version != version;
    if (versionChanged && m_version && !m_action.isEmpty())
        m_drafts.insert(draftKey(m_action), m_form->json());
    m_station = identity;
    const auto live = m_workspace.liveStation(identity);
    m_connected = live && live->connected;
    if (versionChanged) {
        m_version = version;
        const QString previous = m_action;
        m_action.clear(); // the old version's draft is saved above
        fillActions();
        const QStringList actions = csmsInitiatedActions(version);
        QString next = actions.contains(previous) ? previous : QString();
        if (next.isEmpty())
            next = actions.contains(QStringLiteral("Reset")) ? QStringLiteral("Reset") : actions.value(0);
        switchAction(next);
    }
    updateSendState();
}

void ComposerWidget::fillActions()
{
    const QSignalBlocker block(m_actions);
    m_actions->clear();
    if (m_version)
        m_actions->addItems(csmsInitiatedActions(*m_version));
}

bool ComposerWidget::setCurrentAction(const QString &action)
{
    if (!m_version || !csmsInitiatedActions(*m_version).contains(action))
        return false;
    if (action != m_action)
        switchAction(action);
    return true;
}

QString ComposerWidget::draftKey(const QString &action) const
{
    return (m_version ? versionName(*m_version) : QString()) + QLatin1Char('|') + action;
}

void ComposerWidget::switchAction(const QString &action)
{
    if (!m_action.isEmpty())
        m_drafts.insert(draftKey(m_action), m_form->json());
    m_action = action;
    {
        const QSignalBlocker block(m_actions);
        m_actions->setCurrentIndex(m_actions->findText(action));
    }
    if (!m_version || action.isEmpty()) {
        m_form->setSchema({});
    } else {
        m_form->setSchema(SchemaCatalog::instance().schema(*m_version, action, PayloadKind::Request));
        const auto draft = m_drafts.constFind(draftKey(action));
        if (draft != m_drafts.cend())
            m_form->setJson(*draft);
    }
    restoreExpansion({});
    updateRawFromForm();
    revalidate();
}

QJsonObject ComposerWidget::payload() const { return m_form->json(); }

void ComposerWidget::setPayload(const QJsonObject &payload)
{
    m_form->setJson(payload);
    restoreExpansion({});
    updateRawFromForm();
    revalidate();
}

void ComposerWidget::onFormEdited()
{
    updateRawFromForm();
    revalidate();
    updateStructureActions();
}

void ComposerWidget::updateRawFromForm()
{
    m_syncing = true;
    m_raw->setPlainText(QString::fromUtf8(QJsonDocument(m_form->json()).toJson(QJsonDocument::Indented)));
    m_syncing = false;
    m_rawValid = true;
    m_rawError->hide();
    m_revertRaw->hide();
    m_formBanner->hide();
    m_formView->setEnabled(true);
}

void ComposerWidget::onRawEdited()
{
    if (m_syncing)
        return;
    const QByteArray text = m_raw->toPlainText().toUtf8();
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    QString problem;
    if (error.error != QJsonParseError::NoError) {
        const QByteArray before = text.left(error.offset);
        const int line = int(before.count('\n')) + 1;
        const int column = int(error.offset - (before.lastIndexOf('\n') + 1)) + 1;
        problem = tr("Line %1, column %2: %3.").arg(line).arg(column).arg(error.errorString());
    } else if (!doc.isObject()) {
        problem = tr("An OCPP payload is a JSON object: put it in { }.");
    }
    if (!problem.isEmpty()) {
        // The text stays as typed; the form keeps the last payload that parsed.
        m_rawValid = false;
        m_rawError->setText(problem + QLatin1Char(' ') + tr("The form keeps the last payload that parsed."));
        m_rawError->show();
        m_revertRaw->show();
        m_formBanner->setText(tr("The raw JSON has an error (%1) — fix it on the Raw JSON tab or discard the raw edits there.")
                                  .arg(problem));
        m_formBanner->show();
        m_formView->setEnabled(false);
        m_problems->clear();
        auto *item = new QListWidgetItem(tr("The raw JSON does not parse: %1").arg(problem), m_problems);
        item->setForeground(QColor(0xc0, 0x1c, 0x28));
        updateSendState();
        return;
    }
    m_rawValid = true;
    m_rawError->hide();
    m_revertRaw->hide();
    m_formBanner->hide();
    m_formView->setEnabled(true);
    const QSet<QString> expanded = expandedPointers();
    m_form->setJson(doc.object());
    restoreExpansion(expanded);
    revalidate();
}

void ComposerWidget::revertRaw() { updateRawFromForm(); }

QSet<QString> ComposerWidget::expandedPointers() const
{
    QSet<QString> out;
    std::function<void(const QModelIndex &)> walk = [&](const QModelIndex &parent) {
        for (int r = 0; r < m_form->rowCount(parent); ++r) {
            const QModelIndex i = m_form->index(r, 0, parent);
            if (m_formView->isExpanded(i)) {
                out.insert(i.data(SchemaFormModel::PointerRole).toString());
                walk(i);
            }
        }
    };
    walk({});
    return out;
}

void ComposerWidget::restoreExpansion(const QSet<QString> &expanded)
{
    if (expanded.isEmpty()) {
        m_formView->expandToDepth(1);
        return;
    }
    std::function<void(const QModelIndex &)> walk = [&](const QModelIndex &parent) {
        for (int r = 0; r < m_form->rowCount(parent); ++r) {
            const QModelIndex i = m_form->index(r, 0, parent);
            if (expanded.contains(i.data(SchemaFormModel::PointerRole).toString())) {
                m_formView->expand(i);
                walk(i);
            }
        }
    };
    walk({});
}

void ComposerWidget::revalidate()
{
    if (m_version && !m_action.isEmpty())
        m_violations = SchemaValidator::shared().validate(*m_version, m_action, PayloadKind::Request, m_form->json());
    else
        m_violations.clear();
    m_form->setViolations(m_violations);
    m_problems->clear();
    for (const Violation &v : m_violations) {
        auto *item = new QListWidgetItem(v.text(), m_problems);
        item->setData(Qt::UserRole, v.path);
        item->setForeground(QColor(0xc0, 0x1c, 0x28));
    }
    if (m_violations.isEmpty())
        new QListWidgetItem(tr("None: the payload is valid against the %1 request schema.").arg(m_action), m_problems);
    updateSendState();
}

bool ComposerWidget::canSend(QString *why) const
{
    QString reason;
    if (m_station.isEmpty() || !m_version)
        reason = tr("Choose a station first.");
    else if (m_action.isEmpty())
        reason = tr("Choose an action.");
    else if (!m_rawValid)
        reason = tr("The raw JSON does not parse: fix it or discard the raw edits.");
    else if (!m_violations.isEmpty())
        reason = tr("The payload breaks the %1 schema: fix the problems listed (%2).").arg(m_action).arg(m_violations.size());
    else if (!m_connected)
        reason = tr("%1 is not connected: the message can be sent once it is.").arg(m_station);
    if (why)
        *why = reason;
    return reason.isEmpty();
}

void ComposerWidget::updateSendState()
{
    QString why;
    const bool ok = canSend(&why);
    m_send->setEnabled(ok);
    m_sendHint->setText(ok ? tr("Ready to send %1 to %2.").arg(m_action, m_station) : why);
    m_sendHint->setStyleSheet(ok || m_violations.isEmpty() ? QString() : problemStyle());
}

bool ComposerWidget::send()
{
    QString why;
    if (!canSend(&why)) {
        m_sendHint->setText(why);
        qCDebug(lcComposer) << "send refused:" << why;
        return false;
    }
    sendPayload(m_action, m_form->json());
    return true;
}

void ComposerWidget::sendPayload(const QString &action, const QJsonObject &payload)
{
    const quint64 id = m_history->append(m_station, *m_version, action, payload);
    m_historyView->setCurrentIndex(m_history->index(0, 0));
    m_outcome->setText(tr("Waiting for %1 to answer %2\u2026").arg(m_station, action));
    m_outcome->setStyleSheet(QString());
    m_response->clear();
    // Answered on this widget's thread, and only while the widget exists.
    m_workspace.callStation(m_station, action, payload, responseTimeout(), this, [this, id](const CallOutcome &o) { onOutcome(id, o); });
}

void ComposerWidget::onOutcome(quint64 historyId, const CallOutcome &outcome)
{
    m_history->setOutcome(historyId, outcome);
    const int row = m_history->rowOf(historyId);
    if (row >= 0 && m_historyView->currentIndex().row() == row)
        displayHistoryRow(row);
    Q_EMIT outcomeReceived(outcome);
}

void ComposerWidget::displayHistoryRow(int row)
{
    if (row < 0 || row >= m_history->rowCount()) {
        m_outcome->setText(tr("Nothing sent yet."));
        m_response->clear();
        return;
    }
    const auto &e = m_history->entry(row);
    if (!e.outcome) {
        m_outcome->setText(tr("Waiting for %1 to answer %2\u2026").arg(e.station, e.action));
        m_outcome->setStyleSheet(QString());
        m_response->clear();
        return;
    }
    const CallOutcome &o = *e.outcome;
    using S = CallOutcome::Status;
    const QString status = o.payload.value(QLatin1String("status")).toString();
    if (o.status == S::Result && !status.isEmpty())
        m_outcome->setText(tr("%1 answered %2 in %3 ms.").arg(o.action, status).arg(o.latencyMs));
    else
        m_outcome->setText(o.describe());
    m_outcome->setStyleSheet(o.ok() ? QStringLiteral("color:#26734d;") : problemStyle());

    QHash<QString, QStringList> marks;
    for (const Violation &v : o.violations)
        marks[v.path].append(v.rule);
    QString html;
    switch (o.status) {
    case S::Result:
    case S::InvalidResponse: html = jsonHtml(o.payload, marks); break;
    case S::CallError:
        html = QStringLiteral("<p><b>CALLERROR %1</b>%2</p>")
                   .arg(escaped(o.errorCode),
                        o.errorDescription.isEmpty() ? QString() : QStringLiteral(": ") + escaped(o.errorDescription));
        if (!o.errorDetails.isEmpty())
            html += QStringLiteral("<p>%1</p>").arg(tr("Details:")) + jsonHtml(o.errorDetails);
        break;
    case S::Timeout:
    case S::Closed:
    case S::MalformedReply:
    case S::InvalidRequest:
        // No answer to show: the label says why; show what was sent instead.
        html = QStringLiteral("<p>%1</p>").arg(tr("The request that was sent:")) + jsonHtml(e.payload);
        break;
    }
    if (!o.violations.isEmpty()) {
        html += QStringLiteral("<p style=\"%1\"><b>%2</b></p><ul>")
                    .arg(problemStyle(), tr("Schema violations:"));
        for (const Violation &v : o.violations)
            html += QStringLiteral("<li style=\"%1\">%2</li>").arg(problemStyle(), escaped(v.text()));
        html += QStringLiteral("</ul>");
    }
    m_response->setHtml(html);
}

bool ComposerWidget::loadHistoryEntry(int row)
{
    if (row < 0 || row >= m_history->rowCount())
        return false;
    const auto &e = m_history->entry(row);
    if (!m_version || e.version != *m_version) {
        m_sendHint->setText(tr("That message was for OCPP %1; %2 speaks %3.")
                                .arg(versionName(e.version), m_station, m_version ? versionName(*m_version) : tr("nothing yet")));
        return false;
    }
    const QJsonObject payload = e.payload; // the entry may move when the history changes
    if (!setCurrentAction(e.action))
        return false;
    setPayload(payload);
    m_tabs->setCurrentIndex(kFormTab);
    return true;
}

bool ComposerWidget::resendHistoryEntry(int row)
{
    if (row < 0 || row >= m_history->rowCount())
        return false;
    const auto e = m_history->entry(row);
    if (!m_version || e.version != *m_version) {
        m_sendHint->setText(tr("That message was for OCPP %1; %2 speaks %3.")
                                .arg(versionName(e.version), m_station, m_version ? versionName(*m_version) : tr("nothing yet")));
        return false;
    }
    if (!m_connected) {
        m_sendHint->setText(tr("%1 is not connected: the message can be sent once it is.").arg(m_station));
        return false;
    }
    sendPayload(e.action, e.payload);
    return true;
}

std::chrono::milliseconds ComposerWidget::responseTimeout() const { return std::chrono::seconds(m_timeout->value()); }

void ComposerWidget::setResponseTimeout(std::chrono::milliseconds timeout)
{
    m_timeout->setValue(int(std::max<qint64>(1, (timeout.count() + 999) / 1000)));
}

void ComposerWidget::onStationChanged(const StationSnapshot &snapshot)
{
    if (snapshot.identity != m_station)
        return;
    m_connected = snapshot.connected;
    updateSendState();
}

void ComposerWidget::updateStructureActions()
{
    const QModelIndex idx = m_formView->currentIndex().siblingAtColumn(SchemaFormModel::NameColumn);
    const QString name = idx.isValid() ? idx.data().toString().remove(QStringLiteral(" *")) : QString();
    if (m_form->canInclude(idx)) {
        m_addAction->setText(tr("Include \u201c%1\u201d").arg(name));
        m_addAction->setEnabled(true);
    } else if (m_form->canAddItem(idx)) {
        m_addAction->setText(tr("Add item"));
        m_addAction->setEnabled(true);
    } else {
        m_addAction->setText(tr("Add"));
        m_addAction->setEnabled(false);
    }
    m_removeAction->setEnabled(m_form->canRemove(idx));
    m_removeAction->setText(m_form->canRemove(idx) ? tr("Remove \u201c%1\u201d").arg(name) : tr("Remove"));
}

void ComposerWidget::addOrInclude()
{
    const QModelIndex idx = m_formView->currentIndex().siblingAtColumn(SchemaFormModel::NameColumn);
    if (m_form->canInclude(idx)) {
        const QString pointer = idx.data(SchemaFormModel::PointerRole).toString();
        m_form->include(idx);
        const QModelIndex now = m_form->indexForPointer(pointer);
        m_formView->expand(now);
        m_formView->setCurrentIndex(now);
    } else if (m_form->canAddItem(idx)) {
        const QModelIndex added = m_form->addItem(idx);
        m_formView->expand(added.parent());
        m_formView->expand(added);
        m_formView->setCurrentIndex(added);
    }
    updateStructureActions();
}

void ComposerWidget::removeCurrent()
{
    const QModelIndex idx = m_formView->currentIndex().siblingAtColumn(SchemaFormModel::NameColumn);
    if (m_form->canRemove(idx))
        m_form->remove(idx);
    updateStructureActions();
}

void ComposerWidget::fillTemplate(bool everyField)
{
    if (!m_version || m_action.isEmpty())
        return;
    const QJsonObject schema = SchemaCatalog::instance().schema(*m_version, m_action, PayloadKind::Request);
    if (everyField) {
        SampleGenerator::Options o;
        o.fill = SampleGenerator::Fill::Full;
        o.dateTime = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
        setPayload(SampleGenerator::generate(schema, o));
    } else {
        setPayload(SchemaFormModel::defaultValue(schema, schema).toObject());
    }
}

void ComposerWidget::showProblem(const QString &text) { m_sendHint->setText(text); }

} // namespace cb
