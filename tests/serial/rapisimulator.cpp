#include "rapisimulator.h"

#include <QTimer>

#include <algorithm>
#include <utility>

namespace {
QByteArray hex(int v) { return QByteArray::number(v, 16); }

quint8 xorSum(const QByteArray &b)
{
    quint8 x = 0;
    for (char c : b)
        x ^= quint8(c);
    return x;
}
} // namespace

RapiSimulator::RapiSimulator(QObject *parent) : QObject(parent)
{
    connect(&m_port, &QSerialPort::readyRead, this, &RapiSimulator::onReadyRead);
}

bool RapiSimulator::open(const QString &port)
{
    m_port.close();
    m_port.setPortName(port);
    m_port.setBaudRate(115200);
    m_rx.clear();
    return m_port.open(QIODevice::ReadWrite);
}

void RapiSimulator::close()
{
    m_port.close();
}

QByteArray RapiSimulator::frame(const QByteArray &body)
{
    return body + '^' + QByteArray::number(xorSum(body), 16).rightJustified(2, '0').toUpper() + '\r';
}

void RapiSimulator::sendRaw(const QByteArray &bytes)
{
    m_port.write(bytes);
    m_port.flush();
}

QByteArray RapiSimulator::atLine() const
{
    return frame("$AT " + hex(evseState) + ' ' + hex(pilotState) + ' ' + QByteArray::number(pilotAmps) + ' ' + hex(vflags));
}

void RapiSimulator::changeState(int evse, int pilot, int flags)
{
    evseState = evse;
    pilotState = pilot;
    vflags = flags;
    sendAsyncState();
}

void RapiSimulator::sendAsyncState()
{
    sendRaw(atLine());
}

void RapiSimulator::sendBoot()
{
    sendRaw(frame("$AB 00 " + firmware));
}

void RapiSimulator::onReadyRead()
{
    m_rx += m_port.readAll();
    qsizetype end;
    while ((end = m_rx.indexOf('\r')) >= 0) {
        const QByteArray line = m_rx.left(end);
        m_rx.remove(0, end + 1);
        const qsizetype start = line.indexOf('$');
        if (start >= 0)
            handle(line.mid(start));
    }
}

void RapiSimulator::handle(const QByteArray &line)
{
    ++commandsReceived;
    received.append(line);
    Q_EMIT commandReceived(line);
    QByteArray body = line;
    const qsizetype caret = line.lastIndexOf('^');
    if (caret >= 0) {
        body = line.left(caret);
        if (line.mid(caret + 1) != QByteArray::number(xorSum(body), 16).rightJustified(2, '0').toUpper()) {
            ++badChecksumsReceived;
            reply(false, {}, {});
            return;
        }
    }
    QList<QByteArray> parts = body.mid(1).split(' ');
    QByteArray seq;
    if (parts.size() > 1 && parts.last().startsWith(':'))
        seq = parts.takeLast();
    const QByteArray cmd = parts.takeFirst();
    if (silentReplies > 0) {
        --silentReplies;
        return;
    }
    bool ok = true;
    const QByteArray tokens = answer(cmd, parts, &ok);
    reply(ok, tokens, seq);
    if (cmd == "FR") // the controller reboots and announces itself
        sendBoot();
}

QByteArray RapiSimulator::answer(const QByteArray &cmd, const QList<QByteArray> &params, bool *ok)
{
    auto num = [](int v) { return QByteArray::number(v); };
    if (cmd == "GS")
        return hex(evseState) + ' ' + num(elapsedS) + ' ' + hex(pilotState) + ' ' + hex(vflags);
    if (cmd == "GG")
        return num(currentMa) + ' ' + num(voltageMv);
    if (cmd == "GP")
        return num(temps[0]) + ' ' + num(temps[1]) + ' ' + num(temps[2]);
    if (cmd == "GF")
        return hex(gfiTrips) + ' ' + hex(noGroundTrips) + ' ' + hex(stuckRelayTrips);
    if (cmd == "GE")
        return num(ampsSetting) + ' ' + hex(settingsFlags);
    if (cmd == "GC")
        return num(minAmps) + ' ' + num(hmaxAmps) + ' ' + num(pilotAmps) + ' ' + num(cmaxAmps);
    if (cmd == "GV")
        return firmware + ' ' + protocol;
    if (cmd == "GU")
        return num(sessionWs) + ' ' + num(totalWh);
    if (cmd == "G0")
        return num(connectState >= 0 ? connectState : (vflags & 0x0100 ? 1 : 0));
    if (cmd == "FE") {
        evseState = pilotState;
        return {};
    }
    if (cmd == "FD") {
        evseState = 0xFF;
        return {};
    }
    if (cmd == "FS") {
        evseState = 0xFE;
        return {};
    }
    if (cmd == "FR")
        return {};
    if (cmd == "SC" && params.size() == 1) {
        bool isNumber = false;
        const int wanted = params.first().toInt(&isNumber);
        if (!isNumber) {
            *ok = false;
            return {};
        }
        const int clamped = std::clamp(wanted, minAmps, cmaxAmps);
        ampsSetting = clamped;
        pilotAmps = clamped;
        *ok = clamped == wanted;
        return num(clamped);
    }
    *ok = false;
    return {};
}

void RapiSimulator::reply(bool ok, const QByteArray &tokens, const QByteArray &seq)
{
    QByteArray body = ok ? "$OK" : "$NK";
    if (!tokens.isEmpty())
        body += ' ' + tokens;
    if (!seq.isEmpty())
        body += ' ' + seq;
    QByteArray out = frame(body);
    if (badChecksumOnce) {
        badChecksumOnce = false;
        out[out.size() - 2] = out.at(out.size() - 2) == '0' ? '1' : '0';
    }
    if (!garbageBeforeReply.isEmpty())
        sendRaw(std::exchange(garbageBeforeReply, {}));
    if (staleReplyFirst && !seq.isEmpty()) {
        staleReplyFirst = false;
        const int other = seq.mid(1).toInt(nullptr, 16) % 0xFF + 1;
        QByteArray stale = "$OK 99 :" + QByteArray::number(other == seq.mid(1).toInt(nullptr, 16) ? 1 : other, 16).rightJustified(2, '0').toUpper();
        sendRaw(frame(stale));
    }
    if (asyncBeforeReply) {
        asyncBeforeReply = false;
        sendRaw(atLine());
    }
    if (asyncInsideReply) {
        asyncInsideReply = false;
        sendRaw(out.left(out.size() / 2));
        sendRaw(atLine());
        sendRaw(out.mid(out.size() / 2));
        return;
    }
    if (splitReply) {
        splitReply = false;
        sendRaw(out.left(4));
        const QByteArray rest = out.mid(4);
        QTimer::singleShot(20, this, [this, rest] { sendRaw(rest); });
        return;
    }
    sendRaw(out);
}
