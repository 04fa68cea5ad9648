#pragma once

#include "operationspec.h"

#include <QHash>

#include <optional>

namespace cb {

// The arguments of one operation after OperationArgs::check: every name is a parameter the
// version has, every value has the parameter's type and lies within its limits, every
// required one is there, and defaults are filled in. Builders read them without checking again.
class OperationArgs
{
public:
    // `raw` as received (API JSON, the Actions tab's inputs, a plan step). Errors say which
    // parameter, what was wrong and what is allowed.
    static Result<OperationArgs> check(const OperationSpec &spec, OcppVersion version, const QJsonObject &raw);
    // Command-line text (--name VALUE) to JSON values by each parameter's type, before check().
    // Unknown names are kept as strings so check() reports them with the allowed names.
    static Result<QJsonObject> fromStrings(const OperationSpec &spec, const QHash<QString, QString> &text);

    bool has(const QString &name) const { return m_values.contains(name); }
    std::optional<qint64> integer(const QString &name) const;
    QString string(const QString &name) const;
    bool boolean(const QString &name) const { return m_values.value(name).toBool(); }
    QJsonValue value(const QString &name) const { return m_values.value(name); }
    const QJsonObject &values() const { return m_values; }

private:
    QJsonObject m_values;
};

} // namespace cb
