#include "serialportlister.h"

#include <QSerialPortInfo>

#include <algorithm>

namespace cb::serial {

QString SerialPortDescription::usbId() const
{
    if (!vendorId || !productId)
        return {};
    return QStringLiteral("%1:%2").arg(*vendorId, 4, 16, QLatin1Char('0')).arg(*productId, 4, 16, QLatin1Char('0'));
}

QJsonObject SerialPortDescription::toJson() const
{
    return QJsonObject{
        {QStringLiteral("name"), name},
        {QStringLiteral("systemLocation"), systemLocation},
        {QStringLiteral("description"), description},
        {QStringLiteral("manufacturer"), manufacturer},
        {QStringLiteral("serialNumber"), serialNumber},
        {QStringLiteral("usbId"), usbId()},
    };
}

QList<SerialPortDescription> SerialPortLister::availablePorts()
{
    QList<SerialPortDescription> out;
    const auto infos = QSerialPortInfo::availablePorts();
    for (const QSerialPortInfo &i : infos) {
        SerialPortDescription d;
        d.name = i.portName();
        d.systemLocation = i.systemLocation();
        d.description = i.description();
        d.manufacturer = i.manufacturer();
        d.serialNumber = i.serialNumber();
        if (i.hasVendorIdentifier())
            d.vendorId = i.vendorIdentifier();
        if (i.hasProductIdentifier())
            d.productId = i.productIdentifier();
        out.append(d);
    }
    std::sort(out.begin(), out.end(), [](const auto &a, const auto &b) { return a.name < b.name; });
    return out;
}

std::optional<SerialPortDescription> SerialPortLister::find(const QString &nameOrUsbId)
{
    const QString key = nameOrUsbId.trimmed().toLower();
    for (const auto &d : availablePorts()) {
        if (d.name.toLower() == key || d.systemLocation.toLower() == key || (!d.usbId().isEmpty() && d.usbId() == key))
            return d;
    }
    return std::nullopt;
}

} // namespace cb::serial
