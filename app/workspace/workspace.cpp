#include "workspace.h"

#include "api/apitoken.h"
#include "api/automationapi.h"
#include "devicemodel/devicemodelmanager.h"
#include "devicemodel/hardwarepoller.h"
#include "servercore.h"
#include "station/stationregistry.h"
#include "storage/database.h"
#include "storage/stationrepository.h"
#include "transport/csmsserver.h"

#include "serialcapture/serialsession.h"

#include <QMetaMethod>

namespace cb {

Workspace::Workspace(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<cb::StationSnapshot>();
    m_serverThread.setObjectName(QStringLiteral("chargebench-server"));
    m_feedTimer.setInterval(100);
    connect(&m_feedTimer, &QTimer::timeout, this, [this] {
        QList<CaptureRecord> batch;
        QList<StationSnapshot> changed;
        {
            QMutexLocker lock(&m_mutex);
            batch.swap(m_feed);
            changed.reserve(m_changedStations.size());
            for (const QString &id : std::as_const(m_changedStations))
                if (const auto it = m_live.constFind(id); it != m_live.cend())
                    changed.append(*it);
            m_changedStations.clear();
        }
        for (const StationSnapshot &s : std::as_const(changed))
            Q_EMIT stationChanged(s);
        if (!batch.isEmpty())
            Q_EMIT framesArrived(batch);
    });
    m_deviceModels = std::make_unique<DeviceModelManager>(*this);
    m_hardwarePoller = std::make_unique<HardwarePoller>(*this);
    m_serialSession = std::make_unique<SerialSession>(&m_capture);
}

qint64 Workspace::liveFramesDropped() const
{
    QMutexLocker lock(&m_mutex);
    return m_feedDropped;
}

QString WorkspaceConfig::databaseFile() const
{
    return databasePath.isEmpty() ? Database::defaultPath() : databasePath;
}

Workspace::~Workspace()
{
    // Services first, while the server still runs: the device models answer API requests still
    // waiting on them, and the serial link records its closing into the open capture.
    m_serialSession.reset();
    m_hardwarePoller.reset();
    m_deviceModels.reset();
    stop();
}

Status<> Workspace::start(const WorkspaceConfig &config)
{
    stop();
    m_config = config;
    m_config.databasePath = config.databaseFile();
    if (m_config.apiToken.isEmpty())
        m_config.apiToken = newApiToken();
    CaptureWriter::Options captureOptions;
    captureOptions.retentionDays = m_config.captureRetentionDays;
    if (auto opened = m_capture.open(m_config.databasePath, captureOptions); !opened)
        return opened;

    m_serverThread.start();
    m_core = new ServerCore(m_capture);
    m_core->setLiveSink([this](const CaptureRecord &r) {
        constexpr qsizetype kMaxPending = 20000;
        // Headless serve has no live view: no copy of every record then.
        static const QMetaMethod framesSignal = QMetaMethod::fromSignal(&Workspace::framesArrived);
        if (!isSignalConnected(framesSignal))
            return;
        QMutexLocker lock(&m_mutex);
        if (m_feed.size() >= kMaxPending) {
            m_feed.removeFirst();
            ++m_feedDropped;
        }
        m_feed.append(r);
    });
    m_feedTimer.start();
    m_core->moveToThread(&m_serverThread);
    connect(&m_serverThread, &QThread::finished, m_core, &QObject::deleteLater);
    // Direct: keeps the thread-safe snapshot current on the server thread at once (the API must
    // know a station the moment it connects). The workspace's own thread hears of it with the
    // next feed tick, the latest snapshot of each changed station once: one event per tick
    // instead of one per change (a thousand busy stations made thousands a second).
    connect(m_core, &ServerCore::stationChanged, this, [this](const StationSnapshot &s) {
        QMutexLocker lock(&m_mutex);
        m_live.insert(s.identity, s);
        m_changedStations.insert(s.identity);
    }, Qt::DirectConnection);
    connect(m_core, &ServerCore::connectionRefused, this, &Workspace::connectionRefused);
    // Direct, then re-emitted: queued only to receivers that exist (a signal-to-signal connection
    // would post an event to this thread for every batch even with nobody listening).
    connect(m_core, &ServerCore::meterSamples, this, [this](const QString &id, const QList<MeterSample> &samples) {
        Q_EMIT meterSamples(id, samples);
    }, Qt::DirectConnection);
    connect(m_core, &ServerCore::deviceModelReport, this, &Workspace::deviceModelReport);
    connect(m_core, &ServerCore::storageProblem, this, &Workspace::problem);

    Status<> started = success();
    QStringList urls;
    QMetaObject::invokeMethod(m_core, [&] {
        started = m_core->start(m_config);
        if (started)
            urls = m_core->server().urls();
    }, Qt::BlockingQueuedConnection);
    if (!started) {
        stop();
        return started;
    }
    m_urls = urls;
    m_running = true;

    if (m_config.apiEnabled) {
        m_api = std::make_unique<AutomationApi>(*this);
        if (auto ok = m_api->start(m_config.apiAddress, m_config.apiPort, m_config.apiToken); !ok) {
            stop();
            return ok;
        }
        if (const QString warning = apiExposureWarning(m_config.apiAddress); !warning.isEmpty())
            emit problem(warning);
    }
    return success();
}

void Workspace::stop()
{
    // Requests waiting on a station would hold the API's threads until they time out.
    if (m_deviceModels)
        m_deviceModels->cancelApiRequests();
    if (m_api) {
        m_api->stop();
        m_api.reset();
    }
    if (m_core && m_serverThread.isRunning()) {
        ServerCore *core = m_core;
        QMetaObject::invokeMethod(core, [core] { core->stop(); }, Qt::BlockingQueuedConnection);
    }
    if (m_serverThread.isRunning()) {
        m_serverThread.quit();
        m_serverThread.wait();
    }
    m_core = nullptr;
    m_feedTimer.stop();
    if (m_capture.isOpen()) {
        if (auto closed = m_capture.close(); !closed)
            Q_EMIT problem(closed.error().text());
    }
    {
        QMutexLocker lock(&m_mutex);
        m_live.clear();
        m_changedStations.clear();
    }
    m_running = false;
}

void Workspace::setStationApiExtension(StationApiExtension extension)
{
    QMutexLocker lock(&m_mutex);
    m_apiExtension = std::move(extension);
}

StationApiExtension Workspace::stationApiExtension() const
{
    QMutexLocker lock(&m_mutex);
    return m_apiExtension;
}

QStringList Workspace::urls() const { return m_urls; }

QString Workspace::apiUrl() const { return m_api ? m_api->url() : QString(); }

QList<StationSnapshot> Workspace::liveStations() const
{
    QMutexLocker lock(&m_mutex);
    return m_live.values();
}

std::optional<StationSnapshot> Workspace::liveStation(const QString &identity) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_live.constFind(identity);
    return it == m_live.cend() ? std::nullopt : std::optional(*it);
}

Result<QList<StationRecord>> Workspace::knownStations() const
{
    Database db;
    if (auto ok = db.open(m_config.databasePath); !ok)
        return ok.error();
    return StationRepository(db).list();
}

void Workspace::callStation(const QString &identity, const QString &action, const QJsonObject &payload,
                            std::chrono::milliseconds timeout, std::function<void(const CallOutcome &)> done)
{
    ServerCore *core = m_core;
    if (!core) {
        CallOutcome o;
        o.status = CallOutcome::Status::Closed;
        o.action = action;
        o.errorDescription = tr("the server is not running");
        done(o);
        return;
    }
    QMetaObject::invokeMethod(core, [core, identity, action, payload, timeout, done] {
        StationSession *s = core->registry().session(identity);
        if (!s) {
            CallOutcome o;
            o.status = CallOutcome::Status::Closed;
            o.action = action;
            o.errorDescription = tr("station %1 has not connected since the server started").arg(identity);
            done(o);
            return;
        }
        s->call(action, payload, done, timeout);
    }, Qt::QueuedConnection);
}

} // namespace cb
