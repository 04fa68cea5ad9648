#pragma once

#include "rpc/rpcendpoint.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <deque>
#include <functional>
#include <optional>

namespace cb::sim {

// Transaction-related messages of a virtual station (TransactionEvent, Start/StopTransaction,
// MeterValues during a session): kept while the station is offline or not yet accepted, sent
// one at a time and in order when it can, and retried when the CSMS does not process them
// (MessageAttempts / TransactionMessageAttempts). A payload is built when it is sent, so a
// 1.6 message can carry the transaction id that StartTransaction.conf gave.
class OutboundQueue : public QObject
{
    Q_OBJECT
public:
    // Returns the payload, or nothing when the message no longer applies.
    using Builder = std::function<std::optional<QJsonObject>()>;

    explicit OutboundQueue(QObject *parent = nullptr);

    // The connection's endpoint, or nullptr while offline.
    void setEndpoint(RpcEndpoint *rpc);
    // Whether the station may send (BootNotification accepted).
    void setOpen(bool open);
    void setRetry(int maxAttempts, std::chrono::milliseconds interval);

    void enqueue(const QString &action, Builder build, CallCallback done = {});
    bool isIdle() const { return m_items.empty() && !m_inFlight; }
    int size() const { return int(m_items.size()); }

Q_SIGNALS:
    void drained();
    // A message was given up (for the event log).
    void dropped(const QString &action, const QString &why);
    // The station built a payload that breaks the schema: a bug to report.
    void invalidPayload(const QString &action, const QString &why);

private:
    struct Item
    {
        QString action;
        Builder build;
        CallCallback done;
        int attempts = 0;
    };
    void pump();
    void onOutcome(quint64 generation, const CallOutcome &o);

    std::deque<Item> m_items;
    QPointer<RpcEndpoint> m_rpc;
    bool m_open = false;
    bool m_inFlight = false;
    quint64 m_generation = 0; // changes with each endpoint; outcomes of older ones are ignored
    int m_maxAttempts = 3;
    std::chrono::milliseconds m_retryInterval{10000};
    QTimer m_retry;
};

} // namespace cb::sim
