#pragma once

#include "devicemodel/devicemodelentry.h"
#include "devicemodel/snapshot.h"
#include "devicemodel/writeitem.h"
#include "rpc/ocppversion.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

#include <optional>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeView;

namespace cb {

class DeviceModelManager;
class DeviceModelService;

namespace dm {
class DeviceModelFilterProxy;
class DeviceModelTreeModel;
class SnapshotPanel;
class VariableEditorDelegate;
}

// The Device Model tab of a station: the tree of components, variables and attributes (filter,
// only writable, only changed since a snapshot, group by EVSE), edits by data type collected as
// pending changes (undo, discard) and sent with Apply, each variable's own result, RebootRequired
// with a confirmed Reset and re-verification, and the station's snapshots with diff and export.
// All station work goes through the station's DeviceModelService; nothing here blocks.
class DeviceModelTab : public QWidget
{
    Q_OBJECT
public:
    explicit DeviceModelTab(DeviceModelManager &manager, QWidget *parent = nullptr);

    void setStation(const QString &identity, OcppVersion version);
    QString identity() const { return m_identity; }
    DeviceModelService *service() const;

    // For tests, screenshots and keyboard actions.
    dm::DeviceModelTreeModel *treeModel() const { return m_tree; }
    dm::DeviceModelFilterProxy *proxy() const { return m_proxy; }
    dm::VariableEditorDelegate *delegate() const { return m_delegate; }
    QTreeView *view() const { return m_view; }
    dm::SnapshotPanel *snapshots() const { return m_snapshots; }
    QString statusText() const;
    QString rebootNotice() const;
    QAction *applyAction() const { return m_apply; }
    QAction *refreshAction() const { return m_refresh; }

    void refresh();
    // Sends every pending edit; returns the write operation id (0: nothing to send).
    int apply();
    // Asks for confirmation (unless `confirmed`), then resets the station so RebootRequired
    // values take effect; they are re-verified once it is back.
    void resetForPendingReboot(bool confirmed = false);
    void setFilterText(const QString &text);
    void expandToDepth(int depth);

private:
    void attachService(DeviceModelService *service);
    void modelChanged();
    void onItemResult(int op, const dm::WriteResult &result);
    void onWriteFinished(int op, const QList<dm::WriteResult> &results);
    void setStatus(const QString &text, bool problem = false);
    void updateActions();
    void editCurrentValue();
    void setBaseline(const std::optional<dm::Snapshot> &snapshot);

    DeviceModelManager &m_manager;
    QString m_identity;
    std::optional<OcppVersion> m_version;
    QPointer<DeviceModelService> m_service;
    dm::DeviceModelTreeModel *m_tree;
    dm::DeviceModelFilterProxy *m_proxy;
    dm::VariableEditorDelegate *m_delegate;
    QTreeView *m_view;
    dm::SnapshotPanel *m_snapshots;
    QLineEdit *m_filter;
    QCheckBox *m_onlyWritable;
    QCheckBox *m_onlyChanged;
    QCheckBox *m_groupByEvse;
    QComboBox *m_reportKind;
    QLabel *m_status;
    QLabel *m_pendingLabel;
    QWidget *m_rebootBar;
    QLabel *m_rebootLabel;
    QAction *m_refresh;
    QAction *m_apply;
    QAction *m_discard;
    QAction *m_undo;
    QAction *m_redo;
    QAction *m_edit;
    QAction *m_focusFilter;
    QList<dm::WriteItem> m_awaitingReboot;
    QHash<int, bool> m_ops; // write/verify/reset operations of this tab still running
    int m_readOp = 0;
    bool m_expandedOnce = false;
};

} // namespace cb
