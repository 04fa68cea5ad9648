#pragma once

#include "common/result.h"
#include "rpc/ocppversion.h"
#include "rpc/rpcendpoint.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace cb {
struct StationSnapshot;
}

// The payloads behind the actions panel's buttons, per OCPP version, as plain functions (no
// widgets) so each can be checked against the version's schema. Where the versions differ in
// names and shapes (RemoteStartTransaction vs RequestStartTransaction, connectorId vs evse), the
// functions take the union of the inputs and use what the version has.
namespace cb::stationactions {

struct Request
{
    QString action;
    QJsonObject payload;
};

// Enumerations read from the version's request schemas.
QStringList resetTypes(OcppVersion v);      // 1.6 Hard, Soft; 2.x Immediate, OnIdle (2.1 also ImmediateAndResume)
QStringList triggerMessages(OcppVersion v); // every MessageTrigger value of the version
// 2.0.1: IdTokenEnumType. 2.1 made it a free string; its appendix lists the standard values
// (IdTokenEnumStringType). 1.6 has no token type.
QStringList idTokenTypes(OcppVersion v);
int idTokenMaxLength(OcppVersion v);        // 1.6 idTag 20, 2.0.1 36, 2.1 255

// evseId: 2.x only (empty = the whole station).
Request reset(OcppVersion v, const QString &type, std::optional<int> evseId = std::nullopt);
// 1.6: connectorId (0 = the whole charge point; evseId is ignored). 2.x: evse {id, connectorId}
// when evseId is given, else the whole station.
Request changeAvailability(OcppVersion v, bool operative, std::optional<int> evseId, std::optional<int> connectorId);
// 1.6 uses connectorId only.
Request unlockConnector(OcppVersion v, int evseId, int connectorId);
// 1.6: connectorId. 2.x: evse {id, connectorId} when evseId is given. customTrigger: 2.1, sent
// with requestedMessage CustomTrigger.
Request triggerMessage(OcppVersion v, const QString &message, std::optional<int> evseId = std::nullopt,
                       std::optional<int> connectorId = std::nullopt, const QString &customTrigger = {});
// 1.6 RemoteStartTransaction {idTag, connectorId?}; 2.x RequestStartTransaction
// {idToken {idToken, type}, remoteStartId, evseId?}. evseOrConnector is the connector in 1.6.
Request startTransaction(OcppVersion v, const QString &idToken, const QString &tokenType, int remoteStartId,
                         std::optional<int> evseOrConnector = std::nullopt);
// 1.6 RemoteStopTransaction (the id must be an integer); 2.x RequestStopTransaction.
Result<Request> stopTransaction(OcppVersion v, const QString &transactionId);
Request clearCache(OcppVersion v);
// messageId and data are left out when empty. 1.6 data is a string; 2.x data is any JSON and is
// sent as a string too (the composer sends other shapes).
Request dataTransfer(OcppVersion v, const QString &vendorId, const QString &messageId, const QString &data);

// Actions that interrupt charging or lose state, which the panel confirms first: Reset,
// ChangeAvailability to Inoperative, UnlockConnector, stopping a transaction, ClearCache.
bool isDestructive(const Request &request);

// Transactions the snapshot shows running, newest first (what "stop" is preselected with).
QStringList activeTransactionIds(const StationSnapshot &snapshot);

// How an answer reads next to its button: the status and any statusInfo for a reply; the
// reason in words otherwise (CALLERROR, timeout, invalid reply).
QString answerText(const CallOutcome &outcome);
enum class Tone { Good, Refused, Failed };
// Good: Accepted/Scheduled/Unlocked...; Refused: a valid answer saying no; Failed: no valid answer.
Tone answerTone(const CallOutcome &outcome);

} // namespace cb::stationactions
