#pragma once

#include "serialcapture/serialsession.h"

#include <QTimer>
#include <QWidget>

class QCheckBox;
class QGroupBox;
class QLabel;
class QTableView;

namespace cb {

class ByteLogModel;
class HardwareStateView;
class LinkCountersView;
class RapiConsole;
class SerialConnectionForm;
class SerialTimelineChart;
class Workspace;

// The serial hardware window (or tab): pick a port and a protocol, connect, and watch the
// connector's hardware live: the CP state as a large coloured letter, the readings, the link
// counters, a timeline of CP state and current, the raw byte log and, for OpenEVSE, a RAPI command
// line. The byte log is also recorded in the workspace's capture database as channel
// "serial:<port>". An unplugged cable is said plainly and the link comes back by itself. The link
// is the workspace's (Workspace::serialSession()); closing the panel closes it.
class SerialPanel : public QWidget
{
    Q_OBJECT
public:
    enum class Notice { None, Info, Warning, Error };
    Q_ENUM(Notice)

    explicit SerialPanel(Workspace &workspace, QWidget *parent = nullptr);
    ~SerialPanel() override;

    // Connects with what the form says; false (and the reason in the notice) when it cannot.
    bool connectLink();
    void disconnectLink();

    SerialSession &session() { return m_session; }
    SerialConnectionForm *connectionForm() const { return m_form; }
    HardwareStateView *stateView() const { return m_state; }
    LinkCountersView *countersView() const { return m_counters; }
    SerialTimelineChart *timeline() const { return m_timeline; }
    ByteLogModel *byteLogModel() const { return m_byteModel; }
    QTableView *byteLogView() const { return m_byteView; }
    RapiConsole *rapiConsole() const { return m_console; }
    QString noticeText() const;
    Notice notice() const { return m_notice; }

private:
    void onLinkStateChanged(SerialSession::LinkState state, const QString &reason);
    void onRefreshFinished(bool ok, const QString &problem);
    void onBytes(const serial::ByteLogEntry &entry);
    void showNotice(Notice kind, const QString &headline, const QString &detail = QString());
    void updateByteInfo();
    // RAPI is text, Modbus binary: the console and the byte log's columns follow the protocol.
    void applyProtocolLayout();

    SerialSession &m_session; // the workspace's
    SerialConnectionForm *m_form;
    QLabel *m_noticeLabel;
    Notice m_notice = Notice::None;
    QTimer m_noticeTimer; // hides "link restored" after a while
    HardwareStateView *m_state;
    LinkCountersView *m_counters;
    SerialTimelineChart *m_timeline;
    ByteLogModel *m_byteModel;
    QTableView *m_byteView;
    QCheckBox *m_pause;
    QLabel *m_byteInfo;
    qint64 m_skipped = 0;
    QGroupBox *m_consoleBox;
    RapiConsole *m_console;
};

} // namespace cb
