#include "modbusclient.h"

#include "link/seriallink.h"
#include "registerdecoder.h"
#include "seriallogging.h"

#include <QCoreApplication>
#include <QModbusReply>

#include <utility>

namespace cb::serial {

namespace {
QString tr(const char *s) { return QCoreApplication::translate("cb::serial::ModbusClient", s); }

QModbusPdu::ExceptionCode exceptionCode(const QModbusReply *reply)
{
    const QByteArray data = reply->rawResult().data();
    return data.isEmpty() ? QModbusPdu::ExtendedException : QModbusPdu::ExceptionCode(quint8(data.at(0)));
}

QString exceptionText(QModbusPdu::ExceptionCode c)
{
    switch (c) {
    case QModbusPdu::IllegalFunction: return tr("illegal function");
    case QModbusPdu::IllegalDataAddress: return tr("illegal data address");
    case QModbusPdu::IllegalDataValue: return tr("illegal data value");
    case QModbusPdu::ServerDeviceFailure: return tr("server device failure");
    case QModbusPdu::ServerDeviceBusy: return tr("server busy");
    default: return tr("exception %1").arg(int(c));
    }
}
} // namespace

ModbusClient::ModbusClient(modbus::RegisterProfile profile, QObject *parent)
    : HardwareClient(parent), m_profile(std::move(profile)), m_serverId(m_profile.serverId)
{
    m_modbus.setTimeout(m_profile.timeoutMs);
    // One attempt per request: the poll loop repeats anyway, and each timeout is counted.
    m_modbus.setNumberOfRetries(0);
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &ModbusClient::tryReconnect);
    m_presenceTimer.setInterval(std::chrono::milliseconds(500));
    connect(&m_presenceTimer, &QTimer::timeout, this, &ModbusClient::checkPresence);
    m_gapTimer.setSingleShot(true);
    m_gapTimer.setInterval(m_profile.requestDelayMs);
    connect(&m_gapTimer, &QTimer::timeout, this, &ModbusClient::sendNext);

    connect(&m_modbus, &QModbusDevice::errorOccurred, this, [this](QModbusDevice::Error e) {
        if (e == QModbusDevice::ConnectionError && m_connected)
            lose(m_modbus.errorString());
    });
    if (QSerialPort *p = port()) {
        // Requests are logged once the port has taken all their bytes.
        connect(p, &QSerialPort::bytesWritten, this, [this](qint64 n) {
            if (m_outAdu.isEmpty())
                return;
            m_outWritten += n;
            if (m_outWritten >= m_outAdu.size()) {
                m_counters.bytesOut += m_outAdu.size();
                log(ByteLogEntry::Direction::Out, m_outAdu);
                m_outAdu.clear();
            }
        });
        connect(p, &QSerialPort::errorOccurred, this, [this](QSerialPort::SerialPortError e) {
            if (e == QSerialPort::ResourceError && m_connected)
                lose(port()->errorString());
        });
    }
    m_state.source = source();
}

ModbusClient::~ModbusClient()
{
    m_queue.clear();
    m_modbus.disconnect(this);
    if (QSerialPort *p = port())
        p->disconnect(this);
    m_modbus.disconnectDevice();
}

QSerialPort *ModbusClient::port() const
{
    return qobject_cast<QSerialPort *>(m_modbus.device());
}

SerialSettings ModbusClient::defaultSettings(const modbus::RegisterProfile &profile, const QString &portName)
{
    SerialSettings s = profile.serial;
    s.portName = portName;
    return s;
}

void ModbusClient::setTimeout(std::chrono::milliseconds t)
{
    m_modbus.setTimeout(int(t.count()));
}

void ModbusClient::setReconnectBackoff(std::chrono::milliseconds initial, std::chrono::milliseconds maximum)
{
    m_backoff.setRange(initial, maximum);
}

Status<> ModbusClient::open(const SerialSettings &settings)
{
    close();
    m_settings = settings;
    m_modbus.setConnectionParameter(QModbusDevice::SerialPortNameParameter, settings.portName);
    m_modbus.setConnectionParameter(QModbusDevice::SerialBaudRateParameter, settings.baudRate);
    m_modbus.setConnectionParameter(QModbusDevice::SerialDataBitsParameter, settings.dataBits);
    m_modbus.setConnectionParameter(QModbusDevice::SerialParityParameter, settings.parity);
    m_modbus.setConnectionParameter(QModbusDevice::SerialStopBitsParameter, settings.stopBits);
    if (!m_modbus.connectDevice() || m_modbus.state() != QModbusDevice::ConnectedState) {
        QSerialPort *p = port();
        const Error e = SerialLink::openError(settings, p ? p->error() : QSerialPort::UnknownError,
                                              p ? p->errorString() : m_modbus.errorString());
        m_modbus.disconnectDevice();
        return e;
    }
    if (QSerialPort *p = port())
        p->setFlowControl(settings.flowControl);
    m_open = true;
    m_connected = true;
    m_backoff.reset();
    m_presenceTimer.start();
    qCDebug(lcSerial) << "Modbus opened" << settings.describe() << "profile" << m_profile.id;
    return success();
}

void ModbusClient::close()
{
    m_open = false;
    m_connected = false;
    m_reconnectTimer.stop();
    m_presenceTimer.stop();
    m_gapTimer.stop();
    ++m_refreshGeneration;
    auto pending = std::move(m_queue);
    m_queue.clear();
    m_outAdu.clear();
    m_modbus.disconnectDevice();
    abortInFlight();
    for (auto &r : pending)
        r.done(nullptr);
    if (m_refreshing) {
        m_refreshing = false;
        Q_EMIT refreshFinished(false, tr("The serial link was closed."));
    }
}

bool ModbusClient::isOpen() const
{
    return m_connected;
}

HardwareState ModbusClient::state() const
{
    HardwareState s = m_state;
    s.counters = m_counters;
    return s;
}

QByteArray ModbusClient::adu(quint8 functionByte, const QByteArray &data) const
{
    QByteArray a;
    a.append(char(m_serverId));
    a.append(char(functionByte));
    a.append(data);
    const quint16 crc = crc16(a);
    a.append(char(crc & 0xFF));
    a.append(char(crc >> 8));
    return a;
}

quint16 ModbusClient::crc16(QByteArrayView bytes)
{
    quint16 crc = 0xFFFF;
    for (char ch : bytes) {
        crc ^= quint8(ch);
        for (int i = 0; i < 8; ++i)
            crc = (crc & 1) ? quint16((crc >> 1) ^ 0xA001) : quint16(crc >> 1);
    }
    return crc;
}

void ModbusClient::log(ByteLogEntry::Direction d, const QByteArray &bytes, const QString &note)
{
    ByteLogEntry e;
    e.direction = d;
    e.timestampUs = ByteLogEntry::nowUs();
    e.port = m_settings.portName;
    e.bytes = bytes;
    e.note = note;
    Q_EMIT bytesLogged(e);
}

void ModbusClient::startRequest(Request r)
{
    m_queue.push_back(std::move(r));
    if (!m_busy && !m_gapTimer.isActive())
        sendNext();
}

void ModbusClient::sendNext()
{
    if (m_busy || m_queue.empty())
        return;
    Request r = std::move(m_queue.front());
    m_queue.pop_front();
    if (!m_connected) {
        r.done(nullptr);
        return sendNext();
    }
    m_inFlightFunction = quint8(r.pdu.functionCode());
    m_outAdu = adu(m_inFlightFunction, r.pdu.data());
    m_outWritten = 0;
    QModbusReply *reply = m_modbus.sendRawRequest(r.pdu, m_serverId);
    ++m_counters.framesOut;
    if (!reply) {
        m_outAdu.clear();
        r.done(nullptr);
        return sendNext();
    }
    m_busy = true;
    m_inFlight = reply;
    connect(reply, &QModbusReply::intermediateErrorOccurred, this, [this](QModbusDevice::IntermediateError e) {
        if (e == QModbusDevice::ResponseCrcError) {
            ++m_counters.crcErrors;
            log(ByteLogEntry::Direction::In, {}, tr("frame with a wrong CRC discarded"));
        } else {
            ++m_counters.sequenceMismatches;
            log(ByteLogEntry::Direction::In, {}, tr("reply that matches no request discarded"));
        }
    });
    auto done = std::move(r.done);
    m_inFlightDone = done;
    if (reply->isFinished())
        onFinished(reply, done);
    else
        connect(reply, &QModbusReply::finished, this, [this, reply, done] { onFinished(reply, done); });
}

void ModbusClient::onFinished(QModbusReply *reply, const std::function<void(QModbusReply *)> &done)
{
    reply->deleteLater();
    if (reply != m_inFlight)
        return; // aborted by close() or an unplug; its request was already failed
    m_inFlight = nullptr;
    m_inFlightDone = nullptr;
    m_busy = false;
    // The device needs a pause before the next request; the gap timer sends it.
    m_gapTimer.start();
    // Exception replies are told apart by the reply's error, not by QModbusPdu::isException():
    // Qt 6.4 stores the 0x80 function byte sign-extended, which UBSan rejects when read back.
    const bool exception = reply->error() == QModbusDevice::ProtocolError;
    const QByteArray data = reply->rawResult().data();
    if (reply->error() == QModbusDevice::NoError || (exception && !data.isEmpty())) {
        {
            const QByteArray bytes = adu(quint8(m_inFlightFunction | (exception ? 0x80 : 0)), data);
            m_counters.bytesIn += bytes.size();
            ++m_counters.framesIn;
            log(ByteLogEntry::Direction::In, bytes, tr("rebuilt from the decoded reply"));
        }
    }
    if (reply->error() == QModbusDevice::ProtocolError)
        ++m_counters.exceptions;
    else if (reply->error() == QModbusDevice::TimeoutError)
        ++m_counters.timeouts;
    done(reply);
}

void ModbusClient::abortInFlight()
{
    m_inFlight = nullptr;
    m_busy = false;
    if (auto d = std::exchange(m_inFlightDone, nullptr))
        d(nullptr);
}

void ModbusClient::refresh()
{
    if (m_refreshing)
        return;
    if (!m_connected) {
        QMetaObject::invokeMethod(this, [this] {
            Q_EMIT refreshFinished(false, tr("The serial link %1 is not open.").arg(m_settings.portName));
        }, Qt::QueuedConnection);
        return;
    }
    m_refreshing = true;
    m_blockOk = 0;
    m_problems.clear();
    m_fresh.clear();
    readBlock(0);
}

void ModbusClient::readBlock(int index)
{
    if (index >= m_profile.reads.size()) {
        finishRefresh();
        return;
    }
    const modbus::ReadBlock &b = m_profile.reads.at(index);
    const bool fallback = m_fallback.value(index);
    const int function = fallback ? b.fallbackFunction : b.function;
    const auto fc = function == 4 ? QModbusPdu::ReadInputRegisters : QModbusPdu::ReadHoldingRegisters;
    const int generation = m_refreshGeneration;
    startRequest(Request{QModbusRequest(fc, b.start, b.count), [this, index, function, generation, fallback, b](QModbusReply *reply) {
        if (generation != m_refreshGeneration)
            return;
        const QString what = tr("Reading %1 registers at %2 (function %3)").arg(b.count).arg(b.start).arg(function);
        if (!reply) {
            m_problems.append(tr("%1 failed: the port is not open.").arg(what));
        } else if (reply->error() == QModbusDevice::NoError) {
            const QByteArray data = reply->rawResult().data();
            if (data.size() >= 1 && quint8(data.at(0)) == b.count * 2 && data.size() == 1 + b.count * 2) {
                for (int i = 0; i < b.count; ++i) {
                    const quint16 v = quint16((quint8(data.at(1 + 2 * i)) << 8) | quint8(data.at(2 + 2 * i)));
                    m_fresh.insert(quint16(b.start + i), v);
                }
                ++m_blockOk;
            } else {
                m_problems.append(tr("%1: the reply has the wrong length.").arg(what));
            }
        } else if (reply->error() == QModbusDevice::ProtocolError && b.fallbackFunction && !fallback) {
            // Some firmware only answers this block with the other function code; stick to it.
            qCInfo(lcSerial) << what << "refused, falling back to function" << b.fallbackFunction;
            m_fallback.insert(index, true);
            readBlock(index);
            return;
        } else if (reply->error() == QModbusDevice::ProtocolError) {
            m_problems.append(tr("%1: the device answered with %2.").arg(what, exceptionText(exceptionCode(reply))));
        } else if (reply->error() == QModbusDevice::TimeoutError) {
            m_problems.append(tr("%1: no answer from server %2 within %3 ms.").arg(what).arg(m_serverId).arg(m_modbus.timeout()));
        } else {
            m_problems.append(tr("%1 failed: %2.").arg(what, reply->errorString()));
        }
        readBlock(index + 1);
    }});
}

void ModbusClient::finishRefresh()
{
    m_refreshing = false;
    const bool ok = m_blockOk > 0;
    if (ok) {
        m_registers = m_fresh;
        HardwareState s;
        s.source = source();
        modbus::RegisterDecoder::apply(m_profile, m_registers, s);
        s.timestamp = QDateTime::currentDateTimeUtc();
        m_state = s;
        Q_EMIT stateUpdated(state());
    }
    QString problem = m_problems.join(QLatin1Char(' '));
    if (!ok && m_counters.timeouts > 0 && m_counters.framesIn == 0)
        problem += QLatin1Char(' ') + tr("Check the server id (--id), baud rate and framing, and the RS-485 wiring (A/B swapped?).");
    Q_EMIT refreshFinished(ok, problem.trimmed());
}

Status<> ModbusClient::writeValue(const QString &name, double value, WriteCallback callback)
{
    const auto raw = m_profile.encodeWrite(name, value);
    if (!raw)
        return raw.error();
    if (!m_connected)
        return Error{tr("The serial link %1 is not open.").arg(m_settings.portName), {}};
    const modbus::WriteSpec *w = m_profile.writeSpec(name);
    const quint16 address = w->address;
    startRequest(Request{QModbusRequest(QModbusPdu::WriteSingleRegister, address, raw.value()),
                         [this, name, callback](QModbusReply *reply) {
        Status<> st = success();
        if (!reply)
            st = Error{tr("Writing %1 failed: the port is not open.").arg(name), {}};
        else if (reply->error() == QModbusDevice::ProtocolError)
            st = Error{tr("The device refused %1: %2.").arg(name, exceptionText(exceptionCode(reply))), {}};
        else if (reply->error() != QModbusDevice::NoError)
            st = Error{tr("Writing %1 failed: %2.").arg(name, reply->errorString()), {}};
        if (callback)
            callback(st);
    }});
    return success();
}

void ModbusClient::checkPresence()
{
    if (m_connected && !SerialLink::portPresent(SerialLink::systemLocationFor(m_settings.portName)))
        lose(tr("the port disappeared"));
}

void ModbusClient::lose(const QString &reason)
{
    if (!m_connected)
        return;
    m_connected = false;
    ++m_counters.disconnects;
    m_presenceTimer.stop();
    m_gapTimer.stop();
    ++m_refreshGeneration;
    auto pending = std::move(m_queue);
    m_queue.clear();
    m_outAdu.clear();
    // Disconnecting aborts the reply in flight; its own finished() is ignored from now on.
    QMetaObject::invokeMethod(&m_modbus, [this] { m_modbus.disconnectDevice(); }, Qt::QueuedConnection);
    abortInFlight();
    for (auto &r : pending)
        r.done(nullptr);
    const QString text = tr("Serial link %1 lost: %2.").arg(m_settings.portName, reason);
    qCInfo(lcSerial) << text;
    if (m_refreshing) {
        m_refreshing = false;
        Q_EMIT refreshFinished(false, text);
    }
    Q_EMIT linkLost(text);
    m_backoff.reset();
    m_reconnectTimer.start(m_backoff.next());
}

void ModbusClient::tryReconnect()
{
    if (!m_open || m_connected)
        return;
    if (SerialLink::portPresent(SerialLink::systemLocationFor(m_settings.portName))) {
        m_modbus.disconnectDevice();
        if (m_modbus.connectDevice() && m_modbus.state() == QModbusDevice::ConnectedState) {
            m_connected = true;
            ++m_counters.reconnects;
            m_backoff.reset();
            m_presenceTimer.start();
            qCInfo(lcSerial) << "Modbus reconnected" << m_settings.portName;
            Q_EMIT linkRestored();
            return;
        }
    }
    m_reconnectTimer.start(m_backoff.next());
}

} // namespace cb::serial
