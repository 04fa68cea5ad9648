#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace cb::serial::modbus {

// CRC-16/MODBUS (polynomial 0xA001 reflected, initial 0xFFFF), sent low byte first.
quint16 crc16(QByteArrayView bytes);
// `frame` followed by its CRC.
QByteArray withCrc(QByteArray frame);
// Whether the last two bytes of `adu` are the CRC of the bytes before them.
bool crcValid(QByteArrayView adu);
// The CRC as it stands in `adu` (last two bytes, low first); 0 for frames shorter than 3 bytes.
quint16 crcOf(QByteArrayView adu);

} // namespace cb::serial::modbus
