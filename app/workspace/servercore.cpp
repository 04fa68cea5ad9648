#include "servercore.h"

#include "capture/secretmasking.h"
#include "secrets/secretstore.h"
#include "station/stationregistry.h"
#include "storage/stationrepository.h"
#include "transport/csmsserver.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>

namespace cb {

namespace {

CaptureRecord frameRecord(const ConnectionInfo &info, const FrameEvent &e)
{
    CaptureRecord r;
    r.kind = CaptureRecord::Kind::Frame;
    r.timestampUs = e.timestampUs;
    r.stationId = info.identity;
    r.connectionId = info.connectionId;
    r.outgoing = e.direction == FrameEvent::Direction::Out;
    r.messageType = e.type ? int(*e.type) : 0;
    r.messageId = e.messageId;
    r.action = e.action;
    r.data = e.text;
    r.problem = e.problem.isEmpty() ? describe(e.violations) : e.problem;
    return r;
}

} // namespace

ServerCore::ServerCore(CaptureWriter &capture, QObject *parent)
    : QObject(parent), m_capture(capture), m_secrets(new SecretStore, [](SecretStore *s) { s->deleteLater(); })
{
    // Made on the thread that makes this object (the main thread) and, having no parent, stays
    // there when this object moves to the server thread.
}

ServerCore::~ServerCore() = default;

Status<> ServerCore::start(const WorkspaceConfig &config)
{
    if (auto opened = m_db.open(config.databasePath); !opened)
        return opened;
    m_keepSecrets = config.keepSecretsInCapture;
    m_server = std::make_unique<CsmsServer>();
    m_registry = std::make_unique<StationRegistry>(*m_server);
    m_registry->policy() = config.policy;

    m_server->setFrameSink([this](const ConnectionInfo &info, const FrameEvent &e) { record(frameRecord(info, e)); });
    // The keychain is read on the application's main thread, where m_secrets lives: qtkeychain
    // queues every job through one executor object on the thread that used it first (the main
    // thread: settings dialog, CLI) and tells it of each finished job by a queued call; a job that
    // finished and was deleted here, on the server thread, was then used there after it was gone.
    // The answer comes back to this thread; when the server is gone by then it is dropped.
    m_server->setPasswordLookup([this](const QString &identity, std::function<void(std::optional<QByteArray>)> done) {
        QPointer<ServerCore> self(this);
        SecretStore *store = m_secrets.get();
        QMetaObject::invokeMethod(store, [self, store, identity, done] {
            store->read(SecretStore::stationPasswordKey(identity), [self, done](Result<std::optional<QByteArray>> r) {
                // On the main thread, which stops the server thread itself: a live pointer here
                // means the server thread still runs and will take the answer.
                if (!self)
                    return;
                QMetaObject::invokeMethod(self.data(), [self, done, r] {
                    if (!r) {
                        Q_EMIT self->storageProblem(r.error().text());
                        done(std::nullopt);
                        return;
                    }
                    done(r.value());
                });
            });
        });
    });
    connect(m_server.get(), &CsmsServer::connectionOpened, this, [this](StationConnection *c) { onOpened(c->info()); });
    connect(m_server.get(), &CsmsServer::connectionClosed, this, &ServerCore::onClosed);
    connect(m_server.get(), &CsmsServer::connectionRefused, this, &ServerCore::connectionRefused);
    connect(m_registry.get(), &StationRegistry::meterSamples, this, &ServerCore::meterSamples);
    connect(m_registry.get(), &StationRegistry::deviceModelReport, this, &ServerCore::deviceModelReport);
    connect(m_registry.get(), &StationRegistry::stationChanged, this, [this](const StationSnapshot &s) {
        saveStation(s);
        Q_EMIT stationChanged(s);
    });
    return m_server->start(config.server);
}

void ServerCore::stop()
{
    if (m_server) {
        m_server->stop();
        // Give the stations a moment to answer the close (1001) so they see a clean shutdown.
        QDeadlineTimer deadline(1000);
        while (!m_server->connections().isEmpty() && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    m_db.close();
}

void ServerCore::onOpened(const ConnectionInfo &info)
{
    CaptureRecord r;
    r.kind = CaptureRecord::Kind::ConnectionOpened;
    r.timestampUs = nowMicroseconds();
    r.stationId = info.identity;
    r.connectionId = info.connectionId;
    QJsonObject details = QJsonDocument::fromJson(info.handshakeJson).object();
    details.insert(QStringLiteral("remote"), QStringLiteral("%1:%2").arg(info.remoteAddress.toString()).arg(info.remotePort));
    details.insert(QStringLiteral("subprotocol"), subprotocolName(info.version));
    details.insert(QStringLiteral("securityProfile"), int(info.profile));
    if (!info.compression.isEmpty())
        details.insert(QStringLiteral("compression"), QString::fromLatin1(info.compression));
    // Whoever reads the capture later must know whether payload secrets were kept (lab setting).
    details.insert(QStringLiteral("secretsMasked"), !m_keepSecrets);
    if (!info.tlsProtocol.isEmpty()) {
        details.insert(QStringLiteral("tlsProtocol"), info.tlsProtocol);
        details.insert(QStringLiteral("tlsCipher"), info.tlsCipher);
        details.insert(QStringLiteral("clientCertificate"), info.clientCertificateSubject);
    }
    r.data = QJsonDocument(details).toJson(QJsonDocument::Compact);
    record(std::move(r));
}

void ServerCore::onClosed(const ConnectionInfo &info, int code, const QString &reason)
{
    CaptureRecord r;
    r.kind = CaptureRecord::Kind::ConnectionClosed;
    r.timestampUs = nowMicroseconds();
    r.stationId = info.identity;
    r.connectionId = info.connectionId;
    r.data = QJsonDocument(QJsonObject{{QStringLiteral("closeCode"), code}, {QStringLiteral("reason"), reason}})
                 .toJson(QJsonDocument::Compact);
    record(std::move(r));
}

void ServerCore::record(CaptureRecord &&r)
{
    // The one place frames enter both the capture and the live view: masked here, the database,
    // its full-text index, exports, the API and the GUI never see the secret.
    if (!m_keepSecrets)
        secretmasking::maskRecord(r);
    if (m_liveSink)
        m_liveSink(r);
    m_capture.append(std::move(r));
}

void ServerCore::saveStation(const StationSnapshot &s)
{
    // Rare (connect, boot, disconnect, coalesced per event-loop turn) and a single short statement.
    if (!m_db.isOpen())
        return; // a last change arriving while the server stops
    // Most changes (a heartbeat, a meter value) touch nothing the table holds; writing them would
    // put an SQLite statement on the server thread for nearly every frame. Write only when a
    // stored field or the connection state changes; last_seen is written with those.
    SavedStation key{s.boot.vendor, s.boot.model, s.boot.serialNumber, s.boot.firmwareVersion, s.boot.iccid, s.boot.imsi,
                     s.version ? int(*s.version) : -1, int(s.connection.profile), s.connection.connectionId, s.connected};
    SavedStation &saved = m_savedStations[s.identity];
    if (saved == key)
        return;
    saved = std::move(key);
    StationRecord rec;
    rec.id = s.identity;
    if (s.boot.receivedAt.isValid()) {
        rec.vendor = s.boot.vendor;
        rec.model = s.boot.model;
        rec.serialNumber = s.boot.serialNumber;
        rec.firmwareVersion = s.boot.firmwareVersion;
        rec.iccid = s.boot.iccid;
        rec.imsi = s.boot.imsi;
    }
    if (s.version)
        rec.ocppVersion = versionName(*s.version);
    rec.securityProfile = int(s.connection.profile);
    rec.remoteAddress = QStringLiteral("%1:%2").arg(s.connection.remoteAddress.toString()).arg(s.connection.remotePort);
    if (auto ok = StationRepository(m_db).upsert(rec); !ok)
        Q_EMIT storageProblem(ok.error().text());
}

} // namespace cb
