#pragma once

#include "common/result.h"
#include "rpc/ocppversion.h"
#include "station/operations/operationresult.h"

#include <QJsonObject>
#include <QMap>
#include <QMessageBox>
#include <QPointer>
#include <QWidget>

#include <memory>
#include <optional>

class QLabel;
class QPushButton;
class QScrollArea;

namespace cb {

class OperationInputs;
class Workspace;
struct StationSnapshot;

// One button per operation of the operation table that the selected station's OCPP version can
// do, grouped by functional block, with one input per parameter. The table checks the arguments
// and builds the CALL; destructive operations ask first. Each shows the station's answer next to
// its button: the status and any statusInfo, or what went wrong in words.
class ActionsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ActionsPanel(Workspace &workspace, QWidget *parent = nullptr);
    ~ActionsPanel() override;

    void setStation(const QString &identity, OcppVersion version);
    QString station() const { return m_station; }

    // The operations shown, in table order (operation names: "reset", "trigger", ...).
    QStringList operations() const { return m_order; }
    // The version-neutral arguments the inputs of an operation describe right now.
    Result<QJsonObject> arguments(const QString &operation) const;
    // The CALL those arguments make for the station's version, as the table prepares it.
    Result<OcppRequest> request(const QString &operation) const;
    // As if its button was clicked: destructive operations open a confirmation first.
    void trigger(const QString &operation);
    // The answer shown next to an operation ("" before anything was sent).
    QString answerText(const QString &operation) const;
    // The confirmation waiting for the user, if any (a window-modal QMessageBox).
    QMessageBox *pendingConfirmation() const { return m_confirmation; }

Q_SIGNALS:
    // A sent operation's result, on the GUI thread.
    void answered(const QString &operation, const cb::OperationResult &result);

private:
    enum class Tone { Waiting, Good, Refused, Failed };
    struct Row
    {
        QPushButton *button = nullptr;
        QLabel *answer = nullptr;
        std::shared_ptr<OperationInputs> inputs;
    };

    void rebuild();
    void send(const QString &operation, const QJsonObject &args, const QString &action);
    void showAnswer(const QString &operation, const QString &text, Tone tone);
    void confirm(const QString &operation, const QJsonObject &args, const OcppRequest &request);
    void onStationChanged(const StationSnapshot &snapshot);
    void updateTransactions(const StationSnapshot &snapshot);
    void updateEnabled();

    Workspace &m_workspace;
    QString m_station;
    std::optional<OcppVersion> m_version;
    bool m_connected = false;
    int m_nextRemoteStartId = 1;

    QLabel *m_header = nullptr;
    QScrollArea *m_scroll = nullptr;
    QMap<QString, Row> m_rows;
    QStringList m_order;
    QPointer<QMessageBox> m_confirmation;
};

} // namespace cb
