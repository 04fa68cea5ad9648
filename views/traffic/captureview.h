#pragma once

#include "storage/frameviewfilter.h"
#include "storage/storedcapturerecord.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QTableView;
class QTextBrowser;

namespace cb {

class CaptureSession;
class CaptureTableModel;
class LintFindingsModel;
class SequenceDiagramDialog;

// A capture database as a large packet list: filters (station, action, direction, type, only
// problems, time range, full-text search), the lazy traffic table, a detail pane with the frame as
// pretty JSON and its violations marked, and the lint findings, each selecting its frames. Used by
// the station page's Traffic tab (one station, following live traffic) and by the capture window.
//
// Keys (within the view): Ctrl+J jumps between a CALL and its reply, Ctrl+C copies the frame as
// JSON, Ctrl+D draws a sequence diagram of the selected rows, Ctrl+F goes to the search field,
// Ctrl+Shift+L runs the protocol lint.
class CaptureView : public QWidget
{
    Q_OBJECT
public:
    explicit CaptureView(QWidget *parent = nullptr);
    ~CaptureView() override;

    // Opens (or switches to) a capture database and lists it with the current filter.
    void openDatabase(const QString &path);
    QString databasePath() const;
    // The station tab: only this station's frames, the station picker hidden.
    void setLockedStation(const QString &stationId);
    QString lockedStation() const { return m_lockedStation; }
    // Live traffic: new frames are appended as they are written, and the list follows them while
    // it is scrolled to the end.
    void setFollowLive(bool follow) { m_follow = follow; }
    bool followsLive() const { return m_follow; }
    // New frames were committed to the database (CaptureWriter::batchWritten).
    void notifyNewFrames();
    bool isAtBottom() const;

    void setFilter(const FrameViewFilter &filter);
    FrameViewFilter filter() const;

    // Ctrl+J: from the current CALL to its reply, or from a reply to its CALL. False (with a
    // message) when there is none or the filter hides it.
    bool jumpToPair();
    // Ctrl+C: the current frame as pretty JSON on the clipboard; returns the text.
    QString copyJson();
    // Ctrl+D: a sequence diagram of the selected rows (or the 40 from the current one).
    void showSequenceDiagram();
    // Ctrl+Shift+L: lints the capture (the locked station's frames only in a station tab).
    void runLint();
    // Selects the rows of these frames (those the filter shows) and scrolls to the first.
    int selectFrames(const QList<qint64> &ids);

    CaptureSession *session() const { return m_session; }
    CaptureTableModel *model() const { return m_model; }
    LintFindingsModel *findingsModel() const { return m_findingsModel; }
    QTableView *table() const { return m_table; }
    QTableView *findingsTable() const { return m_findings; }
    QTextBrowser *detail() const { return m_detail; }
    qint64 detailFrameId() const { return m_detailId; }
    QString statusText() const;

Q_SIGNALS:
    void detailShown(qint64 frameId);
    void sequenceDiagramOpened(cb::SequenceDiagramDialog *dialog);
    void message(const QString &text);

private:
    void buildFilterBar();
    void applyFilterFromWidgets();
    void updateStatus();
    void showDetailOf(int row);
    void say(const QString &text);

    CaptureSession *m_session;
    CaptureTableModel *m_model;
    LintFindingsModel *m_findingsModel;
    QTableView *m_table;
    QTableView *m_findings;
    QTextBrowser *m_detail;
    QLabel *m_status;
    QLabel *m_message;
    QWidget *m_stationBox;
    QComboBox *m_station;
    QComboBox *m_action;
    QComboBox *m_direction;
    QComboBox *m_type;
    QCheckBox *m_problems;
    QCheckBox *m_timeRange;
    QDateTimeEdit *m_from;
    QDateTimeEdit *m_to;
    QLineEdit *m_search;
    QTimer m_searchDelay;
    QElapsedTimer m_optionsAge; // since the pickers were last filled
    QString m_lockedStation;
    bool m_follow = false;
    bool m_wasAtBottom = true;
    bool m_haveTimeSpan = false; // the pickers know the capture's first and last time
    bool m_followPending = false; // a scroll to the new end is queued
    bool m_settingFilter = false;
    qint64 m_detailId = 0;
    std::optional<StoredCaptureRecord> m_detailRecord;
    quint64 m_diagramToken = 0;
    qint64 m_indexedUpTo = 0;
    qint64 m_lastId = 0;
    QString m_lintText;
};

} // namespace cb
