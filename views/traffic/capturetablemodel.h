#pragma once

#include "inspection/lintreport.h"
#include "storage/framerow.h"
#include "storage/frameviewfilter.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QTimer>

#include <vector>

namespace cb {

class CaptureSession;

// The traffic list over a capture database, built like Wireshark's packet list: the model keeps
// one 8-byte id per row (the frames matching the filter, oldest first), appended in batches once
// per event-loop turn as the session lists them; the columns of a row are read from SQLite in
// windows of kPageRows on the session's reader thread when the view first asks for them, kept in
// a bounded page cache, and turned into text in data() (the time text cached with the page).
class CaptureTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Time, Station, Direction, Type, Action, MessageId, Latency, Size, Verdict, ColumnCount };
    enum Role {
        FrameIdRole = Qt::UserRole + 1, // qint64
        PairIdRole, // the reply of a CALL or the CALL of a reply; 0 when unknown or not loaded yet
        ProblemRole, // recorded problem text
        FindingsRole, // QStringList: lint findings naming the frame
        LoadedRole, // bool: the row's columns are read
        TimestampRole, // qint64 microseconds
    };
    static constexpr int kPageRows = 128;
    static constexpr int kMaxPages = 256; // 32k rows of columns kept at most

    explicit CaptureTableModel(CaptureSession *session, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // Lists the frames matching `filter` anew (also after the session opened another database).
    void setFilter(const FrameViewFilter &filter);
    const FrameViewFilter &filter() const { return m_filter; }
    void reload() { setFilter(m_filter); }
    // Appends frames written since the last listing (live capture).
    void refreshTail();
    // True until every listed id is a row.
    bool isListing() const { return m_listing || !m_pendingIds.isEmpty(); }

    qint64 idAt(int row) const { return row >= 0 && row < int(m_ids.size()) ? m_ids[size_t(row)] : 0; }
    // The row showing frame `id`, or -1 when the filter hides it.
    int rowOfId(qint64 id) const;
    // The columns of `row`, or nullptr while they are being read.
    const FrameRow *rowAt(int row) const;

    // Lint results: the verdict column names the findings of each frame.
    void setLintReport(const LintReport &report);
    const LintReport &lintReport() const { return m_lint; }
    QStringList findingsOf(qint64 id) const;

    static QString typeText(const FrameRow &row);
    static QString latencyText(qint64 latencyUs);

Q_SIGNALS:
    // The listing for the current filter is complete (rowCount() is final until new frames come).
    void listingFinished();
    // Columns of rows first..last arrived.
    void rowsLoaded(int first, int last);

private:
    struct Page
    {
        QList<FrameRow> rows; // aligned with the page's ids; id 0 where the frame is gone
        mutable QList<QString> timeText;
        int loadedRows = 0; // how many of the page's rows were listed when it was read
        mutable quint64 lastUse = 0;
    };

    void onIdsListed(quint64 generation, const QList<qint64> &ids, bool done);
    void onRowsFetched(quint64 token, const QList<FrameRow> &rows);
    void flushPendingIds();
    void requestPage(int page) const;
    void pumpRequests() const;
    void evictPages() const;
    QVariant display(const FrameRow &r, int column, const Page &page, int offset) const;

    CaptureSession *m_session;
    FrameViewFilter m_filter;
    std::vector<qint64> m_ids;
    QList<qint64> m_pendingIds;
    QTimer m_flushTimer;
    quint64 m_generation = 0;
    bool m_listing = false;
    bool m_tailWanted = false;

    mutable QHash<int, Page> m_pages;
    mutable QList<int> m_wanted; // pages to read, newest request last
    mutable int m_inFlight = -1; // the page being read, -1 when none
    mutable int m_inFlightRows = 0; // how many of its rows were listed when it was asked for
    mutable quint64 m_useClock = 0;

    LintReport m_lint;
    QHash<qint64, QList<int>> m_findingsByFrame;
};

} // namespace cb
