#pragma once

#include <QHash>
#include <QString>

namespace cb::sim {

// "{name}" substitutions in the device model and configuration key data files, so one file
// describes every virtual station: {identity}, {vendor}, {evse}, {meterInterval}, ...
class Placeholders
{
public:
    void set(const QString &name, const QString &value) { m_values.insert(name, value); }
    void set(const QString &name, double value) { m_values.insert(name, QString::number(value)); }
    QString expand(QString text) const
    {
        if (!text.contains(QLatin1Char('{')))
            return text;
        for (auto it = m_values.cbegin(); it != m_values.cend(); ++it)
            text.replace(QLatin1Char('{') + it.key() + QLatin1Char('}'), it.value());
        return text;
    }

private:
    QHash<QString, QString> m_values;
};

} // namespace cb::sim
