#include "rtumaster.h"

#include "link/seriallink.h"
#include "rtucrc.h"
#include "seriallogging.h"

#include <QCoreApplication>

#include <cmath>

namespace cb::serial::modbus {

namespace {
constexpr qsizetype kMaxAdu = 256; // the longest RTU frame

int bitsPerCharacter(const SerialSettings &s)
{
    const int stop = s.stopBits == QSerialPort::TwoStop ? 2 : 1;
    return 1 + int(s.dataBits) + (s.parity == QSerialPort::NoParity ? 0 : 1) + stop;
}
} // namespace

RtuMaster::RtuMaster(SerialLink &link, QObject *parent) : QObject(parent), m_link(link)
{
    m_silence.setSingleShot(true);
    m_silence.setTimerType(Qt::PreciseTimer);
    connect(&m_silence, &QTimer::timeout, this, [this] { process(true); });
    m_timeout.setSingleShot(true);
    m_timeout.setTimerType(Qt::PreciseTimer);
    connect(&m_timeout, &QTimer::timeout, this, &RtuMaster::onTimeout);
    m_gap.setSingleShot(true);
    m_gap.setTimerType(Qt::PreciseTimer);
    connect(&m_gap, &QTimer::timeout, this, &RtuMaster::sendNext);
    connect(&m_link, &SerialLink::dataReceived, this, &RtuMaster::onData);
}

RtuMaster::~RtuMaster()
{
    m_queue.clear();
    m_current.reset();
}

std::chrono::microseconds RtuMaster::interFrameSilence(const SerialSettings &s)
{
    if (s.baudRate > 19200 || s.baudRate <= 0)
        return std::chrono::microseconds(1750);
    return std::chrono::microseconds(qint64(std::ceil(3.5 * bitsPerCharacter(s) * 1e6 / s.baudRate)));
}

std::chrono::milliseconds RtuMaster::silenceMs() const
{
    const auto us = interFrameSilence(m_link.settings()).count();
    return std::chrono::milliseconds((us + 999) / 1000);
}

std::chrono::milliseconds RtuMaster::gap() const
{
    return std::max(m_requestDelay, silenceMs());
}

void RtuMaster::send(const RtuRequest &request, Callback done)
{
    m_queue.push_back(Pending{request, std::move(done), 0});
    sendNext();
}

void RtuMaster::sendNext()
{
    if (m_inFlight || m_gap.isActive())
        return;
    if (!m_current) {
        if (m_queue.empty())
            return;
        m_current = std::move(m_queue.front());
        m_queue.pop_front();
    }
    // The bus must have been quiet for 3.5 characters before a request starts.
    const auto quiet = silenceMs();
    if (m_lastByte.isValid() && m_lastByte.elapsed() < quiet.count()) {
        m_gap.start(quiet - std::chrono::milliseconds(m_lastByte.elapsed()));
        return;
    }
    transmit();
}

void RtuMaster::transmit()
{
    // Anything still buffered belongs to no request: log it before the new exchange starts.
    process(true);
    if (!m_current)
        return;
    if (!m_link.isOpen()) {
        complete(RtuReply{RtuReply::Status::NotOpen, {}, 0, {}, 0});
        return;
    }
    const QByteArray adu = m_current->request.adu();
    ++m_current->attempts;
    ++m_counters.framesOut;
    if (!m_link.write(adu)) {
        complete(RtuReply{RtuReply::Status::NotOpen, {}, 0, {}, 0});
        return;
    }
    m_inFlight = true;
    m_lastByte.restart();
    // The timeout is the device's time to answer: the request's and the reply's time on the line
    // come on top (41 bytes at 9600 baud are 43 ms).
    const int bits = bitsPerCharacter(m_link.settings());
    const int baud = qMax(1, int(m_link.settings().baudRate));
    const qint64 lineMs = qint64(adu.size() + m_current->request.expectedReplyLength()) * bits * 1000 / baud + 1;
    m_timeout.start(std::chrono::milliseconds(m_timeoutMs + lineMs));
}

void RtuMaster::onData(const QByteArray &bytes)
{
    if (m_rx.isEmpty())
        m_rxStartUs = ByteLogEntry::nowUs();
    m_rx.append(bytes);
    m_lastByte.restart();
    m_silence.start(silenceMs());
    process(false);
    // A line that never falls silent (wrong baud rate, a talking second master) must not grow
    // the buffer without end: past two maximal frames, what is not a frame start goes now.
    if (m_rx.size() > 2 * kMaxAdu) {
        process(true);
        if (m_rx.size() > kMaxAdu)
            dropGarbage(m_rx.size(), tr("%n byte(s) of continuous line noise", nullptr, int(m_rx.size())));
    }
}

RtuMaster::Found RtuMaster::scan() const
{
    const RtuRequest &q = m_current->request;
    const quint8 normal = q.function;
    const quint8 exception = quint8(q.function | 0x80);
    const qsizetype size = m_rx.size();
    // RS-485 adapters with local echo hand our own request back first. (A 06 reply is an echo by
    // definition, so it is not mistaken for one.)
    if (normal != RtuRequest::WriteSingleRegister) {
        const QByteArray adu = q.adu();
        if (m_rx.startsWith(adu))
            return {Kind::Echo, 0, adu.size()};
    }
    Found partial;
    Found badCrc;
    for (qsizetype i = 0; i < size; ++i) {
        const quint8 id = quint8(m_rx.at(i));
        const bool ours = id == q.serverId;
        if (i + 1 >= size) {
            if (ours && partial.kind == Kind::None)
                partial = {Kind::Partial, i, 0};
            break;
        }
        const quint8 f = quint8(m_rx.at(i + 1));
        if (f != normal && f != exception)
            continue;
        qsizetype length = 8;
        if (f == exception) {
            length = RtuRequest::kExceptionLength;
        } else if (normal == RtuRequest::ReadHoldingRegisters || normal == RtuRequest::ReadInputRegisters) {
            if (i + 2 >= size) {
                if (ours && partial.kind == Kind::None)
                    partial = {Kind::Partial, i, 0};
                break;
            }
            length = 5 + quint8(m_rx.at(i + 2));
        }
        if (i + length > size) {
            // Perhaps the start of the reply, perhaps noise that looks like it: a valid frame
            // further on still wins.
            if (ours && partial.kind == Kind::None)
                partial = {Kind::Partial, i, length};
            continue;
        }
        if (crcValid(QByteArrayView(m_rx).sliced(i, length)))
            return {ours ? Kind::Reply : Kind::OtherServer, i, length};
        if (ours && badCrc.kind == Kind::None)
            badCrc = {Kind::BadCrc, i, length};
    }
    if (badCrc.kind != Kind::None && (partial.kind == Kind::None || badCrc.offset < partial.offset))
        return badCrc;
    return partial;
}

void RtuMaster::process(bool silence)
{
    while (!m_rx.isEmpty()) {
        if (!m_current || !m_inFlight) {
            if (!silence)
                return;
            dropGarbage(m_rx.size(), tr("%n byte(s) while no request was pending (a late reply or noise)", nullptr, int(m_rx.size())));
            return;
        }
        const Found f = scan();
        switch (f.kind) {
        case Kind::Reply: {
            if (f.offset > 0)
                dropGarbage(f.offset, tr("%n byte(s) of garbage before the reply", nullptr, int(f.offset)));
            const QByteArray adu = m_rx.left(f.length);
            const bool exception = quint8(adu.at(1)) & 0x80;
            ++m_counters.framesIn;
            RtuReply r;
            r.adu = adu;
            if (exception) {
                ++m_counters.exceptions;
                r.status = RtuReply::Status::Exception;
                r.exceptionCode = quint8(adu.at(2));
                logIn(f.length, tr("exception %1: %2").arg(int(r.exceptionCode)).arg(RtuReply::exceptionText(r.exceptionCode)), true);
            } else {
                r.status = RtuReply::Status::Ok;
                r.data = adu.mid(2, adu.size() - 4);
                logIn(f.length, {}, false);
            }
            complete(std::move(r));
            break;
        }
        case Kind::Echo:
            logIn(f.length, tr("echo of the request (adapter with local echo)"), false);
            break;
        case Kind::OtherServer:
            if (f.offset > 0)
                dropGarbage(f.offset, tr("%n byte(s) of garbage", nullptr, int(f.offset)));
            ++m_counters.sequenceMismatches;
            logIn(f.length, tr("reply from server %1 while server %2 was asked: ignored")
                                .arg(int(quint8(m_rx.at(0)))).arg(int(m_current->request.serverId)), true);
            break;
        case Kind::BadCrc: {
            if (!silence)
                return;
            if (f.offset > 0)
                dropGarbage(f.offset, tr("%n byte(s) of garbage", nullptr, int(f.offset)));
            const QByteArray adu = m_rx.left(f.length);
            ++m_counters.crcErrors;
            logIn(f.length, tr("CRC error: the frame carries %1, its bytes give %2; discarded")
                                .arg(crcOf(adu), 4, 16, QLatin1Char('0'))
                                .arg(crc16(QByteArrayView(adu).first(adu.size() - 2)), 4, 16, QLatin1Char('0')), true);
            failOrRetry(RtuReply::Status::CrcError, adu);
            break;
        }
        case Kind::Partial:
            if (!silence)
                return;
            // Bytes before a possible reply start are noise; the start itself may still grow.
            if (f.offset > 0)
                dropGarbage(f.offset, tr("%n byte(s) of garbage", nullptr, int(f.offset)));
            return;
        case Kind::None:
            if (!silence)
                return;
            dropGarbage(m_rx.size(), tr("%n byte(s) of garbage outside any frame", nullptr, int(m_rx.size())));
            return;
        }
    }
}

void RtuMaster::onTimeout()
{
    if (!m_current || !m_inFlight)
        return;
    process(true);
    if (!m_current || !m_inFlight)
        return; // the silence check just finished it (CRC error)
    if (!m_rx.isEmpty())
        dropGarbage(m_rx.size(), tr("incomplete frame of %n byte(s) at the timeout", nullptr, int(m_rx.size())));
    ++m_counters.timeouts;
    qCDebug(lcSerial) << "Modbus timeout, server" << m_current->request.serverId << "function" << m_current->request.function;
    failOrRetry(RtuReply::Status::Timeout, {});
}

void RtuMaster::failOrRetry(RtuReply::Status status, const QByteArray &adu)
{
    m_timeout.stop();
    if (m_current && m_current->attempts <= m_retries) {
        // Same request again after the pause; m_current stays.
        m_inFlight = false;
        m_gap.start(gap());
        return;
    }
    RtuReply r;
    r.status = status;
    r.adu = adu;
    complete(std::move(r));
}

void RtuMaster::complete(RtuReply reply)
{
    m_timeout.stop();
    m_inFlight = false;
    if (!m_current)
        return;
    Pending p = std::move(*m_current);
    m_current.reset();
    reply.attempts = p.attempts;
    if (reply.status != RtuReply::Status::NotOpen)
        m_gap.start(gap()); // the device's pause before the next request
    if (p.done)
        p.done(reply);
    sendNext();
}

void RtuMaster::abortAll()
{
    m_timeout.stop();
    m_gap.stop();
    m_silence.stop();
    if (!m_rx.isEmpty())
        dropGarbage(m_rx.size(), tr("%n byte(s) left over when the link closed", nullptr, int(m_rx.size())));
    m_inFlight = false;
    std::deque<Pending> pending = std::move(m_queue);
    m_queue.clear();
    if (m_current)
        pending.push_front(std::move(*m_current));
    m_current.reset();
    for (auto &p : pending) {
        if (p.done)
            p.done(RtuReply{RtuReply::Status::NotOpen, {}, 0, {}, p.attempts});
    }
}

void RtuMaster::logIn(qsizetype length, const QString &note, bool problem)
{
    ByteLogEntry e;
    e.direction = ByteLogEntry::Direction::In;
    e.timestampUs = m_rxStartUs ? m_rxStartUs : ByteLogEntry::nowUs();
    e.port = m_link.settings().portName;
    e.bytes = m_rx.left(length);
    e.note = note;
    e.problem = problem;
    m_rx.remove(0, length);
    m_rxStartUs = ByteLogEntry::nowUs();
    Q_EMIT bytesLogged(e);
}

void RtuMaster::dropGarbage(qsizetype length, const QString &note)
{
    m_counters.garbageBytes += length;
    logIn(length, note, true);
}

} // namespace cb::serial::modbus
