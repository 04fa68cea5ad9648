#pragma once

#include "rpc/ocppversion.h"
#include "transport/stationconnection.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace cb {

// What a charger said about itself in BootNotification, whatever its version.
struct BootInfo
{
    QString vendor;
    QString model;
    QString serialNumber;
    QString firmwareVersion;
    QString iccid;
    QString imsi;
    QString meterType;
    QString meterSerialNumber;
    QString reason; // 2.x BootReason; empty in 1.6
    QDateTime receivedAt;
};

// Status of one connector. 1.6 numbers connectors 1..n (0 = the charge point) and has no EVSE;
// it is stored here with evseId = connectorId so both versions key the same way.
struct ConnectorStatus
{
    int evseId = 0;
    int connectorId = 0;
    QString status;          // 1.6 ChargePointStatus or 2.x ConnectorStatusEnumType
    QString errorCode;       // 1.6 ChargePointErrorCode; 2.x has none in StatusNotification
    QString info;
    QString vendorErrorCode;
    QDateTime timestamp;
};

// One sampled value, normalised: the multiplier of 2.x is applied, 1.6 string values parsed.
struct MeterSample
{
    QDateTime timestamp;
    int evseId = 0;
    int connectorId = 0;
    QString transactionId;
    QString measurand = QStringLiteral("Energy.Active.Import.Register");
    QString phase;
    QString unit;
    QString context;
    double value = 0;
};

struct TransactionRecord
{
    QString transactionId;    // 1.6 integer as text, 2.x string
    int evseId = 0;
    int connectorId = 0;
    QString idToken;
    QDateTime started;
    QDateTime ended;
    std::optional<double> meterStartWh;
    std::optional<double> meterStopWh;
    QString stopReason;
    int lastSeqNo = -1;       // 2.x TransactionEvent seqNo
    bool active = true;
};

// A copy of everything known about one station, safe to hand to other threads.
struct StationSnapshot
{
    QString identity;
    std::optional<OcppVersion> version;
    bool connected = false;
    ConnectionInfo connection; // the current or last connection
    BootInfo boot;
    QString registrationStatus; // what the last BootNotification was answered with
    QDateTime lastHeartbeat;
    QDateTime lastSeen;
    QList<ConnectorStatus> connectors;
    QList<TransactionRecord> transactions; // most recent last
    QList<MeterSample> latestMeterValues;  // last sample of each measurand/phase/connector
    QJsonObject lastNotifications;         // action -> payload of the last status-like CALL
    QJsonObject lastOperations;            // operation -> {result, text, at} of the last one run

    QJsonObject toJson() const;
    // Transactions running now, newest first (what "stop" is preselected with).
    QStringList activeTransactionIds() const;
};

QJsonObject toJson(const ConnectorStatus &c);
QJsonObject toJson(const MeterSample &m);
QJsonObject toJson(const TransactionRecord &t);

} // namespace cb
