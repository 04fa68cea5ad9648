#pragma once

#include "rpc/ocppversion.h"
#include "rpc/rpcendpoint.h"
#include "schema/violation.h"

#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QWidget>

#include <chrono>
#include <optional>

class QAction;
class QComboBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTextBrowser;
class QToolButton;
class QTreeView;

namespace cb {

class ComposerHistoryModel;
class SchemaFormModel;
class Workspace;
struct StationSnapshot;

// Sends any CSMS-initiated action of the station's OCPP version: a form generated from the
// action's schema and a raw JSON tab kept in sync with it, the payload validated before it can be
// sent, the answer pretty-printed with its schema violations marked, and a history of what was
// sent that can be loaded back or sent again.
class ComposerWidget : public QWidget
{
    Q_OBJECT
public:
    explicit ComposerWidget(Workspace &workspace, QWidget *parent = nullptr);
    ~ComposerWidget() override;

    // The station messages go to. Keeps the chosen action when the version has it.
    void setStation(const QString &identity, OcppVersion version);
    QString station() const { return m_station; }
    std::optional<OcppVersion> version() const { return m_version; }

    QString currentAction() const { return m_action; }
    bool setCurrentAction(const QString &action); // false when the version has no such CSMS action

    // The payload as it stands (the form's, which the raw tab mirrors).
    QJsonObject payload() const;
    void setPayload(const QJsonObject &payload);
    Violations violations() const { return m_violations; }

    // Whether Send would go ahead, and if not why (in words for people).
    bool canSend(QString *why = nullptr) const;
    // Sends the payload; false (with the reason shown) when it is refused before sending.
    bool send();

    std::chrono::milliseconds responseTimeout() const;
    void setResponseTimeout(std::chrono::milliseconds timeout);

    SchemaFormModel *formModel() const { return m_form; }
    ComposerHistoryModel *historyModel() const { return m_history; }

    // History rows: put the entry's payload back into the form, or send it again.
    bool loadHistoryEntry(int row);
    bool resendHistoryEntry(int row);

Q_SIGNALS:
    // The answer to a message sent from here (on the GUI thread).
    void outcomeReceived(const cb::CallOutcome &outcome);

private:
    void buildUi();
    void fillActions();
    void switchAction(const QString &action);
    void onFormEdited();
    void onRawEdited();
    void revertRaw();
    void updateRawFromForm();
    void revalidate();
    void updateSendState();
    void updateStructureActions();
    void addOrInclude();
    void removeCurrent();
    void fillTemplate(bool everyField);
    void onOutcome(quint64 historyId, const CallOutcome &outcome);
    void displayHistoryRow(int row);
    void showProblem(const QString &text);
    void onStationChanged(const StationSnapshot &snapshot);
    void sendPayload(const QString &action, const QJsonObject &payload);
    void restoreExpansion(const QSet<QString> &expanded);
    QSet<QString> expandedPointers() const;
    QString draftKey(const QString &action) const;

    Workspace &m_workspace;
    QString m_station;
    std::optional<OcppVersion> m_version;
    bool m_connected = false;
    QString m_action;
    QHash<QString, QJsonObject> m_drafts; // version|action -> payload left there
    Violations m_violations;
    bool m_rawValid = true;
    bool m_syncing = false;

    SchemaFormModel *m_form = nullptr;
    ComposerHistoryModel *m_history = nullptr;
    QComboBox *m_actions = nullptr;
    QToolButton *m_template = nullptr;
    QSpinBox *m_timeout = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTreeView *m_formView = nullptr;
    QLabel *m_formBanner = nullptr;
    QToolButton *m_addButton = nullptr;
    QToolButton *m_removeButton = nullptr;
    QAction *m_addAction = nullptr;
    QAction *m_removeAction = nullptr;
    QPlainTextEdit *m_raw = nullptr;
    QLabel *m_rawError = nullptr;
    QPushButton *m_revertRaw = nullptr;
    QListWidget *m_problems = nullptr;
    QLabel *m_sendHint = nullptr;
    QPushButton *m_send = nullptr;
    QLabel *m_outcome = nullptr;
    QTextBrowser *m_response = nullptr;
    QTreeView *m_historyView = nullptr;
    QPushButton *m_load = nullptr;
    QPushButton *m_resend = nullptr;
};

} // namespace cb
