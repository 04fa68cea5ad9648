#include "serialsession.h"

#include "hardwareclientfactory.h"
#include "modbus/modbusclient.h"
#include "rapi/rapiclient.h"
#include "serialcapture.h"
#include "serialcapturelogging.h"

#include <QPointer>

namespace cb {

SerialSession::SerialSession(CaptureWriter *capture, QObject *parent) : QObject(parent), m_writer(capture)
{
    m_pollTimer.setSingleShot(true);
    m_pollTimer.setInterval(std::chrono::milliseconds(1000));
    connect(&m_pollTimer, &QTimer::timeout, this, &SerialSession::poll);
}

SerialSession::~SerialSession()
{
    close();
}

bool SerialSession::isRapi() const
{
    return qobject_cast<serial::RapiClient *>(m_client.get()) != nullptr;
}

serial::HardwareState SerialSession::state() const
{
    return m_client ? m_client->state() : serial::HardwareState{};
}

serial::LinkCounters SerialSession::counters() const
{
    return m_client ? m_client->counters() : serial::LinkCounters{};
}

void SerialSession::setPollInterval(std::chrono::milliseconds interval)
{
    m_pollTimer.setInterval(interval);
}

void SerialSession::setReconnectBackoff(std::chrono::milliseconds initial, std::chrono::milliseconds maximum)
{
    m_backoffInitial = initial;
    m_backoffMaximum = maximum;
}

Status<> SerialSession::open(const QString &protocol, const serial::SerialSettings &settings, int serverId)
{
    close();
    auto created = serial::HardwareClientFactory::create(protocol);
    if (!created)
        return created.error();
    std::unique_ptr<serial::HardwareClient> client = std::move(created).value();
    if (auto *m = qobject_cast<serial::ModbusClient *>(client.get())) {
        if (serverId > 0)
            m->setServerId(serverId);
        m->setReconnectBackoff(m_backoffInitial, m_backoffMaximum);
    } else if (auto *r = qobject_cast<serial::RapiClient *>(client.get())) {
        r->link().setReconnectBackoff(m_backoffInitial, m_backoffMaximum);
    }
    // Signals first: open() may already log bytes (none today, but a client may greet the device).
    connect(client.get(), &serial::HardwareClient::bytesLogged, this, &SerialSession::bytesLogged);
    connect(client.get(), &serial::HardwareClient::stateUpdated, this, &SerialSession::stateUpdated);
    connect(client.get(), &serial::HardwareClient::refreshFinished, this, &SerialSession::onRefreshFinished);
    connect(client.get(), &serial::HardwareClient::linkLost, this,
            [this](const QString &reason) { setLinkState(LinkState::Reconnecting, reason); });
    connect(client.get(), &serial::HardwareClient::linkRestored, this, [this] {
        setLinkState(LinkState::Open, {});
        poll(); // show the replugged controller at once
    });
    if (auto st = client->open(settings); !st)
        return st;

    ++m_generation;
    m_client = std::move(client);
    m_protocol = protocol;
    m_settings = settings;
    if (m_writer) {
        m_capture = std::make_unique<SerialCapture>(*m_writer);
        m_capture->attach(m_client.get(), settings);
    }
    qCInfo(lcSerialCapture) << "opened" << protocol << settings.describe();
    setLinkState(LinkState::Open, {});
    poll();
    return success();
}

void SerialSession::close()
{
    m_pollTimer.stop();
    m_commands.clear();
    m_refreshing = false;
    m_commandInFlight = false;
    if (!m_client)
        return;
    ++m_generation;
    if (m_capture)
        m_capture->detach();
    m_capture.reset();
    // Closing fails pending callbacks; none of them may reach the panel any more.
    m_client->disconnect(this);
    m_client->close();
    // Deleted later: close() may run inside one of the client's own signals.
    m_client.release()->deleteLater();
    setLinkState(LinkState::Closed, {});
}

void SerialSession::setLinkState(LinkState s, const QString &reason)
{
    if (m_linkState == s)
        return;
    m_linkState = s;
    Q_EMIT linkStateChanged(s, reason);
}

void SerialSession::poll()
{
    if (!m_client || m_refreshing || m_commandInFlight)
        return;
    m_pollTimer.stop();
    if (!m_commands.empty()) {
        sendNextCommand();
        return;
    }
    m_refreshing = true;
    m_client->refresh();
}

void SerialSession::onRefreshFinished(bool ok, const QString &problem)
{
    m_refreshing = false;
    Q_EMIT refreshFinished(ok, problem);
    if (!m_client)
        return;
    if (!m_commands.empty())
        sendNextCommand();
    else
        m_pollTimer.start();
}

Status<> SerialSession::sendRapiCommand(const QString &text)
{
    auto *rapi = qobject_cast<serial::RapiClient *>(m_client.get());
    if (!rapi)
        return Error{tr("No RAPI link is open."), tr("Connect to an OpenEVSE controller with the RAPI protocol first.")};
    auto line = RapiCommandLine::parse(text);
    if (!line)
        return line.error();
    if (m_linkState != LinkState::Open)
        return Error{tr("The serial link %1 is not open right now.").arg(m_settings.portName),
                     tr("Wait until the cable is back; the link reopens by itself.")};
    m_commands.push_back(std::move(line).value());
    if (!m_refreshing && !m_commandInFlight)
        sendNextCommand();
    return success();
}

void SerialSession::sendNextCommand()
{
    auto *rapi = qobject_cast<serial::RapiClient *>(m_client.get());
    if (!rapi || m_commands.empty() || m_commandInFlight)
        return;
    const RapiCommandLine line = m_commands.front();
    m_commands.pop_front();
    const QByteArray frame = line.frame();
    m_commandInFlight = true;
    Q_EMIT rapiCommandSent(frame);
    const int generation = m_generation;
    QPointer<SerialSession> self(this);
    // The client is idle here (no refresh, no other command), so send() writes at once and the
    // sequence id setting applies to exactly this frame.
    rapi->setUseSequenceIds(false);
    rapi->send(line.command, line.params, [self, generation, frame](const Result<serial::RapiReply> &r) {
        if (!self || self->m_generation != generation)
            return;
        self->m_commandInFlight = false;
        if (r)
            Q_EMIT self->rapiCommandFinished(frame, r.value().ok, QString::fromLatin1(r.value().raw));
        else
            Q_EMIT self->rapiCommandFinished(frame, false, r.error().text());
        // Refresh next (queued: we are inside the client's reply handling) to show the effect.
        QMetaObject::invokeMethod(self.data(), &SerialSession::poll, Qt::QueuedConnection);
    });
    rapi->setUseSequenceIds(true);
}

} // namespace cb
