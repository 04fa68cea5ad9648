#pragma once

#include "schemacatalog.h"
#include "violation.h"

#include <QHash>
#include <QJsonObject>
#include <QMutex>

#include <array>
#include <memory>

namespace cb {

// Validates OCPP payloads against the official schemas with valijson over QJsonValue.
// Schemas are compiled on first use and shared; validate() may be called from any thread.
// Catalogue schemas are also compiled into a PayloadChecker, which accepts valid payloads
// without valijson's per-value string copies; valijson runs only when it does not (to say what
// is wrong) or when the schema uses a form the checker does not implement.
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
    // Always with valijson alone: the reference the fast checker is tested against.
    Violations validate(const QJsonObject &schema, const QJsonObject &payload) const;

    const SchemaCatalog &catalog() const { return m_catalog; }

private:
    struct Compiled;
    // Never null for a known schema; entries are never removed, so the pointer stays valid.
    const Compiled *compiled(OcppVersion v, const QString &action, PayloadKind kind) const;
    static std::shared_ptr<const Compiled> compile(const QJsonObject &schema, bool withChecker);
    static Violations run(const Compiled &c, const QJsonObject &payload);

    const SchemaCatalog &m_catalog;
    mutable QMutex m_mutex;
    // Per version and payload kind, by action; null entries remember "no such schema".
    mutable std::array<std::array<QHash<QString, std::shared_ptr<const Compiled>>, 3>, 3> m_cache;
};

} // namespace cb
