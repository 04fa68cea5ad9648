#pragma once

#include <QDockWidget>

class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QTableView;

namespace cb {

class TrafficModel;
class Workspace;

// Bottom dock: the newest frames of all stations, follow-the-tail unless scrolled away or paused,
// a click shows the frame as pretty JSON.
class TrafficDock : public QDockWidget
{
    Q_OBJECT
public:
    explicit TrafficDock(Workspace &workspace, QWidget *parent = nullptr);

    TrafficModel *model() const { return m_model; }
    bool isPaused() const;
    void setPaused(bool paused);

private:
    void showDetail();

    TrafficModel *m_model;
    QTableView *m_view;
    QPlainTextEdit *m_detail;
    QCheckBox *m_pause;
    QLabel *m_info;
    qint64 m_skipped = 0;
};

} // namespace cb
