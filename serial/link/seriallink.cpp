#include "seriallink.h"

#include "seriallogging.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSerialPortInfo>

namespace cb::serial {

SerialLink::SerialLink(QObject *parent) : QObject(parent)
{
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &SerialLink::tryReconnect);
    m_presenceTimer.setInterval(std::chrono::milliseconds(500));
    connect(&m_presenceTimer, &QTimer::timeout, this, &SerialLink::checkPresence);
}

SerialLink::~SerialLink()
{
    close();
}

QString SerialLink::systemLocationFor(const QString &portName)
{
    if (portName.contains(QLatin1Char('/')))
        return portName;
    return QSerialPortInfo(portName).systemLocation();
}

QString SerialLink::systemLocation() const
{
    return systemLocationFor(m_settings.portName);
}

bool SerialLink::portPresent(const QString &systemLocation)
{
    if (systemLocation.startsWith(QLatin1Char('/')))
        return QFileInfo::exists(systemLocation);
    const auto ports = QSerialPortInfo::availablePorts();
    for (const auto &p : ports) {
        if (p.systemLocation() == systemLocation || p.portName() == systemLocation)
            return true;
    }
    return false;
}

Error SerialLink::openError(const SerialSettings &s, QSerialPort::SerialPortError error, const QString &detail)
{
    switch (error) {
    case QSerialPort::DeviceNotFoundError:
        return {tr("Serial port %1 does not exist.").arg(s.portName),
                tr("Check that the cable is plugged in, then run \"chargebench-cli serial list\" to see the ports.")};
    case QSerialPort::PermissionError:
        return {tr("No permission to open %1 (%2).").arg(s.portName, detail),
                tr("Close other programs using the port. On Linux, add your user to the dialout group and log in again.")};
    case QSerialPort::UnsupportedOperationError:
        return {tr("%1 refused the settings %2 (%3).").arg(s.portName, s.describe(), detail),
                tr("Check baud rate and framing; pseudo-terminals accept no parity (use 8N1).")};
    default:
        return {tr("Cannot open %1 with %2: %3.").arg(s.portName, s.describe(), detail),
                tr("Check the port name and that no other program holds it.")};
    }
}

Status<> SerialLink::open(const SerialSettings &settings)
{
    close();
    m_settings = settings;
    auto r = openPort();
    if (!r)
        return r;
    setState(State::Open);
    m_backoff.reset();
    return r;
}

Status<> SerialLink::openPort()
{
    if (m_port) {
        m_port->disconnect(this);
        m_port->close();
        m_port->deleteLater();
    }
    auto *port = new QSerialPort(this);
    port->setPortName(m_settings.portName);
    port->setBaudRate(m_settings.baudRate);
    port->setDataBits(m_settings.dataBits);
    port->setParity(m_settings.parity);
    port->setStopBits(m_settings.stopBits);
    port->setFlowControl(m_settings.flowControl);
    if (!port->open(QIODevice::ReadWrite)) {
        const Error e = openError(m_settings, port->error(), port->errorString());
        delete port;
        return e;
    }
    m_port = port;
    connect(port, &QSerialPort::readyRead, this, &SerialLink::onReadyRead);
    connect(port, &QSerialPort::errorOccurred, this, &SerialLink::onError);
    m_presenceTimer.start();
    qCDebug(lcSerial) << "opened" << m_settings.describe();
    return success();
}

void SerialLink::close()
{
    m_reconnectTimer.stop();
    m_presenceTimer.stop();
    if (m_port) {
        m_port->disconnect(this);
        m_port->close();
        m_port->deleteLater();
        m_port = nullptr;
    }
    setState(State::Closed);
}

bool SerialLink::write(const QByteArray &bytes)
{
    if (m_state != State::Open || !m_port)
        return false;
    const qint64 n = m_port->write(bytes);
    if (n != bytes.size()) {
        qCWarning(lcSerial) << "write failed on" << m_settings.portName << m_port->errorString();
        return false;
    }
    m_counters.bytesOut += n;
    log(ByteLogEntry::Direction::Out, bytes);
    return true;
}

void SerialLink::setReconnectBackoff(std::chrono::milliseconds initial, std::chrono::milliseconds maximum)
{
    m_backoff.setRange(initial, maximum);
}

void SerialLink::setPresenceInterval(std::chrono::milliseconds interval)
{
    m_presenceTimer.setInterval(interval);
}

void SerialLink::onReadyRead()
{
    if (!m_port)
        return;
    const QByteArray bytes = m_port->readAll();
    if (bytes.isEmpty())
        return;
    m_counters.bytesIn += bytes.size();
    log(ByteLogEntry::Direction::In, bytes);
    Q_EMIT dataReceived(bytes);
}

void SerialLink::onError(QSerialPort::SerialPortError error)
{
    if (error == QSerialPort::NoError || !m_port)
        return;
    const QString text = m_port->errorString();
    qCDebug(lcSerial) << "port error" << error << text;
    // An unplugged USB adapter or a closed pseudo-terminal shows up as ResourceError (EIO/ENXIO);
    // a read error on a vanished device node means the same.
    if (error == QSerialPort::ResourceError || (error == QSerialPort::ReadError && !portPresent(systemLocation())))
        lose(text);
}

void SerialLink::checkPresence()
{
    if (m_state == State::Open && !portPresent(systemLocation()))
        lose(tr("the port disappeared"));
}

void SerialLink::lose(const QString &reason)
{
    if (m_state != State::Open)
        return;
    if (m_port) {
        // Read what is still buffered before closing: the last reply may be in it.
        if (m_port->bytesAvailable() > 0)
            onReadyRead();
        m_port->disconnect(this);
        m_port->close();
        m_port->deleteLater();
        m_port = nullptr;
    }
    m_presenceTimer.stop();
    ++m_counters.disconnects;
    qCInfo(lcSerial) << "lost" << m_settings.portName << reason;
    setState(State::Reconnecting);
    Q_EMIT linkLost(tr("Serial link %1 lost: %2.").arg(m_settings.portName, reason));
    m_backoff.reset();
    m_reconnectTimer.start(m_backoff.next());
}

void SerialLink::tryReconnect()
{
    if (m_state != State::Reconnecting)
        return;
    if (portPresent(systemLocation()) && openPort()) {
        ++m_counters.reconnects;
        m_backoff.reset();
        qCInfo(lcSerial) << "reconnected" << m_settings.portName;
        setState(State::Open);
        Q_EMIT linkRestored();
        return;
    }
    m_reconnectTimer.start(m_backoff.next());
}

void SerialLink::setState(State s)
{
    if (m_state == s)
        return;
    m_state = s;
    Q_EMIT stateChanged(s);
}

void SerialLink::log(ByteLogEntry::Direction d, const QByteArray &bytes)
{
    ByteLogEntry e;
    e.direction = d;
    e.timestampUs = ByteLogEntry::nowUs();
    e.port = m_settings.portName;
    e.bytes = bytes;
    if (m_observer)
        m_observer(e);
    Q_EMIT bytesLogged(e);
}

} // namespace cb::serial
