#include "stationsettings.h"

namespace cb::sim {

namespace {
const QString kComm = QStringLiteral("OCPPCommCtrlr");
const QString kSampled = QStringLiteral("SampledDataCtrlr");
const QString kTx = QStringLiteral("TxCtrlr");
} // namespace

QStringList StationSettings::list(const QString &csl)
{
    QStringList out;
    for (const QString &s : csl.split(QLatin1Char(','), Qt::SkipEmptyParts))
        out << s.trimmed();
    return out;
}

int StationSettings::heartbeatIntervalS() const
{
    return m_model ? m_model->intValue(kComm, QStringLiteral("HeartbeatInterval"), 300) : m_keys->intValue(QStringLiteral("HeartbeatInterval"), 300);
}

void StationSettings::setHeartbeatIntervalS(int s)
{
    if (m_model)
        m_model->setValue(kComm, QStringLiteral("HeartbeatInterval"), QString::number(s));
    else
        m_keys->setValue(QStringLiteral("HeartbeatInterval"), QString::number(s));
}

int StationSettings::meterIntervalS() const
{
    return m_model ? m_model->intValue(kSampled, QStringLiteral("TxUpdatedInterval"), 60)
                   : m_keys->intValue(QStringLiteral("MeterValueSampleInterval"), 60);
}

QStringList StationSettings::updatedMeasurands() const
{
    return list(m_model ? m_model->value(kSampled, QStringLiteral("TxUpdatedMeasurands")) : m_keys->value(QStringLiteral("MeterValuesSampledData")));
}

QStringList StationSettings::startedMeasurands() const
{
    return m_model ? list(m_model->value(kSampled, QStringLiteral("TxStartedMeasurands"))) : QStringList{QStringLiteral("Energy.Active.Import.Register")};
}

QStringList StationSettings::endedMeasurands() const
{
    return list(m_model ? m_model->value(kSampled, QStringLiteral("TxEndedMeasurands")) : m_keys->value(QStringLiteral("StopTxnSampledData")));
}

bool StationSettings::authorizeRemoteStart() const
{
    return m_model ? m_model->boolValue(QStringLiteral("AuthCtrlr"), QStringLiteral("AuthorizeRemoteStart"))
                   : m_keys->boolValue(QStringLiteral("AuthorizeRemoteTxRequests"));
}

bool StationSettings::stopOnEvSideDisconnect() const
{
    return m_model ? m_model->boolValue(kTx, QStringLiteral("StopTxOnEVSideDisconnect"), true)
                   : m_keys->boolValue(QStringLiteral("StopTransactionOnEVSideDisconnect"), true);
}

bool StationSettings::stopOnInvalidId() const
{
    return m_model ? m_model->boolValue(kTx, QStringLiteral("StopTxOnInvalidId"), true)
                   : m_keys->boolValue(QStringLiteral("StopTransactionOnInvalidId"), true);
}

int StationSettings::connectionTimeoutS() const
{
    return m_model ? m_model->intValue(kTx, QStringLiteral("EVConnectionTimeOut"), 60) : m_keys->intValue(QStringLiteral("ConnectionTimeOut"), 60);
}

int StationSettings::backOffMinimumS() const
{
    return m_model ? m_model->intValue(kComm, QStringLiteral("RetryBackOffWaitMinimum"), m_backOffMinimumS) : m_backOffMinimumS;
}

int StationSettings::backOffRandomRangeS() const
{
    return m_model ? m_model->intValue(kComm, QStringLiteral("RetryBackOffRandomRange"), m_backOffRandomRangeS) : m_backOffRandomRangeS;
}

int StationSettings::backOffRepeatTimes() const
{
    return m_model ? m_model->intValue(kComm, QStringLiteral("RetryBackOffRepeatTimes"), 5) : 5;
}

QByteArray StationSettings::password() const
{
    const QString p = m_model ? m_model->value(QStringLiteral("SecurityCtrlr"), QStringLiteral("BasicAuthPassword"))
                              : m_keys->value(QStringLiteral("AuthorizationKey"));
    return p.toUtf8();
}

QString StationSettings::organization() const
{
    return m_model ? m_model->value(QStringLiteral("SecurityCtrlr"), QStringLiteral("OrganizationName")) : m_keys->value(QStringLiteral("CpoName"));
}

} // namespace cb::sim
