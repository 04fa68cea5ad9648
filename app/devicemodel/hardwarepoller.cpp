#include "hardwarepoller.h"

#include "workspace/workspace.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QPointer>

namespace cb {

Q_LOGGING_CATEGORY(lcHardware, "chargebench.hardware")

namespace {

struct Standard
{
    const char *component;
    const char *variable; // nullptr: every variable of the component
    bool onConnector;     // sits on the connector rather than the EVSE
};

// OCPP 2.0.1/2.1 part 2 (referenced components and variables) - the ones a commissioning
// engineer checks per connector.
const Standard kStandard[] = {
    {"CPPWMController", "State", false},
    {"CPPWMController", "DCVoltage", false},
    {"PowerContactor", "Active", false},
    {"ConnectorPlugRetentionLock", "Active", true},
    {"RCD", "Tripped", false},
    {"TemperatureSensor", "Temperature", false},
    {"Connector", "AvailabilityState", true},
    {"EVSE", "AvailabilityState", false},
    {"ConnectedEV", nullptr, false},
};
// ConnectedEV variables asked for before the station's report says which it has.
const char *const kConnectedEvDefaults[] = {"Available", "VehicleId", "ProtocolAgreed", "StateOfCharge"};

// Per the spec every 2.x station reports ItemsPerMessage[GetVariables]; until it is known, a
// batch this small fits any station seen so far.
constexpr int kDefaultBatch = 8;

QString signalKey(const dm::ComponentRef &c, const dm::VariableRef &v)
{
    QString key = c.name;
    if (!c.instance.isEmpty())
        key += QLatin1Char('[') + c.instance + QLatin1Char(']');
    return key + QLatin1Char('.') + v.displayName();
}

QString pairKey(const dm::ComponentRef &c, const dm::VariableRef &v) { return c.key() + QLatin1Char('/') + v.key(); }

} // namespace

HardwarePoller::HardwarePoller(Workspace &workspace, QObject *parent) : QObject(parent), m_workspace(workspace)
{
    connect(&m_timer, &QTimer::timeout, this, &HardwarePoller::pollNow);
}

bool HardwarePoller::isHardwareVariable(const QString &component, const QString &variable)
{
    for (const Standard &s : kStandard) {
        if (component.compare(QLatin1String(s.component), Qt::CaseInsensitive) != 0)
            continue;
        if (!s.variable || variable.compare(QLatin1String(s.variable), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

void HardwarePoller::setStation(const QString &identity, std::optional<OcppVersion> version)
{
    if (identity == m_identity && version == m_version)
        return;
    ++m_generation;
    m_identity = identity;
    m_version = version;
    m_model.clear();
    m_connectorsSeen.clear();
    m_unknown.clear();
    m_evse.clear();
    m_connector.clear();
    m_outstanding = 0;
    m_lastPoll = {};
    m_lastProblem.clear();
    rebuildTargets();
    Q_EMIT changed();
}

void HardwarePoller::setConnectors(const QList<QPair<int, int>> &evseConnectors)
{
    if (evseConnectors == m_connectorsSeen)
        return;
    m_connectorsSeen = evseConnectors;
    rebuildTargets();
}

void HardwarePoller::setDeviceModel(const dm::DeviceModel &model)
{
    m_model = model;
    rebuildTargets();
}

void HardwarePoller::setConnected(bool connected)
{
    const bool was = m_connected;
    m_connected = connected;
    if (connected && !was && m_interval.count() > 0)
        pollNow();
}

void HardwarePoller::setInterval(std::chrono::milliseconds interval)
{
    m_interval = interval;
    if (interval.count() > 0)
        m_timer.start(interval);
    else
        m_timer.stop();
}

int HardwarePoller::batchSize() const
{
    const dm::DeviceModelEntry *e = m_model.find(dm::ComponentRef{QStringLiteral("DeviceDataCtrlr"), {}, {}, {}},
                                                 dm::VariableRef{QStringLiteral("ItemsPerMessage"), QStringLiteral("GetVariables")});
    if (e) {
        if (const dm::VariableAttribute *a = e->attribute(QStringLiteral("Actual")); a && a->value) {
            bool ok = false;
            const int n = a->value->toInt(&ok);
            if (ok && n > 0)
                return n;
        }
    }
    return kDefaultBatch;
}

void HardwarePoller::rebuildTargets()
{
    m_targets.clear();
    if (!m_version || *m_version == OcppVersion::V16)
        return;
    if (!m_model.isEmpty()) {
        // What the station has, per its own report.
        for (const dm::DeviceModelEntry &e : m_model.entries()) {
            if (!e.component.evseId || *e.component.evseId <= 0 || !e.attribute(QStringLiteral("Actual")))
                continue;
            if (isHardwareVariable(e.component.name, e.variable.name))
                m_targets.append({e.component, e.variable});
        }
        return;
    }
    // No report yet: the standard set for every EVSE/connector StatusNotification named.
    QSet<int> evses;
    for (const auto &[evse, connector] : m_connectorsSeen) {
        if (evse <= 0)
            continue;
        for (const Standard &s : kStandard) {
            if (!s.onConnector || !s.variable)
                continue;
            m_targets.append({dm::ComponentRef{QLatin1String(s.component), {}, evse, connector}, dm::VariableRef{QLatin1String(s.variable), {}}});
        }
        if (evses.contains(evse))
            continue;
        evses.insert(evse);
        for (const Standard &s : kStandard) {
            if (s.onConnector)
                continue;
            const dm::ComponentRef c{QLatin1String(s.component), {}, evse, std::nullopt};
            if (s.variable) {
                m_targets.append({c, dm::VariableRef{QLatin1String(s.variable), {}}});
            } else {
                for (const char *v : kConnectedEvDefaults)
                    m_targets.append({c, dm::VariableRef{QLatin1String(v), {}}});
            }
        }
    }
    m_targets.erase(std::remove_if(m_targets.begin(), m_targets.end(),
                                   [this](const auto &t) { return m_unknown.contains(pairKey(t.first, t.second)); }),
                    m_targets.end());
}

QList<QPair<dm::ComponentRef, dm::VariableRef>> HardwarePoller::targets() const { return m_targets; }

bool HardwarePoller::pollNow()
{
    if (!m_connected || m_identity.isEmpty() || m_targets.isEmpty() || m_outstanding > 0)
        return false;
    const int batch = batchSize();
    const quint64 generation = m_generation;
    m_pollFailed = false;
    m_lastProblem.clear();
    for (qsizetype from = 0; from < m_targets.size(); from += batch) {
        const QList<QPair<dm::ComponentRef, dm::VariableRef>> part = m_targets.mid(from, batch);
        QJsonArray data;
        for (const auto &[component, variable] : part)
            data.append(QJsonObject{{QStringLiteral("component"), component.toJson()}, {QStringLiteral("variable"), variable.toJson()}});
        ++m_outstanding;
        // A poll must never outlive its interval by much; the workspace's own timeout is longer.
        const auto timeout = std::chrono::milliseconds(std::clamp<qint64>(m_interval.count(), 5000, 30000));
        // The provisioning block's get-variables, answered on the poller's thread and only while
        // it exists. A variable the station lacks makes the operation "rejected" but the answer
        // still holds the rest, so the reply is read whenever one came.
        m_workspace.runOperation(m_identity, QStringLiteral("get-variables"), QJsonObject{{QStringLiteral("variables"), data}}, this,
                                 [this, generation, part](const OperationResult &r) {
                                     const bool answered = r.outcome.ok();
                                     onAnswer(generation, part, answered ? r.reply : QJsonObject(),
                                              answered ? QString() : (r.sent() ? r.outcome.describe() : r.text));
                                 }, timeout);
    }
    return true;
}

void HardwarePoller::onAnswer(quint64 generation, const QList<QPair<dm::ComponentRef, dm::VariableRef>> &batch,
                              const QJsonObject &payload, const QString &failure)
{
    if (generation != m_generation)
        return;
    m_outstanding = std::max(0, m_outstanding - 1);
    if (!failure.isEmpty()) {
        m_pollFailed = true;
        m_lastProblem = failure;
        qCInfo(lcHardware) << m_identity << "GetVariables failed:" << failure;
    }
    bool dropped = false;
    for (const QJsonValue &v : payload.value(QLatin1String("getVariableResult")).toArray()) {
        const QJsonObject r = v.toObject();
        const dm::ComponentRef component = dm::ComponentRef::fromJson(r.value(QLatin1String("component")).toObject());
        const dm::VariableRef variable = dm::VariableRef::fromJson(r.value(QLatin1String("variable")).toObject());
        const QString status = r.value(QLatin1String("attributeStatus")).toString();
        if (status == QLatin1String("Accepted")) {
            store(component, variable, r.value(QLatin1String("attributeValue")).toString(), false, {});
        } else if (status == QLatin1String("UnknownComponent") || status == QLatin1String("UnknownVariable")) {
            // The station does not have it: stop asking (the standard set is a guess before a report).
            m_unknown.insert(pairKey(component, variable));
            dropped = true;
        } else {
            store(component, variable, {}, false, status);
        }
    }
    Q_UNUSED(batch)
    if (dropped)
        rebuildTargets();
    if (m_outstanding == 0) {
        m_lastPoll = QDateTime::currentDateTimeUtc();
        Q_EMIT pollFinished(!m_pollFailed, m_lastProblem);
    }
    Q_EMIT changed();
}

QString HardwarePoller::unitOf(const dm::ComponentRef &component, const dm::VariableRef &variable) const
{
    const dm::DeviceModelEntry *e = m_model.find(component, variable);
    return e && e->characteristics ? e->characteristics->unit : QString();
}

void HardwarePoller::store(const dm::ComponentRef &component, const dm::VariableRef &variable, const QString &value, bool fromEvent,
                           const QString &problem)
{
    if (!component.evseId)
        return;
    HardwareValue hv;
    hv.value = value;
    hv.unit = unitOf(component, variable);
    hv.updated = QDateTime::currentDateTimeUtc();
    hv.fromEvent = fromEvent;
    hv.problem = problem;
    hv.evseLevel = !component.connectorId;
    const QString key = signalKey(component, variable);
    if (component.connectorId)
        m_connector[qMakePair(*component.evseId, *component.connectorId)].insert(key, hv);
    else
        m_evse[*component.evseId].insert(key, hv);
}

void HardwarePoller::ingestNotifyEvent(const QJsonObject &payload)
{
    bool any = false;
    for (const QJsonValue &v : payload.value(QLatin1String("eventData")).toArray()) {
        const QJsonObject e = v.toObject();
        const dm::ComponentRef component = dm::ComponentRef::fromJson(e.value(QLatin1String("component")).toObject());
        const dm::VariableRef variable = dm::VariableRef::fromJson(e.value(QLatin1String("variable")).toObject());
        if (!isHardwareVariable(component.name, variable.name) || !component.evseId)
            continue;
        store(component, variable, e.value(QLatin1String("actualValue")).toString(), true, {});
        any = true;
    }
    if (any)
        Q_EMIT changed();
}

QList<ConnectorHardware> HardwarePoller::connectors() const
{
    QList<QPair<int, int>> keys = m_connectorsSeen;
    for (auto it = m_connector.cbegin(); it != m_connector.cend(); ++it)
        if (!keys.contains(it.key()))
            keys.append(it.key());
    // An EVSE with values but no connector seen yet still shows (as connector 1).
    for (auto it = m_evse.cbegin(); it != m_evse.cend(); ++it) {
        const bool hasConnector = std::any_of(keys.cbegin(), keys.cend(), [&](const auto &k) { return k.first == it.key(); });
        if (!hasConnector)
            keys.append(qMakePair(it.key(), 1));
    }
    std::sort(keys.begin(), keys.end());
    QList<ConnectorHardware> out;
    for (const auto &[evse, connector] : keys)
        if (evse > 0)
            out.append(this->connector(evse, connector));
    return out;
}

ConnectorHardware HardwarePoller::connector(int evseId, int connectorId) const
{
    ConnectorHardware h;
    h.evseId = evseId;
    h.connectorId = connectorId;
    h.values = m_evse.value(evseId);
    const QMap<QString, HardwareValue> own = m_connector.value(qMakePair(evseId, connectorId));
    for (auto it = own.cbegin(); it != own.cend(); ++it)
        h.values.insert(it.key(), *it);
    return h;
}

} // namespace cb
