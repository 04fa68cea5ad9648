#include "rapiclient.h"

#include "rapistate.h"
#include "seriallogging.h"

#include <QCoreApplication>

#include <memory>

namespace cb::serial {

namespace {
// Longer than any RAPI line; a run of bytes without '\r' past this is noise.
constexpr qsizetype kMaxLine = 256;
} // namespace

RapiClient::RapiClient(QObject *parent) : HardwareClient(parent)
{
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(std::chrono::milliseconds(1500));
    connect(&m_timeout, &QTimer::timeout, this, &RapiClient::onTimeout);
    connect(&m_link, &SerialLink::dataReceived, this, &RapiClient::onData);
    connect(&m_link, &SerialLink::bytesLogged, this, &HardwareClient::bytesLogged);
    connect(&m_link, &SerialLink::linkLost, this, [this](const QString &reason) {
        m_rx.clear();
        failAll(Error{reason, tr("Check the cable; the link reopens by itself when the port returns.")});
        Q_EMIT linkLost(reason);
    });
    connect(&m_link, &SerialLink::linkRestored, this, &HardwareClient::linkRestored);
    m_state.source = source();
}

RapiClient::~RapiClient()
{
    // Callbacks may point into objects that are going away with us; do not call them.
    m_queue.clear();
    m_current.reset();
}

SerialSettings RapiClient::defaultSettings(const QString &port)
{
    SerialSettings s;
    s.portName = port;
    s.baudRate = 115200;
    return s;
}

Status<> RapiClient::open(const SerialSettings &settings)
{
    return m_link.open(settings);
}

void RapiClient::close()
{
    failAll(Error{tr("The serial link was closed."), {}});
    m_link.close();
}

HardwareState RapiClient::state() const
{
    HardwareState s = m_state;
    s.counters = counters();
    return s;
}

LinkCounters RapiClient::counters() const
{
    LinkCounters c = m_counters;
    const LinkCounters &l = m_link.counters();
    c.bytesIn = l.bytesIn;
    c.bytesOut = l.bytesOut;
    c.disconnects = l.disconnects;
    c.reconnects = l.reconnects;
    return c;
}

int RapiClient::nextSequenceId()
{
    m_lastSequenceId = m_lastSequenceId % 0xFF + 1; // 1..255; 0 is invalid
    return m_lastSequenceId;
}

void RapiClient::send(const QByteArray &command, const QList<QByteArray> &params, ReplyCallback callback)
{
    m_queue.push_back(Pending{command, params, 0, std::move(callback)});
    if (!m_current)
        sendNext();
}

void RapiClient::sendNext()
{
    while (!m_current && !m_queue.empty()) {
        Pending p = std::move(m_queue.front());
        m_queue.pop_front();
        if (!m_link.isOpen()) {
            if (p.callback)
                p.callback(Error{tr("The serial link %1 is not open.").arg(m_link.settings().portName),
                                 tr("Open the port first, or wait until the cable is back.")});
            continue;
        }
        p.sequenceId = m_useSequenceIds ? nextSequenceId() : 0;
        const QByteArray frame = rapi::encodeCommand(p.command, p.params, p.sequenceId);
        m_current = std::move(p);
        ++m_counters.framesOut;
        m_timeout.start();
        m_link.write(frame);
    }
}

void RapiClient::action(const QByteArray &command, const QList<QByteArray> &params, ActionCallback cb)
{
    send(command, params, [this, command, params, cb = std::move(cb)](const Result<RapiReply> &r) {
        Status<> st = success();
        if (!r) {
            st = r.error();
        } else if (!r.value().ok) {
            const QString sent = QString::fromLatin1(command + (params.isEmpty() ? QByteArray() : ' ' + params.join(' ')));
            st = Error{tr("The controller refused %1 ($NK %2).").arg(sent, QString::fromLatin1(r.value().tokens.join(' '))),
                       command == "SC" ? tr("The value was outside the allowed range and was clamped; read GC for the limits.")
                                       : tr("The controller may not allow this in its current state.")};
        }
        if (st.ok())
            refresh(); // actions change the state; show the result at once
        if (cb)
            cb(st);
    });
}

void RapiClient::setCurrentLimit(int amps, ActionCallback cb)
{
    action("SC", {QByteArray::number(amps)}, std::move(cb));
}

void RapiClient::onData(const QByteArray &bytes)
{
    m_rx += bytes;
    qsizetype pos = 0;
    while (pos < m_rx.size()) {
        const qsizetype start = m_rx.indexOf('$', pos);
        const qsizetype noiseEnd = start < 0 ? m_rx.size() : start;
        for (qsizetype i = pos; i < noiseEnd; ++i) {
            if (m_rx.at(i) != '\r' && m_rx.at(i) != '\n')
                ++m_counters.garbageBytes;
        }
        if (start < 0) {
            pos = m_rx.size();
            break;
        }
        qsizetype end = start + 1;
        while (end < m_rx.size() && m_rx.at(end) != '\r' && m_rx.at(end) != '\n' && m_rx.at(end) != '$')
            ++end;
        if (end >= m_rx.size()) { // partial line: wait for the rest, unless it is too long to be one
            if (m_rx.size() - start > kMaxLine) {
                m_counters.garbageBytes += m_rx.size() - start;
                pos = m_rx.size();
            } else {
                pos = start;
            }
            break;
        }
        if (m_rx.at(end) == '$') { // a new frame began inside this one: the partial line is lost
            m_counters.garbageBytes += end - start;
            pos = end;
            continue;
        }
        const QByteArray line = m_rx.mid(start, end - start);
        pos = end + 1;
        onLine(line);
    }
    m_rx.remove(0, pos);
}

void RapiClient::onLine(const QByteArray &line)
{
    auto decoded = rapi::decodeLine(line);
    if (!decoded) {
        if (decoded.error().kind == rapi::RapiDecodeError::Kind::BadChecksum) {
            ++m_counters.checksumErrors;
            qCInfo(lcSerial) << "RAPI line with a wrong checksum dropped:" << line;
        } else {
            m_counters.garbageBytes += line.size();
            qCInfo(lcSerial) << "RAPI line not understood:" << line;
        }
        return;
    }
    const rapi::RapiMessage &m = decoded.value();
    ++m_counters.framesIn;
    if (m.isAsync()) {
        ++m_counters.asyncMessages;
        auto st = rapi::applyAsync(m_state, m.type, m.tokens);
        if (!st)
            qCInfo(lcSerial) << st.error().text();
        m_state.timestamp = QDateTime::currentDateTimeUtc();
        Q_EMIT asyncMessage(m);
        if (st)
            Q_EMIT stateUpdated(state());
        return;
    }
    if (!m_current || (m.sequenceId && *m.sequenceId != m_current->sequenceId)) {
        ++m_counters.sequenceMismatches;
        qCInfo(lcSerial) << "RAPI reply that answers no pending command dropped:" << line;
        return;
    }
    m_timeout.stop();
    if (m.type == "NK")
        ++m_counters.negativeReplies;
    Pending p = std::move(*m_current);
    m_current.reset();
    if (p.callback)
        p.callback(RapiReply{m.type == "OK", m.tokens, m.raw});
    sendNext();
}

void RapiClient::onTimeout()
{
    if (!m_current)
        return;
    ++m_counters.timeouts;
    Pending p = std::move(*m_current);
    m_current.reset();
    const QString cmd = QString::fromLatin1(p.command);
    qCInfo(lcSerial) << "RAPI command timed out:" << cmd;
    if (p.callback) {
        m_inTimeoutCallback = true; // lets refresh() gather timeouts into one sentence
        p.callback(timeoutError(cmd));
        m_inTimeoutCallback = false;
    }
    sendNext();
}

Error RapiClient::timeoutError(const QString &commands) const
{
    return Error{tr("The controller did not answer %1 within %2 ms.").arg(commands).arg(m_timeout.interval()),
                 tr("Check baud rate (115200 for OpenEVSE) and cable, and that the controller is powered.")};
}

void RapiClient::failAll(const Error &e)
{
    m_timeout.stop();
    std::deque<Pending> all;
    if (m_current)
        all.push_back(std::move(*m_current));
    m_current.reset();
    for (auto &p : m_queue)
        all.push_back(std::move(p));
    m_queue.clear();
    for (auto &p : all) {
        if (p.callback)
            p.callback(e);
    }
}

void RapiClient::refresh()
{
    if (m_refreshing)
        return;
    if (!m_link.isOpen()) {
        // Asynchronous like a real refresh, so pollers never recurse.
        QMetaObject::invokeMethod(this, [this] {
            Q_EMIT refreshFinished(false, tr("The serial link %1 is not open.").arg(m_link.settings().portName));
        }, Qt::QueuedConnection);
        return;
    }
    m_refreshing = true;
    struct Run
    {
        int remaining = 0;
        int succeeded = 0;
        QStringList problems;
        QStringList timedOut; // reported once, not once per command
    };
    auto run = std::make_shared<Run>();
    static const QByteArray commands[] = {"GV", "GS", "G0", "GG", "GP", "GF", "GE", "GC", "GU"};
    run->remaining = int(std::size(commands));
    for (const QByteArray &c : commands) {
        send(c, {}, [this, run, c](const Result<RapiReply> &r) {
            if (!r && m_inTimeoutCallback) {
                run->timedOut.append(QString::fromLatin1(c));
            } else if (!r) {
                run->problems.append(r.error().text());
            } else if (!r.value().ok) {
                run->problems.append(tr("The controller answered $NK to %1.").arg(QString::fromLatin1(c)));
            } else if (auto st = rapi::applyReply(m_state, c, r.value().tokens); !st) {
                run->problems.append(st.error().text());
            } else {
                ++run->succeeded;
            }
            if (--run->remaining > 0)
                return;
            m_refreshing = false;
            const bool ok = run->succeeded > 0;
            if (ok) {
                m_state.timestamp = QDateTime::currentDateTimeUtc();
                m_state.source = source();
                Q_EMIT stateUpdated(state());
            }
            if (!run->timedOut.isEmpty())
                run->problems.prepend(timeoutError(run->timedOut.join(QStringLiteral(", "))).text());
            run->problems.removeDuplicates();
            Q_EMIT refreshFinished(ok, run->problems.join(QLatin1Char(' ')));
        });
    }
}

} // namespace cb::serial
