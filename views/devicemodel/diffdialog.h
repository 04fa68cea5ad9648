#pragma once

#include "common/result.h"
#include "devicemodel/modeldiff.h"

#include <QDialog>

class QLabel;
class QTableView;

namespace cb::dm {

class DiffTableModel;

// Shows one diff (two snapshots, or a snapshot against the live model) with counts and JSON/CSV
// export. Not modal: a person can keep it open beside the tree.
class DiffDialog : public QDialog
{
    Q_OBJECT
public:
    DiffDialog(const QString &title, const ModelDiff &diff, QWidget *parent = nullptr);

    DiffTableModel *model() const { return m_model; }
    QString summary() const;
    // Writes the diff to `path` as JSON or CSV; the error says what went wrong.
    Status<> exportTo(const QString &path, bool csv) const;

private:
    void exportAs(bool csv);

    DiffTableModel *m_model;
    QTableView *m_table;
    QLabel *m_summary;
};

} // namespace cb::dm
