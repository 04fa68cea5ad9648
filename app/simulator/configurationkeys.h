#pragma once

#include "common/result.h"
#include "configurationkey.h"
#include "placeholders.h"

#include <QJsonObject>

#include <functional>
#include <vector>

namespace cb::sim {

// The standard configuration keys of a virtual OCPP 1.6 charge point, loaded from data
// (:/simulator/configurationkeys16.json). Answers GetConfiguration and ChangeConfiguration:
// read-only keys are Rejected, unknown keys NotSupported, bad values Rejected, and some keys
// only take effect after a reboot (RebootRequired).
class ConfigurationKeys
{
public:
    using LiveValue = std::function<QString(const ConfigurationKey &)>;

    struct ChangeOutcome
    {
        QString status;                          // ConfigurationStatus
        QString why;                             // for people, when not Accepted
        const ConfigurationKey *changed = nullptr;
    };

    static Result<ConfigurationKeys> fromJson(const QByteArray &json, const Placeholders &placeholders);
    static Result<ConfigurationKeys> standard(const Placeholders &placeholders);

    void setLiveValue(LiveValue f) { m_live = std::move(f); }
    const std::vector<ConfigurationKey> &keys() const { return m_keys; }
    int size() const { return int(m_keys.size()); }

    // GetConfiguration.conf for a GetConfiguration.req; an error when more keys are asked for
    // than GetConfigurationMaxKeys allows.
    Result<QJsonObject> getConfiguration(const QJsonObject &request) const;
    ChangeOutcome change(const QString &key, const QString &value);

    const ConfigurationKey *find(const QString &key) const;
    QString value(const QString &key) const;
    int intValue(const QString &key, int fallback) const;
    bool boolValue(const QString &key, bool fallback = false) const;
    // The station's own writes (e.g. HeartbeatInterval from BootNotification); no checks.
    void setValue(const QString &key, const QString &value);

private:
    QString currentValue(const ConfigurationKey &k) const;

    std::vector<ConfigurationKey> m_keys;
    LiveValue m_live;
};

} // namespace cb::sim
