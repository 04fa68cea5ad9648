#include "captureview.h"

#include "capturebrowse/capturesession.h"
#include "capturetablemodel.h"
#include "framedetail.h"

#include <QApplication>
#include <QClipboard>
#include <QItemSelection>
#include <QLabel>
#include <QTableView>

#include <algorithm>

// CaptureView's commands: Ctrl+J jump between a CALL and its reply, Ctrl+C copy as JSON, Ctrl+D
// sequence diagram, Ctrl+Shift+L protocol lint, and selecting the frames of a lint finding.
namespace cb {

namespace {
constexpr int kDiagramRows = 40; // from the current row when nothing else is selected
constexpr int kDiagramMax = 500;
} // namespace

bool CaptureView::jumpToPair()
{
    const int row = m_table->currentIndex().row();
    const FrameRow *r = m_model->rowAt(row);
    if (!r || (!r->isCall() && !r->isReply())) {
        say(tr("Select a CALL or a reply to jump between them."));
        return false;
    }
    if (!r->pairId) {
        say(r->isCall() ? tr("No reply to this CALL was captured.") : tr("The CALL this reply answers is not in the capture."));
        return false;
    }
    const int target = m_model->rowOfId(r->pairId);
    if (target < 0) {
        say(tr("Frame %1 (the %2) is hidden by the filter; clear the filters to see it.")
                .arg(r->pairId)
                .arg(r->isCall() ? tr("reply") : tr("CALL")));
        return false;
    }
    const QModelIndex to = m_model->index(target, m_table->currentIndex().column());
    m_table->setCurrentIndex(to);
    m_table->scrollTo(to, QAbstractItemView::PositionAtCenter);
    m_message->clear();
    return true;
}

QString CaptureView::copyJson()
{
    if (!m_detailRecord) {
        say(tr("Select a frame first."));
        return {};
    }
    const QString text = framedetail::jsonText(m_detailRecord->record);
    QApplication::clipboard()->setText(text);
    say(tr("Copied frame %1 as JSON.").arg(m_detailRecord->id));
    return text;
}

void CaptureView::showSequenceDiagram()
{
    QList<int> rows;
    for (const QModelIndex &i : m_table->selectionModel()->selectedRows())
        rows << i.row();
    std::sort(rows.begin(), rows.end());
    if (rows.size() <= 1) {
        const int from = m_table->currentIndex().isValid() ? m_table->currentIndex().row() : 0;
        rows.clear();
        for (int r = from; r < std::min(from + kDiagramRows, m_model->rowCount()); ++r)
            rows << r;
    }
    if (rows.size() > kDiagramMax) {
        say(tr("The diagram shows the first %1 of the %2 selected frames.").arg(kDiagramMax).arg(rows.size()));
        rows.resize(kDiagramMax);
    }
    QList<qint64> ids;
    for (int r : std::as_const(rows))
        ids << m_model->idAt(r);
    if (ids.isEmpty()) {
        say(tr("Nothing to draw: the list is empty."));
        return;
    }
    m_session->fetchRecords(++m_diagramToken, ids);
}

void CaptureView::runLint()
{
    if (m_session->path().isEmpty())
        return;
    if (m_session->isLinting()) {
        say(tr("The check is still running."));
        return;
    }
    CaptureSelection selection;
    selection.stationId = m_lockedStation;
    m_lintText = tr("checking...");
    m_session->runLint(selection);
    updateStatus();
}

int CaptureView::selectFrames(const QList<qint64> &ids)
{
    QItemSelection selection;
    int first = -1;
    for (qint64 id : ids) {
        const int row = m_model->rowOfId(id);
        if (row < 0)
            continue;
        if (first < 0)
            first = row;
        selection.select(m_model->index(row, 0), m_model->index(row, CaptureTableModel::ColumnCount - 1));
    }
    if (first < 0) {
        say(tr("The frames of this finding are hidden by the filter; clear the filters to see them."));
        return 0;
    }
    const QModelIndex at = m_model->index(first, 0);
    m_table->selectionModel()->setCurrentIndex(at, QItemSelectionModel::NoUpdate);
    m_table->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    m_table->scrollTo(at, QAbstractItemView::PositionAtCenter);
    return int(selection.indexes().size() / CaptureTableModel::ColumnCount);
}

} // namespace cb
