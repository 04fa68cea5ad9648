#include "lintfindingsmodel.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>

namespace cb {

LintFindingsModel::LintFindingsModel(QObject *parent) : QAbstractTableModel(parent) {}

int LintFindingsModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_report.findings.size()); }
int LintFindingsModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

void LintFindingsModel::setReport(const LintReport &report)
{
    beginResetModel();
    m_report = report;
    endResetModel();
}

QList<qint64> LintFindingsModel::frameIds(int row) const
{
    return row >= 0 && row < m_report.findings.size() ? m_report.findings.at(row).frameIds : QList<qint64>{};
}

QVariant LintFindingsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LintFinding &f = m_report.findings.at(index.row());
    if (role == FrameIdsRole)
        return QVariant::fromValue(f.frameIds);
    if (role == Qt::ForegroundRole && index.column() == Severity)
        return f.severity == LintSeverity::Error ? QBrush(QColor(0xb0, 0x1c, 0x1c))
               : f.severity == LintSeverity::Warning ? QBrush(QColor(0x9a, 0x52, 0x00))
                                                    : QBrush(QColor(0x1a, 0x4f, 0x8b));
    if (role == Qt::ToolTipRole && index.column() == Message)
        return f.message;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Severity: return severityName(f.severity);
    case Rule: return ruleName(f.rule);
    case Station: return f.stationId;
    case Time: return QDateTime::fromMSecsSinceEpoch(f.timestampUs / 1000).toString(QStringLiteral("HH:mm:ss.zzz"));
    case Frames: return QString::number(f.frameIds.size());
    case Message: return f.message;
    }
    return {};
}

QVariant LintFindingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Severity: return tr("Severity");
    case Rule: return tr("Rule");
    case Station: return tr("Station");
    case Time: return tr("Time");
    case Frames: return tr("Frames");
    case Message: return tr("Finding");
    }
    return {};
}

} // namespace cb
