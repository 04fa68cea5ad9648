#include "composerwidget.h"

#include "composerhistorymodel.h"
#include "composerwidgetshared.h"
#include "schemaformdelegate.h"
#include "schemaformmodel.h"
#include "workspace/workspace.h"

#include <QAction>
#include <QComboBox>
#include <QCompleter>
#include <QFontDatabase>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTextBrowser>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

// ComposerWidget's construction and layout. The payload being edited (action, drafts, form and raw
// JSON, validation) is handled in composerpayload.cpp; sending, answers and history in
// composersending.cpp.
namespace cb {

using composer::kFormTab;
using composer::problemStyle;

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

} // namespace cb
