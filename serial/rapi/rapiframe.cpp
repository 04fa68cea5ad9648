#include "rapiframe.h"

namespace cb::serial::rapi {

quint8 checksum(QByteArrayView bytes)
{
    quint8 x = 0;
    for (char c : bytes)
        x ^= static_cast<quint8>(c);
    return x;
}

QByteArray encodeCommand(const QByteArray &command, const QList<QByteArray> &params, int sequenceId)
{
    QByteArray body = "$" + command;
    for (const QByteArray &p : params)
        body += ' ' + p;
    if (sequenceId > 0 && sequenceId <= 0xFF)
        body += " :" + QByteArray::number(sequenceId, 16).rightJustified(2, '0').toUpper();
    return body + '^' + QByteArray::number(checksum(body), 16).rightJustified(2, '0').toUpper() + '\r';
}

Result<RapiMessage, RapiDecodeError> decodeLine(QByteArrayView line)
{
    const QByteArray raw = line.toByteArray();
    if (raw.size() < 3 || raw.at(0) != '$')
        return RapiDecodeError{RapiDecodeError::Kind::NotAFrame, raw};
    RapiMessage m;
    m.raw = raw;
    QByteArray body = raw;
    const qsizetype caret = raw.lastIndexOf('^');
    if (caret >= 0) {
        const QByteArray sum = raw.mid(caret + 1);
        bool ok = false;
        const uint expected = sum.toUInt(&ok, 16);
        if (sum.size() != 2 || !ok || expected != checksum(QByteArrayView(raw).first(caret)))
            return RapiDecodeError{RapiDecodeError::Kind::BadChecksum, raw};
        m.hasChecksum = true;
        body = raw.left(caret);
    }
    QList<QByteArray> parts = body.mid(1).split(' ');
    parts.removeAll(QByteArray());
    if (parts.isEmpty() || parts.first().size() != 2)
        return RapiDecodeError{RapiDecodeError::Kind::NotAFrame, raw};
    m.type = parts.takeFirst().toUpper();
    if (!parts.isEmpty() && parts.last().startsWith(':')) {
        bool ok = false;
        const int seq = parts.last().mid(1).toInt(&ok, 16);
        if (!ok || parts.last().size() != 3 || seq == 0)
            return RapiDecodeError{RapiDecodeError::Kind::BadSequenceId, raw};
        m.sequenceId = seq;
        parts.removeLast();
    }
    m.tokens = parts;
    return m;
}

} // namespace cb::serial::rapi
