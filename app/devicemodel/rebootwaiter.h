#pragma once

#include "devicemodel/writeitem.h"

#include <QCoreApplication>
#include <QDateTime>

#include <functional>

namespace cb {

struct DeviceModelContext;

// Values the station accepts with RebootRequired count only after a reboot. The waiter keeps
// them, sends the Reset, waits until the station has booted again (a BootNotification after the
// Reset, accepted) and re-reads them.
class RebootWaiter
{
    Q_DECLARE_TR_FUNCTIONS(cb::DeviceModelService)
public:
    using Results = QList<dm::WriteResult>;
    using ResetDone = std::function<void(bool ok, const QString &message)>;

    explicit RebootWaiter(DeviceModelContext &context);

    // Keeps the results left AwaitingReboot for the next recheck; returns their items.
    QList<dm::WriteItem> remember(const Results &results);
    // Resets (`type` empty: the station's default) and calls `done` once the station has booted
    // again (ok) or it failed (message).
    void resetAndWait(const QString &type, ResetDone done);
    // Resets, then re-reads every item remembered; `done` gets the failure, or those results.
    void resetAndRecheck(int op, const QString &type, std::function<void(bool ok, const QString &message, const Results &results)> done);

private:
    void waitForBoot(const QDateTime &after, ResetDone done);

    DeviceModelContext &d;
    Results m_awaiting;
};

} // namespace cb
