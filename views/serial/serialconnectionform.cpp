#include "serialconnectionform.h"

#include "hardwareclientfactory.h"
#include "modbus/registerprofile.h"
#include "serialcapture/serialportlisting.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QIntValidator>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>

namespace cb {

namespace {
const QString kProfileFile = QStringLiteral("file");
const QString kModbus = QStringLiteral("modbus:");

QString portLabel(const serial::SerialPortDescription &d)
{
    QString text = d.systemLocation.isEmpty() ? d.name : d.systemLocation;
    QStringList details;
    if (!d.usbId().isEmpty())
        details << d.usbId();
    const QString who = QString(d.manufacturer + QLatin1Char(' ') + d.description).trimmed();
    if (!who.isEmpty())
        details << who;
    if (!d.serialNumber.isEmpty())
        details << QCoreApplication::translate("cb::SerialConnectionForm", "S/N %1").arg(d.serialNumber);
    if (!details.isEmpty())
        text += QStringLiteral("  \u2014  ") + details.join(QStringLiteral(", "));
    return text;
}
} // namespace

SerialConnectionForm::SerialConnectionForm(QWidget *parent) : QWidget(parent), m_lister(new SerialPortListing(this))
{
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);

    m_port = new QComboBox(this);
    m_port->setObjectName(QStringLiteral("serialPort"));
    m_port->setEditable(true);
    m_port->setInsertPolicy(QComboBox::NoInsert);
    m_port->setMinimumContentsLength(28);
    m_port->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_port->lineEdit()->setPlaceholderText(tr("/dev/ttyUSB0, COM3 or a path"));
    m_port->setToolTip(tr("Serial port, shown with its USB id (vendor:product). Pseudo-terminals are not listed; type their path."));
    auto *portLabelWidget = new QLabel(tr("&Port:"), this);
    portLabelWidget->setBuddy(m_port);
    m_refresh = new QToolButton(this);
    m_refresh->setText(tr("&Refresh"));
    m_refresh->setToolTip(tr("List the serial ports again (after plugging in a cable)."));

    m_protocol = new QComboBox(this);
    m_protocol->setObjectName(QStringLiteral("serialProtocol"));
    m_protocol->addItem(tr("OpenEVSE RAPI"), QStringLiteral("rapi"));
    for (const QString &id : serial::modbus::RegisterProfile::builtinIds()) {
        const auto profile = serial::modbus::RegisterProfile::load(id);
        const QString name = profile ? profile.value().name : id;
        m_protocol->addItem(tr("Modbus: %1").arg(name), QString(kModbus + id));
        if (profile)
            m_protocol->setItemData(m_protocol->count() - 1, profile.value().description, Qt::ToolTipRole);
    }
    m_protocol->addItem(tr("Modbus profile file\u2026"), kProfileFile);
    auto *protocolLabel = new QLabel(tr("Pro&tocol:"), this);
    protocolLabel->setBuddy(m_protocol);

    m_baud = new QComboBox(this);
    m_baud->setEditable(true);
    m_baud->setInsertPolicy(QComboBox::NoInsert);
    for (int rate : {9600, 19200, 38400, 57600, 115200})
        m_baud->addItem(QString::number(rate));
    m_baud->setValidator(new QIntValidator(50, 4000000, m_baud));
    auto *baudLabel = new QLabel(tr("&Baud:"), this);
    baudLabel->setBuddy(m_baud);

    m_framing = new QComboBox(this);
    for (const char *f : {"8N1", "8E1", "8O1", "8N2", "7E1", "7O1"})
        m_framing->addItem(QLatin1String(f));
    m_framing->setToolTip(tr("Data bits, parity (N none, E even, O odd), stop bits."));
    auto *framingLabel = new QLabel(tr("&Framing:"), this);
    framingLabel->setBuddy(m_framing);

    m_serverId = new QSpinBox(this);
    m_serverId->setRange(1, 247);
    m_serverId->setToolTip(tr("Modbus server (slave) id of the controller, 1-247."));
    m_serverIdLabel = new QLabel(tr("Server &id:"), this);
    m_serverIdLabel->setBuddy(m_serverId);

    m_connect = new QPushButton(tr("&Connect"), this);
    m_connect->setObjectName(QStringLiteral("serialConnect"));
    m_connect->setDefault(true);

    grid->addWidget(portLabelWidget, 0, 0);
    grid->addWidget(m_port, 0, 1, 1, 5);
    grid->addWidget(m_refresh, 0, 6);
    grid->addWidget(protocolLabel, 0, 7);
    grid->addWidget(m_protocol, 0, 8);
    grid->addWidget(baudLabel, 1, 0);
    grid->addWidget(m_baud, 1, 1);
    grid->addWidget(framingLabel, 1, 2);
    grid->addWidget(m_framing, 1, 3);
    grid->addWidget(m_serverIdLabel, 1, 4);
    grid->addWidget(m_serverId, 1, 5);
    grid->addWidget(m_connect, 1, 8, Qt::AlignRight);
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(8, 1);
    setTabOrder(m_port, m_refresh);
    setTabOrder(m_refresh, m_protocol);
    setTabOrder(m_protocol, m_baud);
    setTabOrder(m_baud, m_framing);
    setTabOrder(m_framing, m_serverId);
    setTabOrder(m_serverId, m_connect);

    connect(m_refresh, &QToolButton::clicked, this, &SerialConnectionForm::refreshPorts);
    connect(m_connect, &QPushButton::clicked, this, &SerialConnectionForm::connectClicked);
    connect(m_protocol, &QComboBox::currentIndexChanged, this, &SerialConnectionForm::applyProtocolDefaults);
    // The file dialog only on a person's choice, never on a programmatic change.
    connect(m_protocol, &QComboBox::activated, this, [this](int index) {
        if (m_protocol->itemData(index).toString() == kProfileFile)
            chooseProfileFile();
    });
    connect(m_lister, &SerialPortListing::listed, this, [this](const QList<serial::SerialPortDescription> &ports) {
        m_refresh->setEnabled(!m_active);
        showPorts(ports);
    });
    applyProtocolDefaults();
    refreshPorts();
}

QString SerialConnectionForm::portName() const
{
    const QString text = m_port->currentText().trimmed();
    const int index = m_port->findText(text);
    if (index >= 0 && !m_port->itemData(index).toString().isEmpty())
        return m_port->itemData(index).toString();
    return text;
}

QString SerialConnectionForm::protocol() const
{
    return m_protocol->currentData().toString();
}

int SerialConnectionForm::portCount() const { return m_listedPorts; }

bool SerialConnectionForm::isListingPorts() const { return m_lister->isRunning(); }

void SerialConnectionForm::setPortName(const QString &port)
{
    for (int i = 0; i < m_port->count(); ++i) {
        if (m_port->itemData(i).toString() == port) {
            m_port->setCurrentIndex(i);
            return;
        }
    }
    m_port->setEditText(port);
}

bool SerialConnectionForm::setProtocol(const QString &protocol)
{
    const int index = m_protocol->findData(protocol);
    if (index >= 0) {
        m_protocol->setCurrentIndex(index);
        return true;
    }
    if (!protocol.startsWith(kModbus))
        return false;
    const auto profile = serial::modbus::RegisterProfile::load(protocol.mid(kModbus.size()));
    if (!profile)
        return false;
    m_protocol->setCurrentIndex(addProfileFile(protocol.mid(kModbus.size()), profile.value().name));
    return true;
}

int SerialConnectionForm::addProfileFile(const QString &path, const QString &name)
{
    const int at = m_protocol->count() - 1; // before "Modbus profile file..."
    m_protocol->insertItem(at, tr("Modbus: %1 (%2)").arg(name, QFileInfo(path).fileName()), QString(kModbus + path));
    m_protocol->setItemData(at, path, Qt::ToolTipRole);
    return at;
}

void SerialConnectionForm::chooseProfileFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a Modbus register profile"), QString(),
                                                      tr("Register profiles (*.json);;All files (*)"));
    if (path.isEmpty()) {
        m_protocol->setCurrentIndex(m_lastProtocolIndex);
        return;
    }
    const auto profile = serial::modbus::RegisterProfile::load(path);
    if (!profile) {
        QMessageBox::warning(this, tr("Register profile"), profile.error().text());
        m_protocol->setCurrentIndex(m_lastProtocolIndex);
        return;
    }
    m_protocol->setCurrentIndex(addProfileFile(path, profile.value().name));
}

void SerialConnectionForm::applyProtocolDefaults()
{
    const QString p = protocol();
    if (p == kProfileFile)
        return; // chosen through the dialog; keep the previous values meanwhile
    m_lastProtocolIndex = m_protocol->currentIndex();
    const bool modbus = p.startsWith(kModbus);
    m_serverId->setEnabled(modbus && !m_active);
    m_serverIdLabel->setEnabled(modbus);
    const auto settings = serial::HardwareClientFactory::defaultSettings(p, QString());
    if (settings) {
        m_baud->setEditText(QString::number(settings.value().baudRate));
        const int f = m_framing->findText(settings.value().framing());
        if (f >= 0)
            m_framing->setCurrentIndex(f);
        else {
            m_framing->addItem(settings.value().framing());
            m_framing->setCurrentIndex(m_framing->count() - 1);
        }
    }
    if (modbus) {
        if (const auto profile = serial::modbus::RegisterProfile::load(p.mid(kModbus.size())))
            m_serverId->setValue(profile.value().serverId);
    }
}

Result<SerialConnectionRequest> SerialConnectionForm::request() const
{
    SerialConnectionRequest r;
    r.protocol = protocol();
    if (r.protocol == kProfileFile)
        return Error{tr("No register profile file is chosen."), tr("Choose \"Modbus profile file\u2026\" again and pick a .json profile.")};
    r.settings.portName = portName();
    if (r.settings.portName.isEmpty())
        return Error{tr("No serial port is chosen."), tr("Pick a port from the list (Refresh after plugging in the cable) or type its path.")};
    bool ok = false;
    r.settings.baudRate = m_baud->currentText().toInt(&ok);
    if (!ok || r.settings.baudRate <= 0)
        return Error{tr("\"%1\" is not a baud rate.").arg(m_baud->currentText()), tr("Use a number such as 9600, 19200 or 115200.")};
    if (auto st = r.settings.setFraming(m_framing->currentText()); !st)
        return st.error();
    if (r.protocol.startsWith(kModbus))
        r.serverId = m_serverId->value();
    return r;
}

void SerialConnectionForm::setActive(bool active)
{
    m_active = active;
    for (QWidget *w : std::initializer_list<QWidget *>{m_port, m_refresh, m_protocol, m_baud, m_framing})
        w->setEnabled(!active);
    m_serverId->setEnabled(!active && protocol().startsWith(kModbus));
    m_connect->setText(active ? tr("&Disconnect") : tr("&Connect"));
}

void SerialConnectionForm::refreshPorts()
{
    if (m_lister->isRunning())
        return;
    m_refresh->setEnabled(false);
    m_lister->start();
}

void SerialConnectionForm::showPorts(const QList<serial::SerialPortDescription> &ports)
{
    const QString current = portName();
    m_port->clear();
    for (const auto &d : ports)
        m_port->addItem(portLabel(d), d.systemLocation.isEmpty() ? d.name : d.systemLocation);
    m_listedPorts = int(ports.size());
    // Keep what was chosen or typed (a pty path is never listed).
    if (!current.isEmpty())
        setPortName(current);
    else if (ports.isEmpty())
        m_port->setEditText(QString());
    Q_EMIT portsListed(m_listedPorts);
}

} // namespace cb
