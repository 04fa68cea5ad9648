#include "rtucrc.h"

namespace cb::serial::modbus {

quint16 crc16(QByteArrayView bytes)
{
    quint16 crc = 0xFFFF;
    for (char ch : bytes) {
        crc ^= quint8(ch);
        for (int i = 0; i < 8; ++i)
            crc = (crc & 1) ? quint16((crc >> 1) ^ 0xA001) : quint16(crc >> 1);
    }
    return crc;
}

QByteArray withCrc(QByteArray frame)
{
    const quint16 crc = crc16(frame);
    frame.append(char(crc & 0xFF));
    frame.append(char(crc >> 8));
    return frame;
}

quint16 crcOf(QByteArrayView adu)
{
    if (adu.size() < 3)
        return 0;
    return quint16(quint8(adu.at(adu.size() - 2)) | (quint8(adu.at(adu.size() - 1)) << 8));
}

bool crcValid(QByteArrayView adu)
{
    return adu.size() >= 4 && crc16(adu.first(adu.size() - 2)) == crcOf(adu);
}

} // namespace cb::serial::modbus
