#pragma once

#include "rpc/rpcerrorcode.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace cb {

// One way a payload breaks its schema: where (JSON pointer), which rule, and the RPC error code
// a receiver answers with.
struct Violation
{
    QString path; // JSON pointer, e.g. "/chargingStation/model"
    QString rule; // e.g. "longer than maxLength 20"
    RpcErrorCode code = RpcErrorCode::FormatViolation;

    QString text() const { return path + QStringLiteral(": ") + rule; }
    QJsonObject toJson() const;
    bool operator==(const Violation &) const = default;
};

using Violations = QList<Violation>;

// "path: rule; path: rule" for messages and CALLERROR descriptions.
QString describe(const Violations &violations);
// {"violations":[{"path":..,"rule":..,"code":..}]} for CALLERROR errorDetails.
QJsonObject violationDetails(const Violations &violations);

} // namespace cb
