#pragma once

#include "devicemodel/commissioningprofile.h"

#include <QCoreApplication>

#include <functional>

namespace cb {

struct DeviceModelContext;

// Applies a commissioning profile: checks appliesTo against the station's BootNotification,
// writes and verifies the values, and when some need a reboot and the profile allows it, resets
// once and re-reads those.
class ProfileRunner
{
    Q_DECLARE_TR_FUNCTIONS(cb::DeviceModelService)
public:
    explicit ProfileRunner(DeviceModelContext &context);

    // `done` gets the whole report; rebootRequired of the service is emitted before a Reset.
    void run(int op, const dm::CommissioningProfile &profile, std::function<void(const dm::ProfileReport &)> done);

private:
    DeviceModelContext &d;
};

} // namespace cb
