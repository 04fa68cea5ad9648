#pragma once

#include "common/result.h"
#include "devicemodel/modeldiff.h"
#include "devicemodel/snapshot.h"

#include <QPointer>
#include <QWidget>

#include <optional>

class QLabel;
class QPushButton;
class QTableView;

namespace cb {
class DeviceModelService;
}

namespace cb::dm {

class DiffDialog;
class SnapshotListModel;

// The station's stored snapshots: save one now, compare any two or one against the live model,
// use one as the baseline of "only changed since snapshot", export one as JSON or CSV.
class SnapshotPanel : public QWidget
{
    Q_OBJECT
public:
    explicit SnapshotPanel(QWidget *parent = nullptr);

    void setService(DeviceModelService *service);
    SnapshotListModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QList<qint64> selectedIds() const;
    void selectIds(const QList<qint64> &ids);

    // The actions behind the buttons, for keyboard use and tests. Each says what went wrong in
    // the panel's status line and returns the diff dialog it opened, or null.
    DiffDialog *compareWithLive();
    DiffDialog *compareSelected();
    void useAsBaseline();
    void saveNow(const QString &label);
    Status<> exportSelected(const QString &path, bool csv);
    DiffDialog *lastDiff() const;
    QString statusText() const;

public Q_SLOTS:
    void reload();

Q_SIGNALS:
    // The baseline for "changed since snapshot" (nullopt: none).
    void baselineChosen(const std::optional<cb::dm::Snapshot> &snapshot);

private:
    void updateButtons();
    void showProblem(const QString &message);
    DiffDialog *showDiff(const QString &title, const Result<ModelDiff> &diff);
    void exportAs(bool csv);

    QPointer<DeviceModelService> m_service;
    SnapshotListModel *m_model;
    QTableView *m_view;
    QLabel *m_status;
    QPushButton *m_save;
    QPushButton *m_live;
    QPushButton *m_pair;
    QPushButton *m_baseline;
    QPushButton *m_json;
    QPushButton *m_csv;
    QPointer<DiffDialog> m_lastDiff;
};

} // namespace cb::dm
