#include "devicemodelmanager.h"

#include "devicemodelservice.h"
#include "workspace/workspace.h"

#include <QJsonArray>
#include <QJsonObject>

#include <future>
#include <memory>

namespace cb {

namespace {

StationApiReply reply(int status, const QJsonObject &body)
{
    return StationApiReply{status, QJsonDocument(body)};
}

StationApiReply error(int status, const QString &message, const QString &hint = {})
{
    QJsonObject o{{QStringLiteral("error"), message}};
    if (!hint.isEmpty())
        o.insert(QStringLiteral("hint"), hint);
    return reply(status, o);
}

} // namespace

DeviceModelManager::DeviceModelManager(Workspace &workspace, QObject *parent) : QObject(parent), m_workspace(workspace)
{
    qRegisterMetaType<cb::DeviceModelService *>();
    connect(&m_workspace, &Workspace::stationChanged, this, [this](const StationSnapshot &s) {
        if (!s.connected || !s.boot.receivedAt.isValid() || s.registrationStatus != QLatin1String("Accepted"))
            return;
        // Boots are tracked whether or not the setting is on, so turning it on does not read
        // every station that merely sends a heartbeat next.
        QDateTime &last = m_lastBoot[s.identity];
        if (last == s.boot.receivedAt)
            return;
        last = s.boot.receivedAt;
        if (m_fetchAfterBoot)
            service(s.identity)->fetchFull();
    });

    // The API calls in on its own threads and waits there; the work is posted to this thread.
    // The relay keeps the posting target alive as long as any request still holds it.
    std::shared_ptr<QObject> relay(new QObject, [](QObject *o) { o->deleteLater(); });
    QPointer<DeviceModelManager> self(this);
    m_relay = relay;
    m_workspace.setStationApiExtension([relay, self](const StationApiRequest &request) {
        auto promise = std::make_shared<std::promise<StationApiReply>>();
        std::future<StationApiReply> future = promise->get_future();
        QMetaObject::invokeMethod(relay.get(), [self, request, promise] {
            if (!self) {
                promise->set_value(error(503, tr("The server is stopping.")));
                return;
            }
            // Answered exactly once: by the operation, or with 503 when the manager goes first.
            auto pending = std::make_shared<PendingApi>();
            pending->answer = [promise](StationApiReply r) { promise->set_value(std::move(r)); };
            self->m_pendingApi.push_back(pending);
            self->serveApi(request, [pending, self](StationApiReply r) {
                if (pending->answered)
                    return;
                pending->answered = true;
                pending->answer(std::move(r));
                if (self)
                    std::erase(self->m_pendingApi, pending);
            });
        }, Qt::QueuedConnection);
        const int timeoutMs = request.query.queryItemValue(QStringLiteral("timeoutMs")).toInt();
        const auto wait = std::chrono::milliseconds(timeoutMs > 0 ? timeoutMs + 5000 : 600000);
        if (future.wait_for(wait) != std::future_status::ready)
            return error(504, tr("The station did not finish in time."), tr("Raise timeoutMs, or check the station."));
        return future.get();
    });
}

DeviceModelManager::~DeviceModelManager()
{
    m_workspace.setStationApiExtension({});
    // API requests still waiting for an operation of a service that goes away with us.
    cancelApiRequests();
}

void DeviceModelManager::cancelApiRequests()
{
    for (const auto &pending : std::exchange(m_pendingApi, {}))
        if (!std::exchange(pending->answered, true))
            pending->answer(error(503, tr("The server is stopping."), tr("Try again once it runs.")));
}

DeviceModelService *DeviceModelManager::service(const QString &identity)
{
    if (DeviceModelService *s = m_services.value(identity))
        return s;
    auto *s = new DeviceModelService(m_workspace, identity, this);
    m_services.insert(identity, s);
    Q_EMIT serviceAdded(s);
    return s;
}

void DeviceModelManager::serveApi(const StationApiRequest &r, std::function<void(StationApiReply)> done)
{
    const QStringList path = r.subPath.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (path.isEmpty()) {
        done(StationApiReply{});
        return;
    }
    const QString what = path.first();
    if (what == QLatin1String("devicemodel") && r.method == QLatin1String("GET") && path.size() == 1) {
        DeviceModelService *s = service(r.stationId);
        const QString refresh = r.query.queryItemValue(QStringLiteral("refresh"));
        if (refresh != QLatin1String("1") && refresh != QLatin1String("true")) {
            done(reply(200, dm::Snapshot{s->modelInfo(), s->model()}.toJson()));
            return;
        }
        auto *context = new QObject(this);
        const int op = s->fetchFull();
        connect(s, &DeviceModelService::reportCompleted, context, [s, op, done, context](int id, const dm::SnapshotInfo &) {
            if (id != op)
                return;
            context->deleteLater();
            done(reply(200, dm::Snapshot{s->modelInfo(), s->model()}.toJson()));
        });
        connect(s, &DeviceModelService::reportFailed, context, [op, done, context](int id, const QString &message, const dm::SnapshotInfo &info) {
            if (id != op)
                return;
            context->deleteLater();
            done(reply(502, QJsonObject{{QStringLiteral("error"), message}, {QStringLiteral("snapshot"), info.toJson()}}));
        });
        return;
    }
    if (what == QLatin1String("snapshots")) {
        DeviceModelService *s = service(r.stationId);
        if (path.size() == 1 && r.method == QLatin1String("GET")) {
            const auto list = s->snapshots();
            if (!list) {
                done(error(500, list.error().message, list.error().hint));
                return;
            }
            QJsonArray a;
            for (const dm::SnapshotInfo &i : list.value())
                a.append(i.toJson());
            done(reply(200, QJsonObject{{QStringLiteral("snapshots"), a}}));
            return;
        }
        if (path.size() == 1 && r.method == QLatin1String("POST")) {
            const auto id = s->saveSnapshot(QJsonDocument::fromJson(r.body).object().value(QLatin1String("label")).toString());
            done(id ? reply(201, QJsonObject{{QStringLiteral("id"), id.value()}}) : error(500, id.error().message, id.error().hint));
            return;
        }
        bool ok = false;
        const qint64 id = path.value(1).toLongLong(&ok);
        if (!ok) {
            done(error(400, tr("\"%1\" is not a snapshot id.").arg(path.value(1))));
            return;
        }
        if (path.size() == 2 && r.method == QLatin1String("GET")) {
            const auto snap = s->loadSnapshot(id);
            if (!snap || snap.value().info.stationId != r.stationId) {
                done(error(404, tr("Station %1 has no snapshot %2.").arg(r.stationId).arg(id)));
                return;
            }
            done(reply(200, snap.value().toJson()));
            return;
        }
        if (path.size() == 2 && r.method == QLatin1String("DELETE")) {
            const auto removed = s->removeSnapshot(id);
            done(removed ? reply(200, QJsonObject{}) : error(500, removed.error().message, removed.error().hint));
            return;
        }
        // GET snapshots/{a}/diff/{b|live}
        if (path.size() == 4 && path.at(2) == QLatin1String("diff") && r.method == QLatin1String("GET")) {
            Result<dm::ModelDiff> diff = path.at(3) == QLatin1String("live") ? s->diffWithLive(id) : s->diffSnapshots(id, path.at(3).toLongLong());
            if (!diff) {
                done(error(404, diff.error().message, diff.error().hint));
                return;
            }
            done(reply(200, QJsonObject{{QStringLiteral("added"), qint64(diff.value().count(dm::DiffEntry::Kind::Added))},
                                        {QStringLiteral("removed"), qint64(diff.value().count(dm::DiffEntry::Kind::Removed))},
                                        {QStringLiteral("changed"), qint64(diff.value().count(dm::DiffEntry::Kind::Changed))},
                                        {QStringLiteral("entries"), diff.value().toJson()}}));
            return;
        }
    }
    if (what == QLatin1String("profile") && path.size() == 1 && r.method == QLatin1String("POST")) {
        const auto profile = dm::CommissioningProfile::fromJson(r.body);
        if (!profile) {
            done(error(400, profile.error().message, profile.error().hint));
            return;
        }
        const auto live = m_workspace.liveStation(r.stationId);
        if (!live || !live->connected) {
            done(error(404, tr("Station \"%1\" is not connected.").arg(r.stationId), tr("Apply the profile once it is online.")));
            return;
        }
        DeviceModelService *s = service(r.stationId);
        auto *context = new QObject(this);
        const int op = s->applyProfile(profile.value());
        connect(s, &DeviceModelService::profileFinished, context, [op, done, context](int id, const dm::ProfileReport &report) {
            if (id != op)
                return;
            context->deleteLater();
            done(reply(200, report.toJson()));
        });
        return;
    }
    done(StationApiReply{});
}

} // namespace cb
