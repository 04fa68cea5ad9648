#include "stationsession.h"

#include "blocks/authorizationblock.h"
#include "blocks/availabilityblock.h"
#include "blocks/datatransferblock.h"
#include "blocks/diagnosticsblock.h"
#include "blocks/firmwareblock.h"
#include "blocks/genericresponder.h"
#include "blocks/metervaluesblock.h"
#include "blocks/provisioningblock.h"
#include "blocks/remotecontrolblock.h"
#include "blocks/securityblock.h"
#include "blocks/transactionsblock.h"
#include "operations/operationtable.h"
#include "transport/stationconnection.h"

#include <QTimer>

namespace cb {

StationSession::StationSession(QString identity, const CsmsPolicy &policy, QObject *parent)
    : QObject(parent), m_policy(policy)
{
    m_state.identity = std::move(identity);
    m_blocks.push_back(std::make_unique<ProvisioningBlock>(*this));
    m_blocks.push_back(std::make_unique<AvailabilityBlock>(*this));
    m_blocks.push_back(std::make_unique<AuthorizationBlock>(*this));
    m_blocks.push_back(std::make_unique<RemoteControlBlock>(*this));
    m_blocks.push_back(std::make_unique<TransactionsBlock>(*this));
    m_blocks.push_back(std::make_unique<MeterValuesBlock>(*this));
    m_blocks.push_back(std::make_unique<FirmwareBlock>(*this));
    m_blocks.push_back(std::make_unique<SecurityBlock>(*this));
    m_blocks.push_back(std::make_unique<DataTransferBlock>(*this));
    m_blocks.push_back(std::make_unique<DiagnosticsBlock>(*this));
    // Last: answers whatever station-initiated action no block above took.
    m_blocks.push_back(std::make_unique<GenericResponder>(*this));
}

StationSession::~StationSession() = default;

void StationSession::attach(StationConnection *connection)
{
    m_connection = connection;
    m_state.connected = true;
    m_state.version = connection->info().version;
    m_state.connection = connection->info();
    m_state.lastSeen = QDateTime::currentDateTimeUtc();
    for (auto &b : m_blocks)
        b->attach(connection->rpc());
    // Connecting and disconnecting are announced at once (not coalesced like frame-driven
    // changes), so other threads know the station before its first frame is answered.
    Q_EMIT changed(m_state);
}

void StationSession::detach(qint64 connectionId)
{
    if (!m_connection || m_connection->info().connectionId != connectionId)
        return; // an older, replaced connection closing
    m_connection = nullptr;
    m_state.connected = false;
    m_state.lastSeen = QDateTime::currentDateTimeUtc();
    Q_EMIT changed(m_state);
}

void StationSession::call(const QString &action, const QJsonObject &payload, CallCallback done,
                          std::optional<std::chrono::milliseconds> timeout)
{
    if (!m_connection) {
        CallOutcome o;
        o.status = CallOutcome::Status::Closed;
        o.action = action;
        o.errorDescription = tr("station %1 is not connected").arg(identity());
        if (done)
            done(o);
        return;
    }
    m_connection->rpc().call(action, payload, std::move(done), timeout);
}

FunctionalBlock *StationSession::block(const QString &name) const
{
    for (const auto &b : m_blocks)
        if (b->name() == name)
            return b.get();
    return nullptr;
}

void StationSession::runOperation(const QString &name, const QJsonObject &args, OperationCallback done,
                                  std::optional<std::chrono::milliseconds> timeout)
{
    const auto finish = [this, done](const OperationResult &r, const OperationDefinition *definition) {
        if (definition) {
            if (FunctionalBlock *owner = block(definition->spec.block))
                owner->operationFinished(r);
            m_state.lastOperations.insert(r.operation, QJsonObject{{QStringLiteral("result"), OperationResult::kindName(r.kind)},
                                                                   {QStringLiteral("text"), r.text},
                                                                   {QStringLiteral("at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}});
            touch();
        }
        if (done)
            done(r);
    };
    if (!m_state.version) {
        finish(OperationResult::refused(OperationResult::Kind::NotConnected, name, identity(),
                                        tr("Station %1 has not connected yet, so its OCPP version is not known.").arg(identity())),
               nullptr);
        return;
    }
    const OcppVersion version = *m_state.version;
    PreparedOperation prepared = OperationTable::instance().prepare(name, version, args, identity());
    if (prepared.refusal) {
        finish(*prepared.refusal, prepared.definition);
        return;
    }
    if (!m_connection) {
        auto r = OperationResult::refused(OperationResult::Kind::NotConnected, name, identity(),
                                          tr("Station %1 is not connected; nothing was sent.").arg(identity()));
        r.version = version;
        finish(r, prepared.definition);
        return;
    }
    const OperationDefinition *definition = prepared.definition;
    const OcppRequest request = prepared.request;
    QPointer<StationSession> self(this);
    m_connection->rpc().call(
        request.action, request.payload,
        [self, finish, definition, request, name, version](const CallOutcome &o) {
            if (!self)
                return;
            OperationResult r = OperationResult::fromOutcome(name, self->identity(), version, request, o);
            if (definition->interpret)
                definition->interpret(r);
            finish(r, definition);
        },
        timeout);
}

void StationSession::touch()
{
    m_state.lastSeen = QDateTime::currentDateTimeUtc();
    if (m_changePending)
        return;
    m_changePending = true;
    // Coalesce: a burst of frames gives one change notification, so a busy station does not copy
    // its snapshot to the other threads for every frame.
    if (m_schedule)
        m_schedule(this);
    else
        QTimer::singleShot(kChangeCoalescingMs, this, &StationSession::flushChange);
}

void StationSession::announce()
{
    m_state.lastSeen = QDateTime::currentDateTimeUtc();
    m_changePending = true; // a scheduled flush finds nothing left to do
    flushChange();
}

void StationSession::flushChange()
{
    if (!m_changePending)
        return;
    m_changePending = false;
    if (!m_pendingSamples.isEmpty()) {
        const QList<MeterSample> samples = std::exchange(m_pendingSamples, {});
        Q_EMIT meterSamples(identity(), samples);
    }
    Q_EMIT changed(m_state);
}

void StationSession::addMeterSamples(const QList<MeterSample> &samples)
{
    if (samples.isEmpty())
        return;
    for (const MeterSample &s : samples) {
        auto &latest = m_state.latestMeterValues;
        auto it = std::find_if(latest.begin(), latest.end(), [&](const MeterSample &m) {
            return m.evseId == s.evseId && m.connectorId == s.connectorId && m.measurand == s.measurand && m.phase == s.phase;
        });
        if (it == latest.end())
            latest.append(s);
        else
            *it = s;
    }
    m_pendingSamples += samples;
    touch();
}

} // namespace cb
