#include "virtualstation.h"

#include "blocks/availabilityblock.h"
#include "blocks/configurationblock.h"
#include "blocks/devicemodelblock.h"
#include "blocks/diagnosticsblock.h"
#include "blocks/firmwareblock.h"
#include "blocks/provisioningblock.h"
#include "blocks/remotecontrolblock.h"
#include "blocks/securityblock.h"
#include "blocks/transactionblock.h"
#include "blocks/transactionblock16.h"
#include "livevalues.h"
#include "metervaluebuilder.h"
#include "simulatorlogging.h"
#include "transport/stationclient.h"

#include <QJsonDocument>
#include <QSslKey>
#include <QRandomGenerator>

namespace cb::sim {

namespace {

// Keeps serial numbers within the 25 characters both versions allow.
QString serialFor(const QString &identity)
{
    return QStringLiteral("VC%1").arg(qHash(identity) % 100000000u, 8, 10, QLatin1Char('0'));
}

} // namespace

VirtualStation::VirtualStation(VirtualStationConfig config, QObject *parent) : QObject(parent), m_config(std::move(config))
{
    if (m_config.serialNumber.isEmpty())
        m_config.serialNumber = serialFor(m_config.identity);
    m_config.evses = std::clamp(m_config.evses, 1, 100);
    m_config.connectorsPerEvse = m_config.version == OcppVersion::V16 ? 1 : std::clamp(m_config.connectorsPerEvse, 1, 10);
    m_config.secondMs = std::max(1, m_config.secondMs);
    m_password = m_config.password;

    const double maxPowerW = m_config.maxCurrentA * m_config.nominalVoltage * m_config.phases;
    QStringList rotation{QStringLiteral("0.RST")};
    for (int c = 1; c <= m_config.evses; ++c)
        rotation << QStringLiteral("%1.RST").arg(c);
    Placeholders p;
    p.set(QStringLiteral("identity"), m_config.identity);
    p.set(QStringLiteral("vendor"), m_config.vendor);
    p.set(QStringLiteral("model"), m_config.model);
    p.set(QStringLiteral("serial"), m_config.serialNumber);
    p.set(QStringLiteral("firmware"), m_config.firmwareVersion);
    p.set(QStringLiteral("organization"), m_config.organization);
    p.set(QStringLiteral("profile"), double(int(m_config.profile)));
    p.set(QStringLiteral("phases"), double(m_config.phases));
    p.set(QStringLiteral("maxCurrent"), m_config.maxCurrentA);
    p.set(QStringLiteral("maxPower"), maxPowerW);
    p.set(QStringLiteral("stationMaxCurrent"), m_config.maxCurrentA * m_config.evses);
    p.set(QStringLiteral("stationMaxPower"), maxPowerW * m_config.evses);
    p.set(QStringLiteral("itemsPerMessage"), double(std::max(1, m_config.reportItemsPerMessage)));
    p.set(QStringLiteral("meterInterval"), double(m_config.meterIntervalS));
    p.set(QStringLiteral("responseTimeout"), double(std::max<qint64>(1, m_config.responseTimeout.count() / 1000)));
    p.set(QStringLiteral("backOffMinimum"), double(m_config.backOffMinimumS));
    p.set(QStringLiteral("backOffRandomRange"), double(m_config.backOffRandomRangeS));
    p.set(QStringLiteral("measurands"), MeterValueBuilder::supportedMeasurands().join(QLatin1Char(',')));
    p.set(QStringLiteral("connectors"), double(m_config.evses));
    p.set(QStringLiteral("connectorsPlusOne"), double(m_config.evses + 1));
    p.set(QStringLiteral("phaseRotation"), rotation.join(QLatin1Char(',')));

    // The data files are part of the build; a failure here is a packaging bug, reported as such.
    if (m_config.version == OcppVersion::V16) {
        auto keys = ConfigurationKeys::standard(p);
        m_keys = std::make_unique<ConfigurationKeys>(keys ? std::move(keys.value()) : ConfigurationKeys());
        if (!keys)
            internalError(keys.error().text());
        m_keys->setLiveValue([this](const ConfigurationKey &k) { return liveValue16(k); });
    } else {
        auto model = DeviceModel::standard(p, m_config.evses, m_config.connectorsPerEvse);
        m_model = std::make_unique<DeviceModel>(model ? std::move(model.value()) : DeviceModel());
        if (!model)
            internalError(model.error().text());
        m_model->setLiveValue([this](const DeviceVariable &v) { return LiveValues::value(*this, v); });
        if (m_config.extraVariables > 0)
            m_model->addBenchVariables(m_config.extraVariables);
    }
    m_settings = std::make_unique<StationSettings>(m_model.get(), m_keys.get(), m_config.backOffMinimumS, m_config.backOffRandomRangeS);

    const quint32 seed = quint32(qHash(m_config.identity));
    for (int e = 1; e <= m_config.evses; ++e) {
        for (int c = 1; c <= m_config.connectorsPerEvse; ++c) {
            QRandomGenerator r(seed + quint32(e * 31 + c));
            EnergyMeter meter(m_config.phases, m_config.nominalVoltage, 100000.0 + r.bounded(5000000), seed + quint32(e));
            meter.setTimeScale(1000.0 / m_config.secondMs);
            auto outlet = std::make_unique<Outlet>(e, m_config.version == OcppVersion::V16 ? e : c, std::move(meter));
            outlet->evSocStart = 10 + r.bounded(50);
            m_outlets.push_back(std::move(outlet));
        }
    }

    m_blocks.push_back(std::make_unique<ProvisioningBlock>(*this));
    auto availability = std::make_unique<AvailabilityBlock>(*this);
    m_availability = availability.get();
    m_blocks.push_back(std::move(availability));
    if (m_config.version == OcppVersion::V16) {
        m_blocks.push_back(std::make_unique<ConfigurationBlock>(*this));
        auto tx = std::make_unique<TransactionBlock16>(*this);
        m_transactions = tx.get();
        m_blocks.push_back(std::move(tx));
    } else {
        m_blocks.push_back(std::make_unique<DeviceModelBlock>(*this));
        auto tx = std::make_unique<TransactionBlock>(*this);
        m_transactions = tx.get();
        m_blocks.push_back(std::move(tx));
    }
    m_blocks.push_back(std::make_unique<RemoteControlBlock>(*this, m_blocks));
    m_blocks.push_back(std::make_unique<SecurityBlock>(*this));
    m_blocks.push_back(std::make_unique<FirmwareBlock>(*this));
    m_blocks.push_back(std::make_unique<DiagnosticsBlock>(*this));

    m_reconnect.setSingleShot(true);
    connect(&m_reconnect, &QTimer::timeout, this, &VirtualStation::connectNow);
    m_rebootTimer.setSingleShot(true);
    connect(&m_rebootTimer, &QTimer::timeout, this, &VirtualStation::finishReboot);
    connect(&m_queue, &OutboundQueue::dropped, this, [this](const QString &action, const QString &why) {
        note(tr("%1 given up: %2").arg(action, why));
    });
    connect(&m_queue, &OutboundQueue::invalidPayload, this, [this](const QString &action, const QString &why) {
        internalError(tr("%1: %2").arg(action, why));
    });
    settingChanged(QString());
}

VirtualStation::~VirtualStation()
{
    m_stopping = true;
    stopTimersAndBlocks();
    m_queue.setEndpoint(nullptr);
    if (m_client) {
        m_client->disconnect(this);
        delete m_client;
    }
}

Status<> VirtualStation::check(const VirtualStationConfig &c)
{
    const bool tlsScheme = c.url.scheme() == QLatin1String("wss");
    if (c.identity.isEmpty() || c.identity.size() > 48)
        return Error{tr("The station identity must have 1 to 48 characters."), {}};
    if (c.url.scheme() != QLatin1String("ws") && !tlsScheme)
        return Error{tr("\"%1\" is not a WebSocket URL.").arg(c.url.toString()), tr("Use ws://host:port/path or wss://host:port/path.")};
    const int profile = int(c.profile);
    if ((profile >= 2) != tlsScheme)
        return Error{tr("Security profile %1 needs a %2 URL.").arg(profile).arg(profile >= 2 ? QStringLiteral("wss://") : QStringLiteral("ws://")),
                     tr("Profiles 0 and 1 use ws://, profiles 2 and 3 use wss:// (TLS).")};
    if ((profile == 1 || profile == 2) && (c.password.size() < 16 || c.password.size() > 40))
        return Error{tr("Security profile %1 needs a Basic auth password of 16 to 40 characters.").arg(profile),
                     tr("Give the password the CSMS expects for this station.")};
    if (profile == 3 && (!c.tls || c.tls->localCertificate().isNull() || c.tls->privateKey().isNull()))
        return Error{tr("Security profile 3 needs a client certificate and its private key."),
                     tr("Give the station's certificate (CN = identity) and key.")};
    if (c.version == OcppVersion::V16 && (c.vendor.size() > 20 || c.model.size() > 20))
        return Error{tr("OCPP 1.6 allows at most 20 characters for the vendor and the model."), {}};
    if (c.model.size() > 20 || c.vendor.size() > 50)
        return Error{tr("The model may have at most 20 characters and the vendor 50."), {}};
    if (c.evses < 1 || c.evses > 100 || c.connectorsPerEvse < 1 || c.connectorsPerEvse > 10)
        return Error{tr("Use 1 to 100 EVSEs (connectors in 1.6) with 1 to 10 connectors each."), {}};
    return success();
}

QString VirtualStation::stateName(State s)
{
    switch (s) {
    case State::Stopped: return tr("stopped");
    case State::Connecting: return tr("connecting");
    case State::Booting: return tr("booting");
    case State::Pending: return tr("pending");
    case State::Rejected: return tr("rejected");
    case State::Accepted: return tr("accepted");
    case State::Offline: return tr("offline");
    case State::Rebooting: return tr("rebooting");
    }
    return {};
}

QString VirtualStation::now() { return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs); }

std::chrono::milliseconds VirtualStation::protocolSeconds(double seconds) const
{
    return std::chrono::milliseconds(qint64(std::max(0.0, seconds) * m_config.secondMs));
}

void VirtualStation::note(const QString &line)
{
    qCDebug(lcSimulator).noquote() << m_config.identity << line;
    Q_EMIT event(line);
}

void VirtualStation::internalError(const QString &text)
{
    qCWarning(lcSimulator).noquote() << m_config.identity << "internal error:" << text;
    m_internalErrors << text;
    Q_EMIT event(tr("internal error: %1").arg(text));
}

void VirtualStation::setState(State s)
{
    if (m_state == s)
        return;
    m_state = s;
    Q_EMIT stateChanged(s);
}

void VirtualStation::start()
{
    if (!m_stopping)
        return;
    // Starting is powering up: a fresh boot, whatever happened before a stop().
    m_stopping = false;
    m_backOffAttempt = 0;
    m_wasAccepted = false;
    m_registration.clear();
    m_bootReason = QStringLiteral("PowerUp");
    connectNow();
}

void VirtualStation::stop()
{
    m_stopping = true;
    m_rebooting = false;
    m_reconnect.stop();
    m_rebootTimer.stop();
    stopTimersAndBlocks();
    if (m_client)
        m_client->close(QWebSocketProtocol::CloseCodeNormal, tr("station stopped"));
    setState(State::Stopped);
}

void VirtualStation::stopTimersAndBlocks()
{
    for (auto &b : m_blocks)
        b->onStopping();
}

void VirtualStation::connectNow()
{
    if (m_stopping)
        return;
    if (m_client) {
        m_client->disconnect(this);
        m_client->deleteLater();
    }
    m_client = new StationClient(this);
    ClientConfig cc;
    cc.baseUrl = m_config.url;
    cc.identity = m_config.identity;
    cc.versions = {m_config.version};
    // A password the CSMS set over OCPP replaces the configured one (A01 / 1.6 A01).
    const QByteArray configured = m_settings->password();
    cc.password = int(m_config.profile) == 1 || int(m_config.profile) == 2 ? (configured.isEmpty() ? m_password : configured) : QByteArray();
    cc.tls = m_config.tls;
    cc.responseTimeout = m_config.responseTimeout;
    connect(m_client, &StationClient::endpointCreated, this, [this](RpcEndpoint *rpc) {
        m_rpc = rpc;
        rpc->setFrameObserver([this](const FrameEvent &e) {
            // A CALLERROR InternalError from us means a handler built a reply that breaks the schema.
            if (e.direction == FrameEvent::Direction::Out && e.type == MessageType::CallError
                && e.text.contains("\"InternalError\""))
                internalError(tr("reply refused by the schema: %1").arg(QString::fromUtf8(e.text.left(300))));
        });
        connect(rpc, &RpcEndpoint::problem, this, [this](const QString &text) { note(text); });
        for (auto &b : m_blocks)
            b->attach(*rpc);
    });
    connect(m_client, &StationClient::connected, this, &VirtualStation::onConnected);
    connect(m_client, &StationClient::disconnected, this, [this](int code, const QString &reason) {
        onDisconnected(tr("connection closed (%1%2)").arg(code).arg(reason.isEmpty() ? QString() : QStringLiteral(", ") + reason));
    });
    connect(m_client, &StationClient::failed, this, [this](const QString &reason) { onDisconnected(tr("cannot connect: %1").arg(reason)); });
    setState(State::Connecting);
    note(tr("connecting to %1 (OCPP %2, security profile %3)")
             .arg(StationClient::connectionUrl(cc).toString(), versionName(m_config.version))
             .arg(int(m_config.profile)));
    m_client->open(cc);
}

void VirtualStation::onConnected()
{
    m_backOffAttempt = 0;
    note(tr("connected"));
    m_queue.setEndpoint(m_rpc);
    for (auto &b : m_blocks)
        b->onConnected();
}

void VirtualStation::onDisconnected(const QString &why)
{
    const bool wasOnline = m_rpc != nullptr;
    m_rpc = nullptr;
    m_queue.setEndpoint(nullptr);
    m_queue.setOpen(false);
    if (m_registration != QLatin1String("Accepted"))
        m_registration.clear();
    for (auto &b : m_blocks)
        b->onDisconnected();
    note(why);
    if (wasOnline)
        Q_EMIT connectionLost();
    if (m_stopping) {
        setState(State::Stopped);
        return;
    }
    if (m_rebooting)
        return;
    scheduleReconnect();
}

void VirtualStation::scheduleReconnect()
{
    // RetryBackOffWaitMinimum, doubled RetryBackOffRepeatTimes times at most, plus a random part
    // up to RetryBackOffRandomRange (2.0.1 B10 / A04; 1.6 stations use the same scheme).
    const int repeats = std::min(m_backOffAttempt, m_settings->backOffRepeatTimes());
    const double wait = m_settings->backOffMinimumS() * double(1 << std::min(repeats, 16))
                        + QRandomGenerator::global()->bounded(std::max(1, m_settings->backOffRandomRangeS() * 1000)) / 1000.0;
    ++m_backOffAttempt;
    setState(State::Offline);
    note(tr("reconnecting in %1 s").arg(wait, 0, 'f', 1));
    m_reconnect.start(protocolSeconds(wait));
}

void VirtualStation::setRegistration(const QString &status, bool reconnected)
{
    m_registration = status;
    if (status == QLatin1String("Accepted")) {
        m_wasAccepted = true;
        setState(State::Accepted);
        m_queue.setOpen(true);
        note(reconnected ? tr("back online") : tr("registered (BootNotification accepted)"));
        for (auto &b : m_blocks)
            b->onRegistered(reconnected);
        if (!reconnected)
            Q_EMIT registered();
    } else {
        m_queue.setOpen(false);
        setState(status == QLatin1String("Pending") ? State::Pending : State::Rejected);
    }
}

void VirtualStation::call(const QString &action, const QJsonObject &payload, CallCallback done, Delivery delivery)
{
    if (delivery == Delivery::Transactional) {
        enqueue(action, [payload] { return std::optional(payload); }, std::move(done));
        return;
    }
    bool allowed = m_rpc != nullptr;
    if (delivery == Delivery::Registered)
        allowed = allowed && isRegistered();
    else if (delivery == Delivery::Triggered)
        allowed = allowed && (isRegistered() || m_registration == QLatin1String("Pending"));
    if (!allowed) {
        // Not sent: while unregistered a station sends nothing but BootNotification.
        if (done) {
            CallOutcome o;
            o.status = CallOutcome::Status::Closed;
            o.action = action;
            o.errorDescription = tr("not sent: the station is %1").arg(stateName(m_state));
            done(o);
        }
        return;
    }
    m_rpc->call(action, payload, [this, action, done = std::move(done)](const CallOutcome &o) {
        if (o.status == CallOutcome::Status::InvalidRequest)
            internalError(tr("%1: %2").arg(action, o.describe()));
        // A stopped station does not act on calls its own shutdown cut short.
        if (o.status == CallOutcome::Status::Closed && m_stopping)
            return;
        if (done)
            done(o);
    });
}

void VirtualStation::enqueue(const QString &action, OutboundQueue::Builder build, CallCallback done)
{
    m_queue.setRetry(m_model ? m_model->intValue(QStringLiteral("OCPPCommCtrlr"), QStringLiteral("MessageAttempts"), 3, QStringLiteral("TransactionEvent"))
                             : m_keys->intValue(QStringLiteral("TransactionMessageAttempts"), 3),
                     protocolSeconds(m_model ? m_model->intValue(QStringLiteral("OCPPCommCtrlr"), QStringLiteral("MessageAttemptInterval"), 10,
                                                                 QStringLiteral("TransactionEvent"))
                                             : m_keys->intValue(QStringLiteral("TransactionMessageRetryInterval"), 10)));
    m_queue.enqueue(action, std::move(build), std::move(done));
}

void VirtualStation::handle(RpcEndpoint &rpc, const QString &action, std::function<void(const RpcCall &, RpcResponder)> handler)
{
    rpc.setHandler(action, [this, action, handler = std::move(handler)](const RpcCall &c, RpcResponder r) {
        // Settings may carry passwords: their blocks log each change themselves, masked.
        const bool secret = action == QLatin1String("SetVariables") || action == QLatin1String("ChangeConfiguration");
        note(secret ? tr("CSMS: %1").arg(action)
                    : tr("CSMS: %1 %2").arg(action, QString::fromUtf8(QJsonDocument(c.payload).toJson(QJsonDocument::Compact).left(160))));
        if (m_replyDelay.count() > 0) {
            QTimer::singleShot(m_replyDelay, this, [handler, c, r] { handler(c, r); });
            return;
        }
        handler(c, r);
    });
}

void VirtualStation::afterReply(std::function<void()> f) { QTimer::singleShot(0, this, std::move(f)); }

Outlet *VirtualStation::outlet(int evseId, int connectorId) const
{
    for (const auto &o : m_outlets)
        if (o->evseId == evseId && o->connectorId == connectorId)
            return o.get();
    return nullptr;
}

QList<Outlet *> VirtualStation::outletsOfEvse(int evseId) const
{
    QList<Outlet *> out;
    for (const auto &o : m_outlets)
        if (o->evseId == evseId)
            out << o.get();
    return out;
}

void VirtualStation::outletChanged(Outlet &outlet)
{
    if (m_availability)
        m_availability->publish(outlet);
}

void VirtualStation::settingChanged(const QString &name)
{
    for (auto &b : m_blocks)
        b->onSettingChanged(name);
}

void VirtualStation::sessionEnded(Outlet &outlet)
{
    Q_UNUSED(outlet)
    if (m_pendingReset.isEmpty())
        return;
    for (const auto &o : m_outlets)
        if (o->session)
            return;
    const QString reason = m_pendingReset;
    m_pendingReset.clear();
    afterReply([this, reason] { reboot(reason, EndCause::ImmediateReset); });
}

void VirtualStation::reboot(const QString &bootReason, EndCause cause)
{
    if (m_rebooting || m_stopping)
        return;
    m_rebooting = true;
    m_pendingReset.clear();
    m_bootReason = bootReason;
    note(tr("rebooting (%1)").arg(bootReason));
    for (const auto &o : m_outlets)
        if (o->session)
            m_transactions->end(*o, cause);
    setState(State::Rebooting);
    // Give the final transaction messages a moment to go out, then go down.
    auto goDown = [this] {
        stopTimersAndBlocks();
        m_queue.setOpen(false);
        if (m_client)
            m_client->close(QWebSocketProtocol::CloseCodeNormal, tr("rebooting"));
        m_rebootTimer.start(protocolSeconds(m_config.rebootS));
    };
    if (m_queue.isIdle() || !isConnected()) {
        afterReply(goDown);
    } else {
        auto once = std::make_shared<QMetaObject::Connection>();
        auto fired = std::make_shared<bool>(false);
        auto proceed = [this, goDown, once, fired] {
            if (*fired)
                return;
            *fired = true;
            disconnect(*once);
            goDown();
        };
        *once = connect(&m_queue, &OutboundQueue::drained, this, proceed);
        QTimer::singleShot(std::max<std::chrono::milliseconds>(m_config.responseTimeout, std::chrono::milliseconds(1000)), this, proceed);
    }
}

void VirtualStation::finishReboot()
{
    m_rebooting = false;
    m_wasAccepted = false;
    m_registration.clear();
    for (const auto &o : m_outlets) {
        o->finishing = false;
        o->locked = false;
        o->lastReported.clear();
    }
    if (m_stopping)
        return;
    connectNow();
}

Outlet *VirtualStation::driverOutlet(int evseId, int connectorId) const
{
    // In 1.6 an "EVSE" is a connector: EVSE 2 is connector 2.
    return outlet(evseId, m_config.version == OcppVersion::V16 ? evseId : connectorId);
}

bool VirtualStation::plugIn(int evseId, int connectorId)
{
    Outlet *o = driverOutlet(evseId, connectorId);
    if (!o || o->plugged)
        return false;
    m_transactions->plugIn(*o);
    return true;
}

bool VirtualStation::unplug(int evseId, int connectorId)
{
    Outlet *o = driverOutlet(evseId, connectorId);
    if (!o || !o->plugged)
        return false;
    m_transactions->unplug(*o);
    return true;
}

bool VirtualStation::presentIdToken(int evseId, const QString &idToken, int connectorId)
{
    Outlet *o = driverOutlet(evseId, connectorId);
    if (!o || idToken.isEmpty())
        return false;
    m_lastIdToken = idToken;
    m_transactions->presentIdToken(*o, idToken);
    return true;
}

bool VirtualStation::setConnectorFault(int evseId, int connectorId, const QString &errorCode)
{
    Outlet *o = driverOutlet(evseId, connectorId);
    if (!o)
        return false;
    if (!errorCode.isEmpty() && o->session)
        m_transactions->end(*o, EndCause::Fault, errorCode);
    o->fault = errorCode == QLatin1String("NoError") ? QString() : errorCode;
    note(errorCode.isEmpty() ? tr("EVSE %1 connector %2: fault cleared").arg(evseId).arg(connectorId)
                             : tr("EVSE %1 connector %2: fault %3").arg(evseId).arg(connectorId).arg(errorCode));
    outletChanged(*o);
    return true;
}

void VirtualStation::dropConnection()
{
    if (!m_client || !isConnected())
        return;
    note(tr("dropping the connection (fault)"));
    m_client->socket().abort();
}

void VirtualStation::sendMalformedFrame(const QByteArray &text)
{
    if (!m_rpc)
        return;
    const QByteArray frame = text.isEmpty() ? QByteArrayLiteral("[2,\"malformed-1\",\"Heartbeat\",{") : text;
    note(tr("sending a malformed frame (fault): %1").arg(QString::fromUtf8(frame)));
    m_rpc->sendRaw(frame);
}

QString VirtualStation::liveValue16(const ConfigurationKey &k) const
{
    if (k.live == QLatin1String("securityProfile"))
        return QString::number(int(m_config.profile));
    return k.value;
}

} // namespace cb::sim
