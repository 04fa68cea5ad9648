#include "hardwareclient.h"

namespace cb::serial {

HardwareClient::HardwareClient(QObject *parent) : QObject(parent)
{
    m_pollTimer.setSingleShot(true);
    connect(&m_pollTimer, &QTimer::timeout, this, [this] {
        if (m_polling)
            refresh();
    });
    // The next poll waits for the previous refresh, so a slow device is never flooded.
    connect(this, &HardwareClient::refreshFinished, this, [this] {
        if (m_polling)
            m_pollTimer.start();
    });
}

void HardwareClient::startPolling(std::chrono::milliseconds interval)
{
    m_pollTimer.setInterval(interval);
    m_polling = true;
    refresh();
}

void HardwareClient::stopPolling()
{
    m_polling = false;
    m_pollTimer.stop();
}

} // namespace cb::serial
