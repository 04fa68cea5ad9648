#pragma once

#include "rpc/ocppversion.h"

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <array>

namespace cb {

// Which payload of an action a schema describes. SEND payloads (OCPP 2.1) have no reply.
enum class PayloadKind { Request, Response, Send };

QString payloadKindName(PayloadKind k); // "request", "response", "send"

// The official OCA JSON schemas of every version, embedded unmodified as Qt resources
// (:/schemas/ocpp1_6.json, ...). Each file is an array of schemas whose $id names the action and
// the payload kind: "urn:Heartbeat.req"/".conf" (1.6, 2.0.1), "urn:HeartbeatRequest"/"Response"
// and "urn:NotifyPeriodicEventStream" for SEND (2.1). Loaded once, read-only afterwards, so it is
// safe to use from any thread.
class SchemaCatalog
{
public:
    static const SchemaCatalog &instance();

    // Actions with a request and a response schema, sorted by name.
    QStringList actions(OcppVersion v) const;
    // Actions that travel only as SEND (2.1: NotifyPeriodicEventStream).
    QStringList sendActions(OcppVersion v) const;
    bool knowsAction(OcppVersion v, const QString &action) const;
    bool isSendAction(OcppVersion v, const QString &action) const;

    // The schema, or an empty object when the version has none for that action and kind.
    QJsonObject schema(OcppVersion v, const QString &action, PayloadKind kind) const;
    bool hasSchema(OcppVersion v, const QString &action, PayloadKind kind) const;

    // Total number of schemas loaded for a version (for diagnostics and tests).
    int schemaCount(OcppVersion v) const;

    // Where the schemas came from, for the About box: package name and licence.
    static QString attribution();

    // Exposed for tests: builds a catalog from the given arrays instead of the resources.
    SchemaCatalog(const std::array<QByteArray, 3> &files);

private:
    struct Entry
    {
        QJsonObject request;
        QJsonObject response;
        QJsonObject send;
    };
    struct PerVersion
    {
        QHash<QString, Entry> entries;
        QStringList actions;
        QStringList sendActions;
        int count = 0;
    };
    const PerVersion &of(OcppVersion v) const { return m_versions[size_t(v)]; }
    std::array<PerVersion, 3> m_versions;
};

} // namespace cb
