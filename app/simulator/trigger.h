#pragma once

#include <QString>

#include <functional>
#include <optional>

namespace cb::sim {

// A TriggerMessage (2.x, 1.6) or ExtendedTriggerMessage (1.6) the CSMS sent, version-neutral.
struct TriggerRequest
{
    QString message;                  // the requestedMessage value
    std::optional<int> evseId;        // 1.6: the connectorId
    std::optional<int> connectorId;
};

// How a block answers a trigger: the status to reply, and what to send after the reply.
struct TriggerReply
{
    QString status = QStringLiteral("Accepted"); // TriggerMessageStatus
    QString reasonCode;                          // 2.x statusInfo, optional
    std::function<void()> send;
};

} // namespace cb::sim
