#include "rturequest.h"

#include "rtucrc.h"

namespace cb::serial::modbus {

namespace {
void appendWord(QByteArray &b, quint16 v)
{
    b.append(char(v >> 8));
    b.append(char(v & 0xFF));
}

quint16 wordAt(const QByteArray &b, int at)
{
    return b.size() < at + 2 ? 0 : quint16((quint8(b.at(at)) << 8) | quint8(b.at(at + 1)));
}
} // namespace

QByteArray RtuRequest::adu() const
{
    QByteArray a;
    a.append(char(serverId));
    a.append(char(function));
    a.append(data);
    return withCrc(a);
}

quint16 RtuRequest::address() const
{
    return wordAt(data, 0);
}

quint16 RtuRequest::quantity() const
{
    return function == WriteSingleRegister ? 1 : wordAt(data, 2);
}

int RtuRequest::expectedReplyLength() const
{
    switch (function) {
    case ReadHoldingRegisters:
    case ReadInputRegisters:
        return 3 + 2 * quantity() + 2;           // id, fc, byte count, registers, CRC
    case WriteSingleRegister:
    case WriteMultipleRegisters:
        return 8;                                // id, fc, address, value or quantity, CRC
    default:
        return 0;
    }
}

RtuRequest RtuRequest::read(quint8 serverId, quint8 function, quint16 start, quint16 count)
{
    RtuRequest r{serverId, function, {}};
    appendWord(r.data, start);
    appendWord(r.data, count);
    return r;
}

RtuRequest RtuRequest::writeSingle(quint8 serverId, quint16 address, quint16 value)
{
    RtuRequest r{serverId, WriteSingleRegister, {}};
    appendWord(r.data, address);
    appendWord(r.data, value);
    return r;
}

RtuRequest RtuRequest::writeMultiple(quint8 serverId, quint16 address, const QList<quint16> &values)
{
    RtuRequest r{serverId, WriteMultipleRegisters, {}};
    appendWord(r.data, address);
    appendWord(r.data, quint16(values.size()));
    r.data.append(char(values.size() * 2));
    for (quint16 v : values)
        appendWord(r.data, v);
    return r;
}

} // namespace cb::serial::modbus
