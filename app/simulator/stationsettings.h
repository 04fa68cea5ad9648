#pragma once

#include "configurationkeys.h"
#include "devicemodel.h"

#include <QByteArray>
#include <QStringList>

namespace cb::sim {

// The settings the virtual station acts on, whatever the version: read from the 2.x device
// model or from the 1.6 configuration keys, so the behaviour follows what the CSMS configured.
class StationSettings
{
public:
    // 1.6 has no back-off keys: the given values apply there.
    StationSettings(DeviceModel *model, ConfigurationKeys *keys, int backOffMinimumS, int backOffRandomRangeS)
        : m_model(model), m_keys(keys), m_backOffMinimumS(backOffMinimumS), m_backOffRandomRangeS(backOffRandomRangeS)
    {
    }

    int heartbeatIntervalS() const;
    void setHeartbeatIntervalS(int s);
    int meterIntervalS() const;           // TxUpdatedInterval / MeterValueSampleInterval
    QStringList updatedMeasurands() const;
    QStringList startedMeasurands() const;
    QStringList endedMeasurands() const;
    bool authorizeRemoteStart() const;    // AuthorizeRemoteStart / AuthorizeRemoteTxRequests
    bool stopOnEvSideDisconnect() const;
    bool stopOnInvalidId() const;
    int connectionTimeoutS() const;       // EVConnectionTimeOut / ConnectionTimeOut
    int backOffMinimumS() const;
    int backOffRandomRangeS() const;
    int backOffRepeatTimes() const;
    // A password the CSMS set (BasicAuthPassword / AuthorizationKey); empty when none.
    QByteArray password() const;
    QString organization() const;

private:
    static QStringList list(const QString &csl);

    DeviceModel *m_model;
    ConfigurationKeys *m_keys;
    int m_backOffMinimumS;
    int m_backOffRandomRangeS;
};

} // namespace cb::sim
