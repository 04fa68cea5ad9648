#include "devicemodeltab.h"

#include "devicemodel/devicemodelmanager.h"
#include "devicemodel/devicemodelservice.h"
#include "devicemodelfilterproxy.h"
#include "devicemodeltreemodel.h"
#include "snapshotpanel.h"
#include "variableeditordelegate.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QSplitter>
#include <QToolButton>
#include <QTreeView>
#include <QUndoStack>
#include <QVBoxLayout>

namespace cb {

namespace {

using dm::VerifyState;
using dm::WriteState;
using dm::WriteStatus;

// What the tree shows for a service result. `final`: the service will say nothing more about it.
WriteState toWriteState(const dm::WriteResult &r, bool final)
{
    WriteState s;
    s.requested = r.item.value;
    s.status = dm::writeStatusName(r.status);
    s.info = r.statusInfo;
    s.readBack = r.readBack.value_or(QString());
    if (r.status == WriteStatus::Pending) {
        s.stage = final ? WriteState::Stage::Failed : WriteState::Stage::Sending;
        return s;
    }
    if (r.status == WriteStatus::Failed) {
        s.stage = WriteState::Stage::Failed;
        return s;
    }
    switch (r.verify) {
    case VerifyState::Confirmed:
        s.stage = WriteState::Stage::Verified;
        break;
    case VerifyState::Mismatch:
        s.stage = WriteState::Stage::NotVerified;
        break;
    case VerifyState::Unreadable:
        s.stage = WriteState::Stage::NotVerified;
        if (s.readBack.isEmpty())
            s.readBack = DeviceModelTab::tr("nothing readable");
        break;
    case VerifyState::AwaitingReboot:
        s.stage = WriteState::Stage::Answered;
        s.status = QStringLiteral("RebootRequired");
        break;
    case VerifyState::NotChecked:
        s.stage = r.status == WriteStatus::Accepted && !final ? WriteState::Stage::Verifying : WriteState::Stage::Answered;
        break;
    }
    return s;
}

QToolButton *buttonFor(QAction *action, QWidget *parent)
{
    auto *b = new QToolButton(parent);
    b->setDefaultAction(action);
    b->setToolButtonStyle(Qt::ToolButtonTextOnly);
    return b;
}

} // namespace

DeviceModelTab::DeviceModelTab(DeviceModelManager &manager, QWidget *parent) : QWidget(parent), m_manager(manager)
{
    setObjectName(QStringLiteral("deviceModelTab"));
    m_tree = new dm::DeviceModelTreeModel(this);
    m_proxy = new dm::DeviceModelFilterProxy(this);
    m_proxy->setTreeModel(m_tree);
    m_delegate = new dm::VariableEditorDelegate(m_tree, this);

    const auto action = [this](const QString &text, const QKeySequence &key, const QString &tip) {
        auto *a = new QAction(text, this);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        a->setToolTip(tip + QStringLiteral(" (") + key.toString(QKeySequence::NativeText) + QLatin1Char(')'));
        addAction(a);
        return a;
    };
    m_refresh = action(tr("&Refresh"), QKeySequence(Qt::Key_F5), tr("Read the device model from the station"));
    m_apply = action(tr("&Apply"), QKeySequence(Qt::CTRL | Qt::Key_Return), tr("Send the pending changes to the station"));
    m_discard = action(tr("&Discard"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Backspace), tr("Drop every pending change (undoable)"));
    // Fixed button texts; what would be undone goes into the tooltip (the stack's own actions
    // put it into the text, which does not fit a button).
    QUndoStack *stack = m_tree->undoStack();
    m_undo = action(tr("&Undo"), QKeySequence(QKeySequence::Undo), tr("Take back the last pending edit"));
    m_redo = action(tr("Re&do"), QKeySequence(QKeySequence::Redo), tr("Redo the pending edit taken back"));
    connect(m_undo, &QAction::triggered, stack, &QUndoStack::undo);
    connect(m_redo, &QAction::triggered, stack, &QUndoStack::redo);
    m_undo->setEnabled(false);
    m_redo->setEnabled(false);
    connect(stack, &QUndoStack::canUndoChanged, m_undo, &QAction::setEnabled);
    connect(stack, &QUndoStack::canRedoChanged, m_redo, &QAction::setEnabled);
    // The stack may announce its last text while the tab is being destroyed: touch only the action.
    connect(stack, &QUndoStack::undoTextChanged, m_undo, [undo = m_undo](const QString &t) { undo->setToolTip(DeviceModelTab::tr("Undo: %1").arg(t)); });
    connect(stack, &QUndoStack::redoTextChanged, m_redo, [redo = m_redo](const QString &t) { redo->setToolTip(DeviceModelTab::tr("Redo: %1").arg(t)); });
    m_edit = action(tr("Edit value"), QKeySequence(Qt::Key_F2), tr("Edit the value of the selected variable"));
    m_focusFilter = action(tr("Filter"), QKeySequence::Find, tr("Filter the tree"));

    auto *outer = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    top->addWidget(buttonFor(m_refresh, this));
    m_reportKind = new QComboBox(this);
    m_reportKind->addItem(tr("Full inventory"), QStringLiteral("FullInventory"));
    m_reportKind->addItem(tr("Configuration inventory"), QStringLiteral("ConfigurationInventory"));
    m_reportKind->addItem(tr("Summary inventory"), QStringLiteral("SummaryInventory"));
    m_reportKind->setToolTip(tr("What Refresh asks a 2.x station for (1.6: all configuration keys)"));
    m_reportKind->setAccessibleName(tr("Report to read"));
    top->addWidget(m_reportKind);
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("deviceModelFilter"));
    m_filter->setPlaceholderText(tr("Filter components, variables, values (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(tr("Filter"));
    top->addWidget(m_filter, 1);
    m_onlyWritable = new QCheckBox(tr("Only &writable"), this);
    m_onlyWritable->setToolTip(tr("Hide variables without a writable attribute"));
    m_onlyChanged = new QCheckBox(tr("Only &changed"), this);
    m_onlyChanged->setToolTip(tr("Only variables whose values differ from the baseline snapshot (see Snapshots)"));
    m_groupByEvse = new QCheckBox(tr("By &EVSE"), this);
    m_groupByEvse->setToolTip(tr("Group components by the EVSE they sit on"));
    top->addWidget(m_onlyWritable);
    top->addWidget(m_onlyChanged);
    top->addWidget(m_groupByEvse);
    outer->addLayout(top);

    m_rebootBar = new QWidget(this);
    auto *rebootLayout = new QHBoxLayout(m_rebootBar);
    rebootLayout->setContentsMargins(6, 4, 6, 4);
    m_rebootBar->setAutoFillBackground(true);
    QPalette p = m_rebootBar->palette();
    p.setColor(QPalette::Window, QColor(255, 224, 178));
    p.setColor(QPalette::WindowText, QColor(120, 50, 0));
    m_rebootBar->setPalette(p);
    m_rebootLabel = new QLabel(m_rebootBar);
    m_rebootLabel->setWordWrap(true);
    auto *resetButton = new QToolButton(m_rebootBar);
    resetButton->setText(tr("R&eset station..."));
    connect(resetButton, &QToolButton::clicked, this, [this] { resetForPendingReboot(); });
    rebootLayout->addWidget(m_rebootLabel, 1);
    rebootLayout->addWidget(resetButton);
    m_rebootBar->hide();
    outer->addWidget(m_rebootBar);

    auto *split = new QSplitter(Qt::Horizontal, this);
    m_view = new QTreeView(split);
    m_view->setObjectName(QStringLiteral("deviceModelTree"));
    m_view->setModel(m_proxy);
    m_view->setItemDelegateForColumn(dm::DeviceModelTreeModel::Value, m_delegate);
    m_view->setUniformRowHeights(true); // keeps 10,000 rows cheap to lay out
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::SelectedClicked);
    m_view->setSortingEnabled(false);
    m_view->setAccessibleName(tr("Device model"));
    m_view->header()->setStretchLastSection(true);
    m_view->setColumnWidth(dm::DeviceModelTreeModel::Name, 250);
    m_view->setColumnWidth(dm::DeviceModelTreeModel::Value, 150);
    m_view->setColumnWidth(dm::DeviceModelTreeModel::Mutability, 80);
    m_view->setColumnWidth(dm::DeviceModelTreeModel::Unit, 45);
    m_view->setColumnWidth(dm::DeviceModelTreeModel::DataType, 80);
    m_view->setColumnWidth(dm::DeviceModelTreeModel::Limits, 80);
    m_view->setColumnWidth(dm::DeviceModelTreeModel::ValuesList, 140);
    m_view->setColumnWidth(dm::DeviceModelTreeModel::Result, 200);
    m_snapshots = new dm::SnapshotPanel(split);
    split->addWidget(m_view);
    split->addWidget(m_snapshots);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 0);
    split->setCollapsible(0, false);
    split->setSizes({1000, 250});
    outer->addWidget(split, 1);

    auto *bottom = new QHBoxLayout;
    m_pendingLabel = new QLabel(this);
    QFont bold = m_pendingLabel->font();
    bold.setBold(true);
    // Room for any count up front, so the buttons do not move while edits come and go.
    m_pendingLabel->setMinimumWidth(QFontMetrics(bold).horizontalAdvance(tr("%n pending change(s)", nullptr, 999)) + 8);
    m_status = new QLabel(this);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A long message must not squeeze the buttons; it is elided by the layout, whole in the tooltip.
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    bottom->addWidget(m_pendingLabel);
    bottom->addWidget(buttonFor(m_undo, this));
    bottom->addWidget(buttonFor(m_redo, this));
    bottom->addWidget(buttonFor(m_discard, this));
    bottom->addWidget(buttonFor(m_apply, this));
    bottom->addSpacing(12);
    bottom->addWidget(m_status, 1);
    outer->addLayout(bottom);

    connect(m_refresh, &QAction::triggered, this, &DeviceModelTab::refresh);
    connect(m_apply, &QAction::triggered, this, &DeviceModelTab::apply);
    connect(m_discard, &QAction::triggered, m_tree, &dm::DeviceModelTreeModel::discardPending);
    connect(m_edit, &QAction::triggered, this, &DeviceModelTab::editCurrentValue);
    connect(m_focusFilter, &QAction::triggered, this, [this] {
        m_filter->setFocus();
        m_filter->selectAll();
    });
    connect(m_filter, &QLineEdit::textChanged, this, &DeviceModelTab::setFilterText);
    connect(m_onlyWritable, &QCheckBox::toggled, m_proxy, &dm::DeviceModelFilterProxy::setOnlyWritable);
    connect(m_onlyChanged, &QCheckBox::toggled, this, [this](bool on) {
        m_proxy->setOnlyChanged(on);
        if (on && !m_tree->hasBaseline())
            setStatus(tr("No baseline snapshot yet: select one under Snapshots and press \u201cUse as baseline\u201d."), true);
        if (on)
            m_view->expandToDepth(m_tree->groupByEvse() ? 1 : 0);
    });
    connect(m_groupByEvse, &QCheckBox::toggled, this, [this](bool on) {
        m_tree->setGroupByEvse(on);
        if (on)
            m_view->expandToDepth(0);
    });
    connect(m_view, &QTreeView::doubleClicked, this, [this](const QModelIndex &i) {
        if (i.column() != dm::DeviceModelTreeModel::Value)
            m_view->edit(i.siblingAtColumn(dm::DeviceModelTreeModel::Value));
    });
    connect(m_delegate, &dm::VariableEditorDelegate::editRefused, this, [this](const QString &why) { setStatus(why, true); });
    connect(m_tree, &dm::DeviceModelTreeModel::pendingChanged, this, &DeviceModelTab::updateActions);
    connect(m_snapshots, &dm::SnapshotPanel::baselineChosen, this, &DeviceModelTab::setBaseline);
    updateActions();
}

void DeviceModelTab::setStation(const QString &identity, OcppVersion version)
{
    m_version = version;
    m_reportKind->setEnabled(version != OcppVersion::V16);
    if (identity == m_identity && m_service)
        return;
    m_identity = identity;
    m_awaitingReboot.clear();
    m_ops.clear();
    m_readOp = 0;
    m_rebootBar->hide();
    m_tree->undoStack()->clear();
    m_tree->clearWriteStates();
    m_tree->setBaseline(std::nullopt);
    m_tree->discardPending();
    m_tree->undoStack()->clear();
    m_expandedOnce = false;
    attachService(m_manager.service(identity));
}

void DeviceModelTab::attachService(DeviceModelService *service)
{
    if (m_service)
        disconnect(m_service, nullptr, this, nullptr);
    m_service = service;
    m_snapshots->setService(service);
    if (!service) {
        m_tree->setDeviceModel({});
        updateActions();
        return;
    }
    connect(service, &DeviceModelService::modelChanged, this, &DeviceModelTab::modelChanged);
    connect(service, &DeviceModelService::reportStarted, this, [this](int op, const QString &source) {
        m_readOp = op;
        setStatus(tr("Reading %1\u2026").arg(source));
        updateActions();
    });
    connect(service, &DeviceModelService::reportProgress, this, [this](int, int pages, qsizetype entries) {
        setStatus(tr("Reading: %n page(s)", nullptr, pages) + tr(", %n variable(s) so far", nullptr, int(entries)));
    });
    connect(service, &DeviceModelService::reportCompleted, this, [this](int, const dm::SnapshotInfo &info) {
        m_readOp = 0;
        setStatus(tr("Read %n variable(s) (%1) at %2.", nullptr, int(info.entryCount))
                      .arg(info.source, info.takenAt.toLocalTime().toString(QStringLiteral("HH:mm:ss"))));
        updateActions();
    });
    connect(service, &DeviceModelService::reportFailed, this, [this](int, const QString &message, const dm::SnapshotInfo &) {
        m_readOp = 0;
        setStatus(message, true);
        updateActions();
    });
    connect(service, &DeviceModelService::unknownKeys, this, [this](int, const QStringList &keys) {
        setStatus(tr("The station does not know: %1").arg(keys.join(QStringLiteral(", "))), true);
    });
    connect(service, &DeviceModelService::itemResult, this, &DeviceModelTab::onItemResult);
    connect(service, &DeviceModelService::writeProgress, this, [this](int op, int done, int total) {
        if (m_ops.contains(op))
            setStatus(tr("Writing: %1 of %2 answered\u2026").arg(done).arg(total));
    });
    connect(service, &DeviceModelService::rebootRequired, this, [this](int op, const QList<dm::WriteItem> &items) {
        if (!m_ops.contains(op))
            return;
        for (const dm::WriteItem &i : items)
            if (!m_awaitingReboot.contains(i))
                m_awaitingReboot.append(i);
        m_rebootLabel->setText(tr("%n value(s) take effect only after the station reboots. Reset it now to apply and verify them.",
                                  nullptr, int(m_awaitingReboot.size())));
        m_rebootBar->show();
    });
    connect(service, &DeviceModelService::writeFinished, this, &DeviceModelTab::onWriteFinished);
    connect(service, &DeviceModelService::resetFailed, this, [this](int op, const QString &message) {
        if (!m_ops.remove(op))
            return;
        setStatus(tr("Reset failed: %1").arg(message), true);
        m_rebootBar->show();
        updateActions();
    });
    connect(service, &DeviceModelService::problem, this, [this](const QString &m) { setStatus(m, true); });
    modelChanged();
    if (service->modelInfo().id > 0)
        setStatus(tr("Showing the read of %1.").arg(service->modelInfo().takenAt.toLocalTime().toString()));
    else
        setStatus(service->isConnected() ? tr("No device model read yet: press Refresh (F5).")
                                         : tr("The station is offline; its device model is read when it connects."));
}

void DeviceModelTab::modelChanged()
{
    if (!m_service)
        return;
    m_tree->setDeviceModel(m_service->model());
    // Until a person chooses one, the baseline is the read the tree first showed, so verified
    // writes and polled changes show up under "only changed since snapshot".
    if (!m_tree->hasBaseline() && m_service->modelInfo().id > 0) {
        if (const auto s = m_service->loadSnapshot(m_service->modelInfo().id))
            m_tree->setBaseline(s.value().model);
    }
    if (m_proxy->onlyChanged() || m_proxy->onlyWritable() || !m_proxy->text().isEmpty())
        m_proxy->refilter();
    if (!m_expandedOnce && m_tree->rowCount() > 0) {
        m_expandedOnce = true;
        // A station-sized model opens at its variables; a huge one stays folded (expanding
        // thousands of rows costs more than it shows).
        if (m_tree->deviceModel().size() <= 2000)
            m_view->expandToDepth(m_tree->groupByEvse() ? 1 : 0);
        else if (m_tree->groupByEvse())
            m_view->expandToDepth(0);
    }
    updateActions();
}

void DeviceModelTab::setBaseline(const std::optional<dm::Snapshot> &snapshot)
{
    m_tree->setBaseline(snapshot ? std::optional<dm::DeviceModel>(snapshot->model) : std::nullopt);
    m_proxy->refilter();
}

void DeviceModelTab::refresh()
{
    if (!m_service)
        return;
    if (m_version == OcppVersion::V16) {
        m_service->fetch(dm::ReportRequest::configuration16());
        return;
    }
    dm::ReportRequest r;
    r.reportBase = m_reportKind->currentData().toString();
    m_service->fetch(r);
}

int DeviceModelTab::apply()
{
    const QList<dm::DeviceModelTreeModel::PendingEdit> edits = m_tree->pendingEdits();
    if (edits.isEmpty() || !m_service)
        return 0;
    if (!m_service->isConnected()) {
        setStatus(tr("%1 is offline: the changes stay pending until it is back.").arg(m_identity), true);
        return 0;
    }
    QList<dm::WriteItem> items;
    for (const auto &e : edits) {
        const dm::DeviceModelEntry &entry = m_tree->deviceModel().at(e.entry);
        dm::WriteItem item{entry.component, entry.variable, e.attributeType, e.value};
        items.append(item);
        WriteState s;
        s.requested = e.value;
        m_tree->setWriteState(e.entry, e.attributeType, s);
    }
    m_tree->takePending(edits);
    const int op = m_service->write(items, true);
    m_ops.insert(op, true);
    setStatus(tr("Sending %n change(s)\u2026", nullptr, int(items.size())));
    updateActions();
    return op;
}

void DeviceModelTab::onItemResult(int op, const dm::WriteResult &result)
{
    if (!m_ops.contains(op))
        return;
    const qsizetype entry = m_tree->deviceModel().indexOf(result.item.component, result.item.variable);
    m_tree->setWriteState(int(entry), result.item.attributeType, toWriteState(result, false));
}

void DeviceModelTab::onWriteFinished(int op, const QList<dm::WriteResult> &results)
{
    if (!m_ops.remove(op))
        return;
    int verified = 0;
    int failed = 0;
    bool awaiting = false;
    for (const dm::WriteResult &r : results) {
        const qsizetype entry = m_tree->deviceModel().indexOf(r.item.component, r.item.variable);
        m_tree->setWriteState(int(entry), r.item.attributeType, toWriteState(r, true));
        if (r.verified()) {
            ++verified;
            m_awaitingReboot.removeAll(r.item);
        } else if (r.verify == VerifyState::AwaitingReboot) {
            awaiting = true;
        } else {
            ++failed;
        }
    }
    if (!awaiting && m_awaitingReboot.isEmpty())
        m_rebootBar->hide();
    QString text = tr("%n change(s) verified", nullptr, verified);
    if (failed)
        text += tr(", %n not applied or not verified (see Last write)", nullptr, failed);
    if (awaiting)
        text += tr(", some wait for a reboot");
    setStatus(text + QLatin1Char('.'), failed > 0);
    updateActions();
}

void DeviceModelTab::resetForPendingReboot(bool confirmed)
{
    if (!m_service)
        return;
    if (!confirmed) {
        const auto answer = QMessageBox::question(
            this, tr("Reset %1?").arg(m_identity),
            tr("The station reboots (once it is idle, if it supports that). %n value(s) waiting for a reboot are read back "
               "afterwards to confirm them.\n\nReset %1 now?",
               nullptr, int(m_awaitingReboot.size()))
                .arg(m_identity),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes)
            return;
    }
    const int op = m_service->reset();
    m_ops.insert(op, true);
    m_rebootBar->hide();
    setStatus(tr("Resetting %1; the values are checked again when it is back\u2026").arg(m_identity));
}

void DeviceModelTab::setFilterText(const QString &text)
{
    if (m_filter->text() != text)
        m_filter->setText(text);
    m_proxy->setText(text);
    // Matches are worth seeing: open what the filter left, unless that is most of the model.
    if (!m_proxy->text().isEmpty() && m_proxy->rowCount() <= 40)
        m_view->expandToDepth(m_tree->groupByEvse() ? 1 : 0);
}

void DeviceModelTab::expandToDepth(int depth) { m_view->expandToDepth(depth); }

void DeviceModelTab::editCurrentValue()
{
    const QModelIndex current = m_view->currentIndex();
    if (current.isValid())
        m_view->edit(current.siblingAtColumn(dm::DeviceModelTreeModel::Value));
}

void DeviceModelTab::setStatus(const QString &text, bool problem)
{
    m_status->setText(text);
    m_status->setToolTip(text);
    QPalette p = m_status->palette();
    p.setColor(QPalette::WindowText, problem ? QColor(183, 28, 28) : palette().color(QPalette::WindowText));
    m_status->setPalette(p);
}

DeviceModelService *DeviceModelTab::service() const { return m_service; }

QString DeviceModelTab::statusText() const { return m_status->text(); }

QString DeviceModelTab::rebootNotice() const { return m_rebootBar->isHidden() ? QString() : m_rebootLabel->text(); }

void DeviceModelTab::updateActions()
{
    const int pending = m_tree->pendingCount();
    const bool online = m_service && m_service->isConnected();
    m_pendingLabel->setText(pending ? tr("<b>%n pending change(s)</b>", nullptr, pending) : tr("No pending changes"));
    m_apply->setEnabled(pending > 0 && online);
    m_discard->setEnabled(pending > 0);
    m_refresh->setEnabled(online && m_readOp == 0);
}

} // namespace cb
