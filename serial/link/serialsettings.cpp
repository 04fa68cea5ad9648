#include "serialsettings.h"

#include <QCoreApplication>

namespace cb::serial {

namespace {
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::serial::SerialSettings)
};

struct ParityName
{
    QSerialPort::Parity parity;
    char letter;
    const char *name;
};
constexpr ParityName kParities[] = {
    {QSerialPort::NoParity, 'N', "none"},
    {QSerialPort::EvenParity, 'E', "even"},
    {QSerialPort::OddParity, 'O', "odd"},
    {QSerialPort::SpaceParity, 'S', "space"},
    {QSerialPort::MarkParity, 'M', "mark"},
};
} // namespace

QString parityName(QSerialPort::Parity p)
{
    for (const auto &x : kParities) {
        if (x.parity == p)
            return QLatin1String(x.name);
    }
    return QStringLiteral("unknown");
}

QString flowControlName(QSerialPort::FlowControl f)
{
    switch (f) {
    case QSerialPort::HardwareControl: return QStringLiteral("hardware");
    case QSerialPort::SoftwareControl: return QStringLiteral("software");
    default: return QStringLiteral("none");
    }
}

QString SerialSettings::framing() const
{
    QChar letter = QLatin1Char('?');
    for (const auto &x : kParities) {
        if (x.parity == parity)
            letter = QLatin1Char(x.letter);
    }
    const QString stop = stopBits == QSerialPort::OneAndHalfStop ? QStringLiteral("1.5") : QString::number(int(stopBits));
    return QString::number(int(dataBits)) + letter + stop;
}

Status<> SerialSettings::setFraming(const QString &text)
{
    const QString t = text.trimmed().toUpper();
    const Error bad{Text::tr("\"%1\" is not a serial framing.").arg(text),
                    Text::tr("Write data bits, parity letter and stop bits, e.g. 8N1 or 8E1.")};
    if (t.size() < 3)
        return bad;
    const int data = t.at(0).digitValue();
    if (data < 5 || data > 8)
        return bad;
    auto p = setParity(t.mid(1, 1));
    if (!p)
        return bad;
    const QString stop = t.mid(2);
    if (stop == QLatin1String("1"))
        stopBits = QSerialPort::OneStop;
    else if (stop == QLatin1String("2"))
        stopBits = QSerialPort::TwoStop;
    else if (stop == QLatin1String("1.5"))
        stopBits = QSerialPort::OneAndHalfStop;
    else
        return bad;
    dataBits = static_cast<QSerialPort::DataBits>(data);
    return success();
}

Status<> SerialSettings::setParity(const QString &name)
{
    const QString n = name.trimmed().toLower();
    for (const auto &x : kParities) {
        if (n == QLatin1String(x.name) || n == QString(QLatin1Char(x.letter)).toLower()) {
            parity = x.parity;
            return success();
        }
    }
    return Error{Text::tr("Unknown parity \"%1\".").arg(name), Text::tr("Use none, even, odd, space or mark.")};
}

Status<> SerialSettings::setFlowControl(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("none"))
        flowControl = QSerialPort::NoFlowControl;
    else if (n == QLatin1String("hardware") || n == QLatin1String("rtscts"))
        flowControl = QSerialPort::HardwareControl;
    else if (n == QLatin1String("software") || n == QLatin1String("xonxoff"))
        flowControl = QSerialPort::SoftwareControl;
    else
        return Error{Text::tr("Unknown flow control \"%1\".").arg(name), Text::tr("Use none, hardware or software.")};
    return success();
}

QString SerialSettings::describe() const
{
    QString s = portName + QLatin1Char(' ') + QString::number(baudRate) + QLatin1Char(' ') + framing();
    if (flowControl != QSerialPort::NoFlowControl)
        s += QLatin1Char(' ') + flowControlName(flowControl);
    return s;
}

} // namespace cb::serial
