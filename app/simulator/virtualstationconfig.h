#pragma once

#include "rpc/ocppversion.h"
#include "transport/serverconfig.h"

#include <QByteArray>
#include <QSslConfiguration>
#include <QString>
#include <QUrl>

#include <chrono>
#include <optional>

namespace cb::sim {

// Everything that makes one virtual charging station: where it connects, who it is, its
// hardware and how fast its clock runs.
struct VirtualStationConfig
{
    QUrl url;                       // ws[s]://host:port/path; the identity is appended
    QString identity;
    OcppVersion version = OcppVersion::V201;
    int evses = 1;                  // 1.6: the connectors (each its own "EVSE")
    int connectorsPerEvse = 1;      // 2.0.1 and 2.1 only

    SecurityProfile profile = SecurityProfile::None;
    QByteArray password;            // Basic auth, profiles 1 and 2
    std::optional<QSslConfiguration> tls; // CA to trust, and for profile 3 the client certificate and key

    QString vendor = QStringLiteral("ChargeBench");
    QString model = QStringLiteral("VirtualCharger");
    QString serialNumber;           // empty: derived from the identity
    QString firmwareVersion = QStringLiteral("1.4.2");
    QString organization = QStringLiteral("ChargeBench Demo CPO");

    // How long one protocol second lasts on this station's clock. Intervals the CSMS sets
    // (heartbeat, meter values, boot retries, back-off) are in protocol seconds; tests and demos
    // shorten this to run a whole charging session in a moment.
    int secondMs = 1000;
    std::chrono::milliseconds responseTimeout{30000};
    int meterIntervalS = 60;        // TxUpdatedInterval / MeterValueSampleInterval at start-up
    int reportItemsPerMessage = 50; // DeviceDataCtrlr.ItemsPerMessage[GetReport]
    // Tests and benchmarks: this many extra writable variables (component BenchCtrlr, variable
    // Value, instances 0..n-1; data types cycling decimal, integer, boolean, string), and a fault
    // in the NotifyReport paging: "reverse" (last page first), "duplicate" (every page twice),
    // "drop:N" (page seqNo N never sent).
    int extraVariables = 0;
    QString reportPagingFault;
    int backOffMinimumS = 5;        // RetryBackOffWaitMinimum
    int backOffRandomRangeS = 10;   // RetryBackOffRandomRange
    int bootRetryDefaultS = 30;     // Pending/Rejected with interval 0, or a failed BootNotification

    // The simulated driver and EV.
    int phases = 3;
    double maxCurrentA = 32;        // per phase, what the EVSE can offer
    double evMaxCurrentA = 16;      // what the EV draws when charging
    double nominalVoltage = 230;
    QString idToken = QStringLiteral("VIRTUAL0001");
    int plugDelayS = 2;             // after a remote start, the driver plugs in this much later
    bool autoUnplug = true;         // after a session ends, the driver unplugs plugDelayS later
    int rebootS = 2;                // time a Reset keeps the station offline
};

} // namespace cb::sim
