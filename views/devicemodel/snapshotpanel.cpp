#include "snapshotpanel.h"

#include "devicemodel/devicemodelservice.h"
#include "diffdialog.h"
#include "exportfile.h"
#include "snapshotlistmodel.h"

#include <QFileDialog>
#include <QGridLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace cb::dm {

SnapshotPanel::SnapshotPanel(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *title = new QLabel(tr("<b>Snapshots</b>"), this);
    layout->addWidget(title);
    m_model = new SnapshotListModel(this);
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("snapshotList"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->verticalHeader()->hide();
    m_view->setWordWrap(false);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setColumnWidth(SnapshotListModel::TakenAt, 125);
    m_view->setColumnWidth(SnapshotListModel::Source, 105);
    m_view->setColumnWidth(SnapshotListModel::Entries, 60);
    m_view->setAccessibleName(tr("Snapshots of this station"));
    title->setBuddy(m_view);
    layout->addWidget(m_view, 1);

    auto *buttons = new QGridLayout;
    m_save = new QPushButton(tr("&Save now..."), this);
    m_save->setToolTip(tr("Store the live model as a snapshot with a label"));
    m_live = new QPushButton(tr("Compare with li&ve"), this);
    m_live->setToolTip(tr("Differences from the selected snapshot to the live model"));
    m_pair = new QPushButton(tr("Compare t&wo"), this);
    m_pair->setToolTip(tr("Differences between the two selected snapshots (older to newer)"));
    m_baseline = new QPushButton(tr("Use as &baseline"), this);
    m_baseline->setMinimumWidth(m_baseline->fontMetrics().horizontalAdvance(tr("Use as baseline")) + 24);
    m_baseline->setToolTip(tr("\u201cOnly changed since snapshot\u201d compares with the selected snapshot"));
    m_json = new QPushButton(tr("Export JSON..."), this);
    m_json->setToolTip(tr("Save the selected snapshot as JSON (ReportDataType entries)"));
    m_csv = new QPushButton(tr("Export CSV..."), this);
    m_csv->setToolTip(tr("Save the selected snapshot as CSV, one row per attribute"));
    buttons->addWidget(m_save, 0, 0);
    buttons->addWidget(m_baseline, 0, 1);
    buttons->addWidget(m_live, 1, 0);
    buttons->addWidget(m_pair, 1, 1);
    buttons->addWidget(m_json, 2, 0);
    buttons->addWidget(m_csv, 2, 1);
    layout->addLayout(buttons);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    connect(m_save, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString label = QInputDialog::getText(this, tr("Save snapshot"), tr("Label:"), QLineEdit::Normal, {}, &ok);
        if (ok)
            saveNow(label);
    });
    connect(m_live, &QPushButton::clicked, this, [this] { compareWithLive(); });
    connect(m_pair, &QPushButton::clicked, this, [this] { compareSelected(); });
    connect(m_baseline, &QPushButton::clicked, this, &SnapshotPanel::useAsBaseline);
    connect(m_json, &QPushButton::clicked, this, [this] { exportAs(false); });
    connect(m_csv, &QPushButton::clicked, this, [this] { exportAs(true); });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &SnapshotPanel::updateButtons);
    connect(m_view, &QTableView::doubleClicked, this, [this] { compareWithLive(); });
    updateButtons();
}

void SnapshotPanel::setService(DeviceModelService *service)
{
    if (m_service)
        disconnect(m_service, nullptr, this, nullptr);
    m_service = service;
    if (service)
        connect(service, &DeviceModelService::snapshotsChanged, this, &SnapshotPanel::reload);
    m_status->clear();
    reload();
}

void SnapshotPanel::reload()
{
    const QList<qint64> selected = selectedIds();
    if (!m_service) {
        m_model->setSnapshots({});
        updateButtons();
        return;
    }
    const auto list = m_service->snapshots();
    if (!list) {
        showProblem(list.error().text());
        m_model->setSnapshots({});
    } else {
        m_model->setSnapshots(list.value());
    }
    selectIds(selected);
    updateButtons();
}

QList<qint64> SnapshotPanel::selectedIds() const
{
    QList<qint64> ids;
    for (const QModelIndex &row : m_view->selectionModel()->selectedRows())
        ids << row.data(SnapshotListModel::IdRole).toLongLong();
    return ids;
}

void SnapshotPanel::selectIds(const QList<qint64> &ids)
{
    QItemSelection selection;
    for (qint64 id : ids) {
        const int row = m_model->rowOf(id);
        if (row >= 0)
            selection.select(m_model->index(row, 0), m_model->index(row, SnapshotListModel::ColumnCount - 1));
    }
    m_view->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
}

void SnapshotPanel::updateButtons()
{
    const int n = int(selectedIds().size());
    const bool service = m_service != nullptr;
    m_save->setEnabled(service && !m_service->model().isEmpty());
    m_live->setEnabled(service && n == 1);
    m_pair->setEnabled(service && n == 2);
    m_baseline->setEnabled(service && n <= 1);
    m_baseline->setText(n == 0 ? tr("No &baseline") : tr("Use as &baseline"));
    m_json->setEnabled(service && n == 1);
    m_csv->setEnabled(service && n == 1);
}

void SnapshotPanel::showProblem(const QString &message) { m_status->setText(message); }

DiffDialog *SnapshotPanel::lastDiff() const { return m_lastDiff; }

QString SnapshotPanel::statusText() const { return m_status->text(); }

DiffDialog *SnapshotPanel::showDiff(const QString &title, const Result<ModelDiff> &diff)
{
    if (!diff) {
        showProblem(diff.error().text());
        return nullptr;
    }
    if (m_lastDiff)
        m_lastDiff->close();
    auto *dialog = new DiffDialog(title, diff.value(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_lastDiff = dialog;
    m_status->setText(dialog->summary());
    dialog->show();
    return dialog;
}

DiffDialog *SnapshotPanel::compareWithLive()
{
    const QList<qint64> ids = selectedIds();
    if (!m_service || ids.size() != 1) {
        showProblem(tr("Select one snapshot to compare with the live model."));
        return nullptr;
    }
    const SnapshotInfo *info = m_model->at(m_model->rowOf(ids.first()));
    return showDiff(tr("%1: snapshot of %2 \u2192 live").arg(m_service->identity(), info ? info->takenAt.toLocalTime().toString() : QString()),
                    m_service->diffWithLive(ids.first()));
}

DiffDialog *SnapshotPanel::compareSelected()
{
    QList<qint64> ids = selectedIds();
    if (!m_service || ids.size() != 2) {
        showProblem(tr("Select two snapshots to compare (Ctrl+click)."));
        return nullptr;
    }
    std::sort(ids.begin(), ids.end()); // row ids grow with time: older first
    return showDiff(tr("%1: snapshot %2 \u2192 %3").arg(m_service->identity()).arg(ids.at(0)).arg(ids.at(1)),
                    m_service->diffSnapshots(ids.at(0), ids.at(1)));
}

void SnapshotPanel::useAsBaseline()
{
    const QList<qint64> ids = selectedIds();
    if (!m_service || ids.isEmpty()) {
        Q_EMIT baselineChosen(std::nullopt);
        m_status->setText(tr("No baseline: \u201conly changed\u201d shows nothing."));
        return;
    }
    const auto snapshot = m_service->loadSnapshot(ids.first());
    if (!snapshot) {
        showProblem(snapshot.error().text());
        return;
    }
    m_status->setText(tr("Baseline: snapshot of %1.").arg(snapshot.value().info.takenAt.toLocalTime().toString()));
    Q_EMIT baselineChosen(snapshot.value());
}

void SnapshotPanel::saveNow(const QString &label)
{
    if (!m_service)
        return;
    const auto saved = m_service->saveSnapshot(label);
    if (!saved) {
        showProblem(saved.error().text());
        return;
    }
    reload();
    selectIds({saved.value()});
    m_status->setText(tr("Saved snapshot %1.").arg(saved.value()));
}

Status<> SnapshotPanel::exportSelected(const QString &path, bool csv)
{
    const QList<qint64> ids = selectedIds();
    if (!m_service || ids.size() != 1)
        return Error{tr("No snapshot selected."), tr("Select the snapshot to export.")};
    const auto snapshot = m_service->loadSnapshot(ids.first());
    if (!snapshot)
        return snapshot.error();
    return writeExportFile(path, csv ? modelToCsv(snapshot.value().model)
                                     : QJsonDocument(snapshot.value().toJson()).toJson(QJsonDocument::Indented));
}

void SnapshotPanel::exportAs(bool csv)
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export snapshot"), {},
                                                      csv ? tr("CSV files (*.csv)") : tr("JSON files (*.json)"));
    if (path.isEmpty())
        return;
    const auto written = exportSelected(path, csv);
    m_status->setText(written ? tr("Exported to %1.").arg(path) : written.error().text());
}

} // namespace cb::dm
