#pragma once

#include "operationargs.h"
#include "operationresult.h"

#include <optional>

namespace cb {

// An operation as a functional block defines it: the description every front end reads, and
// the block's mapping of version-neutral arguments onto the CALL of each version.
struct OperationDefinition
{
    OperationSpec spec;
    // Called with arguments already checked against the spec for a version the spec supports.
    // May still refuse what only the version rules out (a 1.6 transaction id that is no integer).
    std::function<Result<OcppRequest>(OcppVersion, const OperationArgs &)> build;
    // Refines a result built from the answer's status: nested statuses, version-neutral data.
    std::function<void(OperationResult &)> interpret;
};

// The operation, checked and built for one version, or why nothing may be sent.
struct PreparedOperation
{
    const OperationDefinition *definition = nullptr;
    OcppRequest request;
    std::optional<OperationResult> refusal; // set: send nothing, answer this
};

// Every CSMS-initiated operation of every functional block, in one table: the API lists it
// (GET /api/operations), the CLI parses options from it, the Actions tab draws its inputs from
// it, and a plan step names its entries. Read-only after construction; any thread.
class OperationTable
{
public:
    static const OperationTable &instance();

    const QList<OperationDefinition> &definitions() const { return m_definitions; }
    const OperationDefinition *find(const QString &name) const;
    QStringList names() const;
    // The operations a version can do, in table order.
    QList<const OperationDefinition *> forVersion(OcppVersion v) const;

    // Checks that the operation exists, that the version can do it and the arguments, then
    // builds the CALL. Refusals say what was wrong and what is allowed.
    PreparedOperation prepare(const QString &name, OcppVersion version, const QJsonObject &args,
                              const QString &station = {}) const;

    QJsonArray toJson() const;

    // A fresh requestId / remoteStartId for operations that need one and were not given one.
    static qint64 nextRequestId();

private:
    OperationTable();
    QList<OperationDefinition> m_definitions;
};

} // namespace cb
