#pragma once

#include "common/result.h"

#include <QSerialPort>
#include <QString>

namespace cb::serial {

// How to open a port: name plus line settings. Parity stays a per-device setting (Heidelberg wants
// 8E1), although pseudo-terminals reject it.
struct SerialSettings
{
    QString portName;   // "ttyUSB0", "COM3" or a path such as /dev/ttyUSB0
    qint32 baudRate = 115200;
    QSerialPort::DataBits dataBits = QSerialPort::Data8;
    QSerialPort::Parity parity = QSerialPort::NoParity;
    QSerialPort::StopBits stopBits = QSerialPort::OneStop;
    QSerialPort::FlowControl flowControl = QSerialPort::NoFlowControl;

    // "8N1", "8E1", "7O2": data bits, parity letter (N, E, O, S, M), stop bits.
    QString framing() const;
    Status<> setFraming(const QString &text);
    Status<> setParity(const QString &name);       // none, even, odd, space, mark (or N/E/O/S/M)
    Status<> setFlowControl(const QString &name);  // none, hardware (rtscts), software (xonxoff)
    QString describe() const;                       // "/dev/ttyUSB0 115200 8N1"
};

QString parityName(QSerialPort::Parity p);
QString flowControlName(QSerialPort::FlowControl f);

} // namespace cb::serial
