#include "capturetablemodel.h"

#include "capturebrowse/capturesession.h"
#include "rpc/rpcframe.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>

#include <algorithm>

namespace cb {

namespace {
constexpr int kMaxWanted = 8; // pages queued for reading at most; older requests scrolled out of view
quint64 tokenFor(quint64 generation, int page) { return (generation << 32) | quint32(page); }
} // namespace

CaptureTableModel::CaptureTableModel(CaptureSession *session, QObject *parent) : QAbstractTableModel(parent), m_session(session)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(0);
    connect(&m_flushTimer, &QTimer::timeout, this, &CaptureTableModel::flushPendingIds);
    connect(session, &CaptureSession::idsListed, this, &CaptureTableModel::onIdsListed);
    connect(session, &CaptureSession::rowsFetched, this, &CaptureTableModel::onRowsFetched);
    connect(session, &CaptureSession::newFrames, this, &CaptureTableModel::refreshTail);
}

int CaptureTableModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_ids.size()); }
int CaptureTableModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

void CaptureTableModel::setFilter(const FrameViewFilter &filter)
{
    beginResetModel();
    m_filter = filter;
    m_ids.clear();
    m_pendingIds.clear();
    m_pages.clear();
    m_wanted.clear();
    m_inFlight = -1;
    ++m_generation;
    m_listing = m_session->isOpen() || !m_session->path().isEmpty();
    m_tailWanted = false;
    endResetModel();
    if (m_listing)
        m_session->listIds(m_generation, m_filter, 0);
}

void CaptureTableModel::refreshTail()
{
    if (m_session->path().isEmpty())
        return;
    if (m_listing) {
        m_tailWanted = true;
        return;
    }
    m_listing = true;
    const qint64 last = !m_pendingIds.isEmpty() ? m_pendingIds.constLast() : (m_ids.empty() ? 0 : m_ids.back());
    m_session->listIds(m_generation, m_filter, last);
}

void CaptureTableModel::onIdsListed(quint64 generation, const QList<qint64> &ids, bool done)
{
    if (generation != m_generation)
        return;
    m_pendingIds.append(ids);
    if (done)
        m_listing = false;
    // Rows go in once per event-loop turn, however many pages arrived meanwhile.
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void CaptureTableModel::flushPendingIds()
{
    if (!m_pendingIds.isEmpty()) {
        const int first = int(m_ids.size());
        beginInsertRows({}, first, first + int(m_pendingIds.size()) - 1);
        m_ids.insert(m_ids.end(), m_pendingIds.cbegin(), m_pendingIds.cend());
        m_pendingIds.clear();
        endInsertRows();
    }
    if (!m_listing) {
        if (m_tailWanted) {
            m_tailWanted = false;
            refreshTail();
        } else {
            Q_EMIT listingFinished();
        }
    }
}

int CaptureTableModel::rowOfId(qint64 id) const
{
    const auto it = std::lower_bound(m_ids.cbegin(), m_ids.cend(), id);
    return it != m_ids.cend() && *it == id ? int(it - m_ids.cbegin()) : -1;
}

const FrameRow *CaptureTableModel::rowAt(int row) const
{
    if (row < 0 || row >= int(m_ids.size()))
        return nullptr;
    const auto it = m_pages.constFind(row / kPageRows);
    const int offset = row % kPageRows;
    if (it == m_pages.cend() || offset >= it->loadedRows || it->rows.at(offset).id == 0)
        return nullptr;
    return &it->rows.at(offset);
}

void CaptureTableModel::requestPage(int page) const
{
    if (page == m_inFlight)
        return;
    m_wanted.removeAll(page);
    m_wanted.append(page);
    while (m_wanted.size() > kMaxWanted)
        m_wanted.removeFirst();
    pumpRequests();
}

void CaptureTableModel::pumpRequests() const
{
    if (m_inFlight >= 0 || m_wanted.isEmpty())
        return;
    // Newest request first: while scrolling fast, the page in view now matters, not those passed.
    const int page = m_wanted.takeLast();
    const size_t first = size_t(page) * kPageRows;
    if (first >= m_ids.size())
        return pumpRequests();
    const size_t last = std::min(m_ids.size(), first + kPageRows);
    QList<qint64> ids(m_ids.cbegin() + qsizetype(first), m_ids.cbegin() + qsizetype(last));
    m_inFlight = page;
    m_inFlightRows = int(ids.size());
    m_session->fetchRows(tokenFor(m_generation, page), ids);
}

void CaptureTableModel::onRowsFetched(quint64 token, const QList<FrameRow> &rows)
{
    const quint64 generation = token >> 32;
    const int page = int(token & 0xffffffffu);
    if (generation != (m_generation & 0xffffffffu) || page != m_inFlight)
        return; // for an earlier filter: its requests were dropped with it
    m_inFlight = -1;
    const size_t first = size_t(page) * kPageRows;
    const int count = int(std::min({m_ids.size() - std::min(m_ids.size(), first), size_t(kPageRows), size_t(m_inFlightRows)}));
    Page p;
    p.rows.resize(count);
    p.timeText.resize(count);
    // Align by id: rows pruned meanwhile are missing from the answer.
    int j = 0;
    for (int i = 0; i < count && j < rows.size(); ++i) {
        if (rows.at(j).id == m_ids[first + size_t(i)])
            p.rows[i] = rows.at(j++);
    }
    p.loadedRows = count;
    p.lastUse = ++m_useClock;
    m_pages.insert(page, p);
    evictPages();
    if (count > 0) {
        Q_EMIT dataChanged(index(int(first), 0), index(int(first) + count - 1, ColumnCount - 1));
        Q_EMIT rowsLoaded(int(first), int(first) + count - 1);
    }
    pumpRequests();
}

void CaptureTableModel::evictPages() const
{
    if (m_pages.size() <= kMaxPages)
        return;
    QList<std::pair<quint64, int>> byUse;
    for (auto it = m_pages.cbegin(); it != m_pages.cend(); ++it)
        byUse.append({it->lastUse, it.key()});
    std::sort(byUse.begin(), byUse.end());
    for (qsizetype i = 0; i < byUse.size() - kMaxPages; ++i)
        m_pages.remove(byUse.at(i).second);
}

void CaptureTableModel::setLintReport(const LintReport &report)
{
    m_lint = report;
    m_findingsByFrame.clear();
    for (int i = 0; i < m_lint.findings.size(); ++i)
        for (qint64 id : m_lint.findings.at(i).frameIds)
            m_findingsByFrame[id].append(i);
    if (!m_ids.empty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

QStringList CaptureTableModel::findingsOf(qint64 id) const
{
    QStringList out;
    for (int i : m_findingsByFrame.value(id))
        out << m_lint.findings.at(i).message;
    return out;
}

QString CaptureTableModel::typeText(const FrameRow &r)
{
    switch (r.kind) {
    case CaptureRecord::Kind::ConnectionOpened: return tr("connected");
    case CaptureRecord::Kind::ConnectionClosed: return tr("closed");
    case CaptureRecord::Kind::Note: return tr("note");
    case CaptureRecord::Kind::Frame: break;
    }
    return r.messageType >= 2 && r.messageType <= 6 ? messageTypeName(MessageType(r.messageType)) : tr("undecodable");
}

QString CaptureTableModel::latencyText(qint64 us)
{
    if (us < 0)
        return {};
    if (us < 10'000)
        return tr("%1 ms").arg(double(us) / 1000.0, 0, 'f', 1);
    if (us < 60'000'000)
        return tr("%1 ms").arg(us / 1000);
    return tr("%1 s").arg(double(us) / 1e6, 0, 'f', 1);
}

QVariant CaptureTableModel::display(const FrameRow &r, int column, const Page &page, int offset) const
{
    switch (column) {
    case Time: {
        QString &t = page.timeText[offset];
        if (t.isNull())
            t = QDateTime::fromMSecsSinceEpoch(r.timestampUs / 1000).toString(QStringLiteral("HH:mm:ss.zzz"));
        return t;
    }
    case Station: return r.stationId;
    case Direction:
        if (r.kind != CaptureRecord::Kind::Frame)
            return QString();
        return r.outgoing ? tr("CSMS \u2192 CP") : tr("CP \u2192 CSMS");
    case Type: return typeText(r);
    case Action: return r.action;
    case MessageId: return r.messageId;
    case Latency: return latencyText(r.latencyUs);
    case Size: return QString::number(r.size);
    case Verdict: {
        if (!r.problem.isEmpty())
            return r.problem;
        const auto it = m_findingsByFrame.constFind(r.id);
        if (it != m_findingsByFrame.cend()) {
            QStringList rules;
            for (int i : *it)
                rules << ruleName(m_lint.findings.at(i).rule);
            rules.removeDuplicates();
            return rules.join(QStringLiteral(", "));
        }
        return r.kind == CaptureRecord::Kind::Frame ? tr("ok") : QString();
    }
    }
    return {};
}

QVariant CaptureTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    if (role == FrameIdRole)
        return m_ids[size_t(row)];
    const int pageNo = row / kPageRows;
    const int offset = row % kPageRows;
    const auto it = m_pages.constFind(pageNo);
    const bool loaded = it != m_pages.cend() && offset < it->loadedRows;
    if (!loaded) {
        if (role == Qt::DisplayRole)
            requestPage(pageNo);
        if (role == LoadedRole)
            return false;
        if (role == Qt::DisplayRole && index.column() == Time)
            return QStringLiteral("\u2026");
        return {};
    }
    it->lastUse = ++m_useClock;
    const FrameRow &r = it->rows.at(offset);
    if (r.id == 0)
        return role == Qt::DisplayRole && index.column() == Time ? QVariant(tr("(deleted)")) : QVariant();
    const bool problem = !r.problem.isEmpty();
    const bool finding = m_findingsByFrame.contains(r.id);
    switch (role) {
    case Qt::DisplayRole: return display(r, index.column(), *it, offset);
    case LoadedRole: return true;
    case PairIdRole: return r.pairId;
    case ProblemRole: return r.problem;
    case FindingsRole: return findingsOf(r.id);
    case TimestampRole: return r.timestampUs;
    case Qt::ToolTipRole:
        switch (index.column()) {
        case Time:
            return QString(QDateTime::fromMSecsSinceEpoch(r.timestampUs / 1000, Qt::UTC).toString(Qt::ISODateWithMs) +
                           tr(" (frame %1)").arg(r.id));
        case Direction: return r.outgoing ? tr("Sent by the CSMS side (ChargeBench when live)") : tr("Sent by the charging station");
        case Latency:
            return r.isCall() ? tr("The reply came %1 after this CALL (Ctrl+J jumps to it).").arg(latencyText(r.latencyUs))
                              : tr("This reply came %1 after its CALL (Ctrl+J jumps to it).").arg(latencyText(r.latencyUs));
        case Verdict: {
            QStringList lines;
            if (problem)
                lines << r.problem;
            lines << findingsOf(r.id);
            return lines.isEmpty() ? QVariant() : QVariant(lines.join(QLatin1Char('\n')));
        }
        default: return {};
        }
    case Qt::ForegroundRole:
        if (index.column() == Verdict && problem)
            return QBrush(QColor(0xb0, 0x1c, 0x1c));
        if (index.column() == Verdict && finding)
            return QBrush(QColor(0x9a, 0x52, 0x00));
        if (r.kind != CaptureRecord::Kind::Frame)
            return QBrush(QColor(0x5e, 0x5c, 0x64));
        return {};
    case Qt::BackgroundRole:
        if (problem)
            return QBrush(QColor(0xfd, 0xe4, 0xe4));
        if (finding)
            return QBrush(QColor(0xff, 0xf1, 0xd6));
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Size || index.column() == Latency)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default: return {};
    }
}

QVariant CaptureTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time: return tr("Time");
    case Station: return tr("Station");
    case Direction: return tr("Direction");
    case Type: return tr("Type");
    case Action: return tr("Action");
    case MessageId: return tr("Message id");
    case Latency: return tr("Latency");
    case Size: return tr("Bytes");
    case Verdict: return tr("Verdict");
    }
    return {};
}

} // namespace cb
