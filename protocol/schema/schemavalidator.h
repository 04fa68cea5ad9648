#pragma once

#include "schemacatalog.h"
#include "violation.h"

#include <QJsonObject>
#include <QMutex>

#include <array>
#include <functional>
#include <memory>
#include <string_view>
#include <unordered_map>

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
    // libstdc++'s string hash: Qt's AES string hash is slow on the machines we measured (12 % of
    // a pcap import, with the enum lookups of PayloadChecker).
    struct ActionHash
    {
        std::size_t operator()(const QString &s) const noexcept
        {
            return std::hash<std::u16string_view>{}(std::u16string_view(reinterpret_cast<const char16_t *>(s.constData()), std::size_t(s.size())));
        }
    };
    // Per version and payload kind, by action; null entries remember "no such schema".
    mutable std::array<std::array<std::unordered_map<QString, std::shared_ptr<const Compiled>, ActionHash>, 3>, 3> m_cache;
};

} // namespace cb
