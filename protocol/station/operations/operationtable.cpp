#include "operationtable.h"

#include "operationhelpers.h"
#include "station/blocks/authorizationblock.h"
#include "station/blocks/availabilityblock.h"
#include "station/blocks/datatransferblock.h"
#include "station/blocks/diagnosticsblock.h"
#include "station/blocks/firmwareblock.h"
#include "station/blocks/provisioningblock.h"
#include "station/blocks/remotecontrolblock.h"
#include "station/blocks/securityblock.h"

#include <QDateTime>

#include <atomic>

namespace cb {

using namespace ops;

OperationTable::OperationTable()
{
    for (const auto &blockOperations : {ProvisioningBlock::operations(), AvailabilityBlock::operations(), RemoteControlBlock::operations(),
                                        AuthorizationBlock::operations(), DataTransferBlock::operations(), SecurityBlock::operations(),
                                        FirmwareBlock::operations(), DiagnosticsBlock::operations()})
        m_definitions += blockOperations;
}

const OperationTable &OperationTable::instance()
{
    static const OperationTable table;
    return table;
}

const OperationDefinition *OperationTable::find(const QString &name) const
{
    for (const OperationDefinition &d : m_definitions)
        if (d.spec.name == name)
            return &d;
    return nullptr;
}

QStringList OperationTable::names() const
{
    QStringList out;
    for (const OperationDefinition &d : m_definitions)
        out << d.spec.name;
    return out;
}

QList<const OperationDefinition *> OperationTable::forVersion(OcppVersion v) const
{
    QList<const OperationDefinition *> out;
    for (const OperationDefinition &d : m_definitions)
        if (d.spec.supports(v))
            out << &d;
    return out;
}

PreparedOperation OperationTable::prepare(const QString &name, OcppVersion version, const QJsonObject &args, const QString &station) const
{
    PreparedOperation p;
    p.definition = find(name);
    if (!p.definition) {
        p.refusal = OperationResult::refused(OperationResult::Kind::InvalidParameters, name, station,
                                             Text::tr("There is no operation \"%1\". Operations: %2.").arg(name, names().join(QStringLiteral(", "))));
        return p;
    }
    const OperationSpec &spec = p.definition->spec;
    if (!spec.supports(version)) {
        p.refusal = OperationResult::refused(OperationResult::Kind::NotSupported, name, station,
                                             Text::tr("OCPP %1 has no %2 (%3); only %4 can do it.").arg(versionName(version), spec.displayTitle(), name, spec.versionList()));
        p.refusal->version = version;
        return p;
    }
    auto checked = OperationArgs::check(spec, version, args);
    auto built = checked ? p.definition->build(version, checked.value()) : Result<OcppRequest>(checked.error());
    if (!built) {
        p.refusal = OperationResult::refused(OperationResult::Kind::InvalidParameters, name, station, built.error().text());
        p.refusal->version = version;
        p.refusal->reason = built.error().message;
        return p;
    }
    p.request = built.value();
    return p;
}

QJsonArray OperationTable::toJson() const
{
    QJsonArray out;
    for (const OperationDefinition &d : m_definitions)
        out.append(d.spec.toJson());
    return out;
}

qint64 OperationTable::nextRequestId()
{
    // Seeded from the clock so a restarted ChargeBench does not reuse the ids a station still
    // remembers from the previous run; well inside the 32-bit integers OCPP's schemas mean.
    static std::atomic<qint64> next{QDateTime::currentSecsSinceEpoch() % 1000000 * 1000};
    return ++next;
}

} // namespace cb
