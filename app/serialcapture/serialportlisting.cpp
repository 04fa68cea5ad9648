#include "serialportlisting.h"

#include <QThread>

namespace cb {

SerialPortListing::SerialPortListing(QObject *parent) : QObject(parent) {}

SerialPortListing::~SerialPortListing() { wait(); }

void SerialPortListing::wait()
{
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
    }
}

void SerialPortListing::start()
{
    if (m_thread)
        return;
    auto found = std::make_shared<QList<serial::SerialPortDescription>>();
    m_thread = QThread::create([found] { *found = serial::SerialPortLister::availablePorts(); });
    m_thread->setObjectName(QStringLiteral("serial port listing"));
    // The listing is the receiver, so this runs on its thread once the worker is done.
    connect(m_thread, &QThread::finished, this, [this, found] {
        wait();
        Q_EMIT listed(*found);
    });
    m_thread->start();
}

} // namespace cb
