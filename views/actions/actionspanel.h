#pragma once

#include "actions/stationactions.h"
#include "common/result.h"
#include "rpc/ocppversion.h"
#include "rpc/rpcendpoint.h"

#include <QMap>
#include <QMessageBox>
#include <QPointer>
#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;

class QPushButton;
class QScrollArea;
class QSpinBox;

namespace cb {

class Workspace;
struct StationSnapshot;

// One button per everyday CSMS action for the selected station, with the inputs its OCPP version
// needs (Reset, ChangeAvailability, UnlockConnector, TriggerMessage, start/stop transaction,
// ClearCache, DataTransfer). Destructive ones ask first. Each shows the station's answer next to
// it: the status and any statusInfo, or what went wrong in words.
class ActionsPanel : public QWidget
{
    Q_OBJECT
public:
    enum class Action {
        Reset,
        ChangeAvailability,
        UnlockConnector,
        TriggerMessage,
        StartTransaction,
        StopTransaction,
        ClearCache,
        DataTransfer,
    };
    Q_ENUM(Action)

    explicit ActionsPanel(Workspace &workspace, QWidget *parent = nullptr);
    ~ActionsPanel() override;

    void setStation(const QString &identity, OcppVersion version);
    QString station() const { return m_station; }

    // The request the inputs of an action describe right now.
    Result<stationactions::Request> request(Action action) const;
    // As if its button was clicked: destructive actions open a confirmation first.
    void trigger(Action action);
    // The answer shown next to an action ("" before anything was sent).
    QString answerText(Action action) const;
    // The confirmation waiting for the user, if any (a window-modal QMessageBox).
    QMessageBox *pendingConfirmation() const { return m_confirmation; }

Q_SIGNALS:
    // A sent action's outcome, on the GUI thread.
    void answered(cb::ActionsPanel::Action action, const cb::CallOutcome &outcome);

private:
    struct Row
    {
        QPushButton *button = nullptr;
        QLabel *answer = nullptr;
    };

    void rebuild();
    void addRow(Action action, const QString &title, const QString &tip, QWidget *inputs);
    void send(Action action, const stationactions::Request &request);
    void showAnswer(Action action, const QString &text, stationactions::Tone tone);
    void onStationChanged(const StationSnapshot &snapshot);
    void updateTransactions(const StationSnapshot &snapshot);
    void updateEnabled();
    QString confirmationText(const stationactions::Request &request) const;
    static QString objectNameOf(Action action);

    Workspace &m_workspace;
    QString m_station;
    std::optional<OcppVersion> m_version;
    bool m_connected = false;
    int m_nextRemoteStartId = 1;

    QLabel *m_header = nullptr;
    QScrollArea *m_scroll = nullptr;
    QMap<Action, Row> m_rows;
    QPointer<QMessageBox> m_confirmation;

    // Inputs (rebuilt with the version).
    QComboBox *m_resetType = nullptr;
    QSpinBox *m_resetEvse = nullptr;
    QComboBox *m_availability = nullptr;
    QSpinBox *m_availabilityEvse = nullptr;
    QSpinBox *m_availabilityConnector = nullptr;
    QSpinBox *m_unlockEvse = nullptr;
    QSpinBox *m_unlockConnector = nullptr;
    QComboBox *m_trigger = nullptr;
    QSpinBox *m_triggerEvse = nullptr;
    QSpinBox *m_triggerConnector = nullptr;
    QLineEdit *m_customTrigger = nullptr;
    QLineEdit *m_idToken = nullptr;
    QComboBox *m_tokenType = nullptr;
    QSpinBox *m_remoteStartId = nullptr;
    QSpinBox *m_startEvse = nullptr;
    QComboBox *m_transaction = nullptr;
    QLineEdit *m_vendorId = nullptr;
    QLineEdit *m_messageId = nullptr;
    QLineEdit *m_data = nullptr;
};

} // namespace cb
