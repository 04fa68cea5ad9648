#pragma once

#include <QByteArray>
#include <QList>

namespace cb::serial::modbus {

// One Modbus RTU request as it goes on the wire: server id, function code, PDU data, CRC. Only the
// functions a charger's register map needs: 03, 04 (read), 06, 16 (write).
struct RtuRequest
{
    enum Function : quint8 {
        ReadHoldingRegisters = 0x03,
        ReadInputRegisters = 0x04,
        WriteSingleRegister = 0x06,
        WriteMultipleRegisters = 0x10,
    };

    quint8 serverId = 1;
    quint8 function = ReadHoldingRegisters;
    QByteArray data;   // PDU after the function code

    // Server id, function, data and CRC (low byte first).
    QByteArray adu() const;
    // Length of a normal reply's ADU; for 03/04 it follows from the register count.
    int expectedReplyLength() const;
    quint16 address() const;   // first register
    quint16 quantity() const;  // registers read or written

    static RtuRequest read(quint8 serverId, quint8 function, quint16 start, quint16 count);
    static RtuRequest writeSingle(quint8 serverId, quint16 address, quint16 value);
    static RtuRequest writeMultiple(quint8 serverId, quint16 address, const QList<quint16> &values);

    static constexpr int kExceptionLength = 5; // id, function | 0x80, code, CRC
};

} // namespace cb::serial::modbus
