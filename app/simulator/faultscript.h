#pragma once

#include "common/result.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

class QTimer;

namespace cb::sim {

class VirtualStation;

// A timed list of faults for a virtual station, for tests, training and the CLI's --fault:
//   KIND[=ARG]@SECONDS[/EVERY]   in protocol seconds after the station first registers
//   drop@60/300              drop the connection after 60 s, then every 300 s
//   malformed@10             send a frame that is not valid OCPP-J
//   fault=GroundFailure:2@30 connector of EVSE 2 reports Faulted (default EVSE 1)
//   clear:2@90               clear that fault
//   slow=2000@0              answer the CSMS's calls 2000 ms late (slow=0 ends it)
class FaultScript : public QObject
{
    Q_OBJECT
public:
    struct Step
    {
        enum class Kind { Drop, Malformed, Fault, Clear, Slow };
        Kind kind = Kind::Drop;
        QString errorCode;  // Fault
        int evseId = 1;     // Fault, Clear
        int delayMs = 0;    // Slow
        double atS = 0;
        double everyS = 0;  // 0: once
    };

    static Result<Step> parse(const QString &spec);
    static QString syntax();

    explicit FaultScript(VirtualStation &station, QObject *parent = nullptr);
    ~FaultScript() override;

    void add(const Step &step) { m_steps.push_back(step); }
    // Arms the timers when the station registers for the first time.
    void arm();

private:
    void run(const Step &step);

    VirtualStation &m_station;
    std::vector<Step> m_steps;
    std::vector<std::unique_ptr<QTimer>> m_timers;
    bool m_armed = false;
};

} // namespace cb::sim
