#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace cb::serial {

// A serial port the system offers, with the USB ids that tell an FTDI cable from a CH340 one.
struct SerialPortDescription
{
    QString name;            // ttyUSB0, COM3
    QString systemLocation;  // /dev/ttyUSB0
    QString description;
    QString manufacturer;
    QString serialNumber;
    std::optional<quint16> vendorId;
    std::optional<quint16> productId;

    QString usbId() const;   // "0403:6001" or empty when not a USB device
    QJsonObject toJson() const;
};

// Port discovery through QSerialPortInfo (pseudo-terminals are not listed; open them by path).
class SerialPortLister
{
public:
    static QList<SerialPortDescription> availablePorts();
    // Finds a port by name, system location or "vid:pid" (hex), e.g. "0403:6001".
    static std::optional<SerialPortDescription> find(const QString &nameOrUsbId);
};

} // namespace cb::serial
