#pragma once

#include "rpc/rpcendpoint.h"

#include <QDateTime>
#include <QString>

namespace cb {

class StationSession;
struct OperationResult;

// One OCPP functional block as the CSMS sees it: it registers handlers for the station-initiated
// actions it owns on a connection's endpoint and keeps its part of the session's state.
class FunctionalBlock
{
public:
    explicit FunctionalBlock(StationSession &session) : m_session(session) {}
    virtual ~FunctionalBlock() = default;
    FunctionalBlock(const FunctionalBlock &) = delete;
    FunctionalBlock &operator=(const FunctionalBlock &) = delete;

    // Lower-case id, also the "block" of the operations it offers ("provisioning").
    virtual QString name() const = 0;
    // Registers this block's handlers for the endpoint's version.
    virtual void attach(RpcEndpoint &rpc) = 0;
    // One of this block's operations ended (sent or refused): the block keeps its slice of state.
    virtual void operationFinished(const OperationResult &) {}

protected:
    StationSession &session() { return m_session; }
    // OCPP dateTime: UTC, RFC 3339 with milliseconds and "Z".
    static QString now();

private:
    StationSession &m_session;
};

} // namespace cb
