#include "diffdialog.h"

#include "difftablemodel.h"
#include "exportfile.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace cb::dm {

DiffDialog::DiffDialog(const QString &title, const ModelDiff &diff, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(title);
    setObjectName(QStringLiteral("deviceModelDiff"));
    m_model = new DiffTableModel(this);
    m_model->setDiff(diff);
    auto *layout = new QVBoxLayout(this);
    m_summary = new QLabel(summary(), this);
    layout->addWidget(m_summary);
    m_table = new QTableView(this);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->setColumnWidth(DiffTableModel::Change, 80);
    m_table->setColumnWidth(DiffTableModel::Component, 200);
    m_table->setColumnWidth(DiffTableModel::Variable, 200);
    m_table->setColumnWidth(DiffTableModel::Attribute, 70);
    m_table->setColumnWidth(DiffTableModel::OldValue, 180);
    m_table->setAccessibleName(tr("Differences"));
    layout->addWidget(m_table, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *json = buttons->addButton(tr("Export &JSON..."), QDialogButtonBox::ActionRole);
    QPushButton *csv = buttons->addButton(tr("Export &CSV..."), QDialogButtonBox::ActionRole);
    json->setEnabled(!diff.isEmpty());
    csv->setEnabled(!diff.isEmpty());
    connect(json, &QPushButton::clicked, this, [this] { exportAs(false); });
    connect(csv, &QPushButton::clicked, this, [this] { exportAs(true); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(960, 520);
}

QString DiffDialog::summary() const
{
    const ModelDiff &d = m_model->diff();
    if (d.isEmpty())
        return tr("No differences.");
    return tr("%1 added, %2 removed, %3 changed.")
        .arg(d.count(DiffEntry::Kind::Added))
        .arg(d.count(DiffEntry::Kind::Removed))
        .arg(d.count(DiffEntry::Kind::Changed));
}

Status<> DiffDialog::exportTo(const QString &path, bool csv) const
{
    const ModelDiff &d = m_model->diff();
    return writeExportFile(path, csv ? d.toCsv() : QJsonDocument(d.toJson()).toJson(QJsonDocument::Indented));
}

void DiffDialog::exportAs(bool csv)
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export diff"), {},
                                                      csv ? tr("CSV files (*.csv)") : tr("JSON files (*.json)"));
    if (path.isEmpty())
        return;
    if (const auto written = exportTo(path, csv); !written)
        QMessageBox::warning(this, tr("Export failed"), written.error().message + QStringLiteral("\n\n") + written.error().hint);
}

} // namespace cb::dm
