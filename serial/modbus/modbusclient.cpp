#include "modbusclient.h"

#include "registerdecoder.h"
#include "rtucrc.h"
#include "seriallogging.h"

#include <QCoreApplication>

#include <utility>

namespace cb::serial {

ModbusClient::ModbusClient(modbus::RegisterProfile profile, QObject *parent)
    : HardwareClient(parent), m_profile(std::move(profile)), m_master(m_link), m_serverId(m_profile.serverId)
{
    m_master.setTimeout(std::chrono::milliseconds(m_profile.timeoutMs));
    m_master.setRetries(m_profile.retries);
    m_master.setRequestDelay(std::chrono::milliseconds(m_profile.requestDelayMs));
    // Requests as the link wrote them; everything received as the master framed it.
    connect(&m_link, &SerialLink::bytesLogged, this, [this](const ByteLogEntry &e) {
        if (e.direction == ByteLogEntry::Direction::Out)
            Q_EMIT bytesLogged(e);
    });
    connect(&m_master, &modbus::RtuMaster::bytesLogged, this, &HardwareClient::bytesLogged);
    connect(&m_link, &SerialLink::linkLost, this, &ModbusClient::onLinkLost);
    connect(&m_link, &SerialLink::linkRestored, this, [this] {
        qCInfo(lcSerial) << "Modbus reconnected" << m_link.settings().portName;
        Q_EMIT linkRestored();
    });
    m_state.source = source();
}

ModbusClient::~ModbusClient()
{
    m_link.disconnect(this);
}

quint16 ModbusClient::crc16(QByteArrayView bytes)
{
    return modbus::crc16(bytes);
}

SerialSettings ModbusClient::defaultSettings(const modbus::RegisterProfile &profile, const QString &portName)
{
    SerialSettings s = profile.serial;
    s.portName = portName;
    return s;
}

void ModbusClient::setReconnectBackoff(std::chrono::milliseconds initial, std::chrono::milliseconds maximum)
{
    m_link.setReconnectBackoff(initial, maximum);
}

Status<> ModbusClient::open(const SerialSettings &settings)
{
    close();
    auto st = m_link.open(settings);
    if (st)
        qCDebug(lcSerial) << "Modbus opened" << settings.describe() << "profile" << m_profile.id;
    return st;
}

void ModbusClient::close()
{
    ++m_refreshGeneration;
    m_master.abortAll();
    m_link.close();
    if (m_refreshing) {
        m_refreshing = false;
        Q_EMIT refreshFinished(false, tr("The serial link was closed."));
    }
}

HardwareState ModbusClient::state() const
{
    HardwareState s = m_state;
    s.counters = counters();
    return s;
}

LinkCounters ModbusClient::counters() const
{
    LinkCounters c = m_master.counters();
    const LinkCounters &l = m_link.counters();
    c.bytesIn = l.bytesIn;
    c.bytesOut = l.bytesOut;
    c.disconnects = l.disconnects;
    c.reconnects = l.reconnects;
    return c;
}

void ModbusClient::refresh()
{
    if (m_refreshing)
        return;
    if (!m_link.isOpen()) {
        QMetaObject::invokeMethod(this, [this] {
            Q_EMIT refreshFinished(false, tr("The serial link %1 is not open.").arg(m_link.settings().portName));
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
    const int generation = m_refreshGeneration;
    const auto request = modbus::RtuRequest::read(quint8(m_serverId), quint8(function), b.start, b.count);
    m_master.send(request, [this, index, function, generation, fallback, b](const modbus::RtuReply &reply) {
        if (generation != m_refreshGeneration)
            return;
        const QString what = tr("Reading %1 registers at %2 (function %3)").arg(b.count).arg(b.start).arg(function);
        using S = modbus::RtuReply::Status;
        if (reply.status == S::Ok) {
            const QByteArray &data = reply.data;
            if (data.size() == 1 + b.count * 2 && quint8(data.at(0)) == b.count * 2) {
                for (int i = 0; i < b.count; ++i) {
                    const quint16 v = quint16((quint8(data.at(1 + 2 * i)) << 8) | quint8(data.at(2 + 2 * i)));
                    m_fresh.insert(quint16(b.start + i), v);
                }
                ++m_blockOk;
            } else {
                m_problems.append(tr("%1: the reply has the wrong length.").arg(what));
            }
        } else if (reply.status == S::Exception && b.fallbackFunction && !fallback) {
            // Some firmware only answers this block with the other function code; stick to it.
            qCInfo(lcSerial) << what << "refused, falling back to function" << b.fallbackFunction;
            m_fallback.insert(index, true);
            readBlock(index);
            return;
        } else if (reply.status == S::Exception) {
            m_problems.append(tr("%1: the device answered with %2.").arg(what, reply.describe(m_master.timeoutMs())));
        } else if (reply.status == S::Timeout) {
            m_problems.append(tr("%1: no answer from server %2 within %3 ms.").arg(what).arg(m_serverId).arg(m_master.timeoutMs()));
        } else if (reply.status == S::CrcError) {
            m_problems.append(tr("%1: the reply had a wrong CRC (noise on the line?).").arg(what));
        } else {
            m_problems.append(tr("%1 failed: the port is not open.").arg(what));
        }
        readBlock(index + 1);
    });
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
    const LinkCounters c = counters();
    if (!ok && c.timeouts > 0 && c.framesIn == 0)
        problem += QLatin1Char(' ') + tr("Check the server id (--id), baud rate and framing, and the RS-485 wiring (A/B swapped?).");
    else if (!ok && c.crcErrors > 0)
        problem += QLatin1Char(' ') + tr("Check the baud rate, parity and the RS-485 wiring (termination, shield).");
    Q_EMIT refreshFinished(ok, problem.trimmed());
}

Status<> ModbusClient::writeValue(const QString &name, double value, WriteCallback callback)
{
    const auto raw = m_profile.encodeWrite(name, value);
    if (!raw)
        return raw.error();
    if (!m_link.isOpen())
        return Error{tr("The serial link %1 is not open.").arg(m_link.settings().portName), {}};
    const modbus::WriteSpec *w = m_profile.writeSpec(name);
    const auto request = modbus::RtuRequest::writeSingle(quint8(m_serverId), w->address, raw.value());
    m_master.send(request, [this, name, callback, request](const modbus::RtuReply &reply) {
        using S = modbus::RtuReply::Status;
        Status<> st = success();
        if (reply.status == S::Exception)
            st = Error{tr("The device refused %1: %2.").arg(name, reply.describe(m_master.timeoutMs())), {}};
        else if (reply.status != S::Ok)
            st = Error{tr("Writing %1 failed: %2.").arg(name, reply.describe(m_master.timeoutMs())), {}};
        else if (reply.data != request.data) // function 06 answers with an echo of the request
            st = Error{tr("Writing %1: the device did not echo the request.").arg(name), {}};
        if (callback)
            callback(st);
    });
    return success();
}

void ModbusClient::onLinkLost(const QString &reason)
{
    ++m_refreshGeneration;
    m_master.abortAll();
    qCInfo(lcSerial) << reason;
    if (m_refreshing) {
        m_refreshing = false;
        Q_EMIT refreshFinished(false, reason);
    }
    Q_EMIT linkLost(reason);
}

} // namespace cb::serial
