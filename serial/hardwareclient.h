#pragma once

#include "common/result.h"
#include "hardwarestate.h"
#include "link/bytelogentry.h"
#include "link/serialsettings.h"
#include "linkcounters.h"

#include <QObject>
#include <QTimer>

#include <chrono>

namespace cb::serial {

// What the app and the CLI see of a charger controller on a serial line, whatever the protocol:
// open, read everything once (refresh) or keep polling, and get one HardwareState back.
class HardwareClient : public QObject
{
    Q_OBJECT
public:
    explicit HardwareClient(QObject *parent = nullptr);

    virtual Status<> open(const SerialSettings &settings) = 0;
    virtual void close() = 0;
    virtual bool isOpen() const = 0;
    // Reads everything once; ends with refreshFinished() (and stateUpdated() when anything was read).
    virtual void refresh() = 0;
    virtual HardwareState state() const = 0;     // the latest picture, counters included
    virtual LinkCounters counters() const = 0;
    virtual QString source() const = 0;          // "rapi", "modbus:<profile>"

    // Refreshes now, then again `interval` after each refresh finished.
    void startPolling(std::chrono::milliseconds interval);
    void stopPolling();
    bool isPolling() const { return m_polling; }

Q_SIGNALS:
    void refreshFinished(bool ok, const QString &problem);
    void stateUpdated(const cb::serial::HardwareState &state);
    void bytesLogged(const cb::serial::ByteLogEntry &entry);
    void linkLost(const QString &reason);
    void linkRestored();

private:
    QTimer m_pollTimer;
    bool m_polling = false;
};

} // namespace cb::serial
