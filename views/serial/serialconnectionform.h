#pragma once

#include "common/result.h"
#include "link/serialportlister.h"
#include "link/serialsettings.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QToolButton;

namespace cb {

class SerialPortListing;

// What the form asks the session to open.
struct SerialConnectionRequest
{
    QString protocol;          // "rapi", "modbus:<id>" or "modbus:<file>"
    serial::SerialSettings settings;
    int serverId = 0;          // Modbus only; 0 for RAPI
};

// The connection bar of the serial panel: port (listed with USB ids, or typed, e.g. a pty path),
// protocol or register profile (RAPI, every built-in Modbus profile, or a profile file), line
// settings prefilled from the protocol, Modbus server id, and Connect/Disconnect. Ports are
// enumerated by SerialPortListing, off the GUI thread.
class SerialConnectionForm : public QWidget
{
    Q_OBJECT
public:
    explicit SerialConnectionForm(QWidget *parent = nullptr);

    Result<SerialConnectionRequest> request() const;
    QString portName() const;
    QString protocol() const;

    void setPortName(const QString &port);
    // Selects a listed protocol, or adds a profile file ("modbus:/path/x.json"); false if unknown.
    bool setProtocol(const QString &protocol);
    // While a link is active the fields are locked and the button disconnects.
    void setActive(bool active);

    void refreshPorts();
    bool isListingPorts() const;
    int portCount() const;      // ports listed by the system (typed paths excluded)

    QComboBox *portCombo() const { return m_port; }
    QComboBox *protocolCombo() const { return m_protocol; }
    QComboBox *baudCombo() const { return m_baud; }
    QComboBox *framingCombo() const { return m_framing; }
    QSpinBox *serverIdSpin() const { return m_serverId; }
    QPushButton *connectButton() const { return m_connect; }

Q_SIGNALS:
    void connectClicked();     // the panel connects or disconnects, depending on its state
    void portsListed(int count);

private:
    void applyProtocolDefaults();
    void chooseProfileFile();
    void showPorts(const QList<serial::SerialPortDescription> &ports);
    int addProfileFile(const QString &path, const QString &name);

    QComboBox *m_port;
    QToolButton *m_refresh;
    QComboBox *m_protocol;
    QComboBox *m_baud;
    QComboBox *m_framing;
    QLabel *m_serverIdLabel;
    QSpinBox *m_serverId;
    QPushButton *m_connect;
    SerialPortListing *m_lister;
    int m_listedPorts = 0;
    int m_lastProtocolIndex = 0;
    bool m_active = false;
};

} // namespace cb
