#pragma once

#include "schemacatalog.h"
#include "violation.h"

#include <QHash>
#include <QJsonObject>
#include <QMutex>

#include <memory>

namespace cb {

// Validates OCPP payloads against the official schemas with valijson over QJsonValue.
// Schemas are compiled on first use and shared; validate() may be called from any thread.
class SchemaValidator
{
public:
    explicit SchemaValidator(const SchemaCatalog &catalog = SchemaCatalog::instance());
    ~SchemaValidator();

    static const SchemaValidator &shared();

    // Empty when the payload is valid. An action or kind the version has no schema for yields
    // one violation at "/" saying so.
    Violations validate(OcppVersion v, const QString &action, PayloadKind kind, const QJsonObject &payload) const;

    // Validates against an explicit schema document (used by tests and by the sample generator).
    Violations validate(const QJsonObject &schema, const QJsonObject &payload) const;

    const SchemaCatalog &catalog() const { return m_catalog; }

private:
    struct Compiled;
    std::shared_ptr<const Compiled> compiled(OcppVersion v, const QString &action, PayloadKind kind) const;
    static std::shared_ptr<const Compiled> compile(const QJsonObject &schema);
    static Violations run(const Compiled &c, const QJsonObject &payload);

    const SchemaCatalog &m_catalog;
    mutable QMutex m_mutex;
    mutable QHash<QString, std::shared_ptr<const Compiled>> m_cache;
};

} // namespace cb
