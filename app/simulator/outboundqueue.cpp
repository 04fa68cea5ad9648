#include "outboundqueue.h"

#include "simulatorlogging.h"

namespace cb::sim {

OutboundQueue::OutboundQueue(QObject *parent) : QObject(parent)
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &OutboundQueue::pump);
}

void OutboundQueue::setEndpoint(RpcEndpoint *rpc)
{
    m_rpc = rpc;
    ++m_generation;
    m_inFlight = false; // an outstanding call on the old endpoint completes as Closed
    pump();
}

void OutboundQueue::setOpen(bool open)
{
    m_open = open;
    pump();
}

void OutboundQueue::setRetry(int maxAttempts, std::chrono::milliseconds interval)
{
    m_maxAttempts = std::max(1, maxAttempts);
    m_retryInterval = interval;
}

void OutboundQueue::enqueue(const QString &action, Builder build, CallCallback done)
{
    m_items.push_back(Item{action, std::move(build), std::move(done), 0});
    pump();
}

void OutboundQueue::pump()
{
    while (!m_inFlight && !m_items.empty() && m_open && m_rpc && !m_retry.isActive()) {
        Item &item = m_items.front();
        const std::optional<QJsonObject> payload = item.build();
        if (!payload) {
            m_items.pop_front();
            if (isIdle())
                Q_EMIT drained();
            continue;
        }
        ++item.attempts;
        m_inFlight = true;
        const quint64 generation = m_generation;
        m_rpc->call(item.action, *payload, [this, generation](const CallOutcome &o) { onOutcome(generation, o); });
    }
}

void OutboundQueue::onOutcome(quint64 generation, const CallOutcome &o)
{
    if (generation != m_generation || m_items.empty())
        return;
    m_inFlight = false;
    Item &item = m_items.front();
    using S = CallOutcome::Status;
    switch (o.status) {
    case S::Closed:
        // Offline: the message stays first in line for the next connection.
        --item.attempts;
        return;
    case S::Timeout:
    case S::CallError:
        if (item.attempts < m_maxAttempts) {
            qCInfo(lcSimulator) << item.action << "not processed, retrying:" << o.describe();
            m_retry.start(m_retryInterval);
            return;
        }
        Q_EMIT dropped(item.action, o.describe());
        break;
    case S::InvalidRequest:
        Q_EMIT invalidPayload(item.action, o.describe());
        break;
    case S::InvalidResponse:
    case S::MalformedReply:
    case S::Result:
        break;
    }
    Item done = std::move(item);
    m_items.pop_front();
    if (done.done)
        done.done(o);
    if (isIdle())
        Q_EMIT drained();
    pump();
}

} // namespace cb::sim
