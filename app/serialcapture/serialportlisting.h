#pragma once

#include "link/serialportlister.h"

#include <QList>
#include <QObject>

class QThread;

namespace cb {

// Lists the system's serial ports on a worker thread: enumeration can take a while (USB
// descriptors, udev), and the serial panel must not freeze for it. listed() comes on the thread
// that owns the object.
class SerialPortListing : public QObject
{
    Q_OBJECT
public:
    explicit SerialPortListing(QObject *parent = nullptr);
    // Waits for a listing still running: a QThread must not be destroyed while it runs.
    ~SerialPortListing() override;

    // Starts a listing; ignored while one runs (listed() answers both requests).
    void start();
    bool isRunning() const { return m_thread != nullptr; }

Q_SIGNALS:
    void listed(const QList<cb::serial::SerialPortDescription> &ports);

private:
    void wait();

    QThread *m_thread = nullptr;
};

} // namespace cb
